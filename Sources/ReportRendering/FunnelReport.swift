import Varlink

/// A reply of io.trainingd.Reports.PlanFunnel.
public struct FunnelReport: Sendable, Equatable {
    /// Counts of one funnel row (io.trainingd.Reports.FunnelCounts).
    public struct Counts: Sendable, Equatable {
        public var trained: Int
        public var withPlan: Int
        public var communityAgreed: Int
        public var councilApproved: Int
        public var implementingOrCompleted: Int
        public var abandoned: Int

        public init(trained: Int, withPlan: Int, communityAgreed: Int, councilApproved: Int,
                    implementingOrCompleted: Int, abandoned: Int) {
            self.trained = trained
            self.withPlan = withPlan
            self.communityAgreed = communityAgreed
            self.councilApproved = councilApproved
            self.implementingOrCompleted = implementingOrCompleted
            self.abandoned = abandoned
        }

        /// The five stages in funnel order (abandoned is not a stage).
        public var stages: [(key: String, value: Int)] {
            [("funnel.trained", trained), ("funnel.with_plan", withPlan), ("funnel.community_agreed", communityAgreed),
             ("funnel.council_approved", councilApproved), ("funnel.implementing_or_completed", implementingOrCompleted)]
        }

        init(_ field: ReplyField) throws(ReportDecodingError) {
            self.init(trained: try field["trained_municipalities"].int(), withPlan: try field["with_plan"].int(),
                      communityAgreed: try field["community_agreed"].int(), councilApproved: try field["council_approved"].int(),
                      implementingOrCompleted: try field["implementing_or_completed"].int(), abandoned: try field["abandoned"].int())
        }
    }

    /// An oblast or district.
    public struct Area: Sendable, Equatable {
        public var code: String
        public var names: PlaceNames

        public init(code: String, names: PlaceNames) {
            self.code = code
            self.names = names
        }

        init(_ field: ReplyField) throws(ReportDecodingError) {
            self.init(code: try field["code"].string(), names: try field["name"].names())
        }
    }

    public struct District: Sendable, Equatable {
        /// nil for the cities outside any district.
        public var district: Area?
        public var counts: Counts

        public init(district: Area?, counts: Counts) {
            self.district = district
            self.counts = counts
        }
    }

    public struct Oblast: Sendable, Equatable {
        public var oblast: Area
        public var counts: Counts
        public var districts: [District]

        public init(oblast: Area, counts: Counts, districts: [District]) {
            self.oblast = oblast
            self.counts = counts
            self.districts = districts
        }
    }

    /// A trained municipality still without a plan.
    public struct Unplanned: Sendable, Equatable {
        public var code: String
        public var names: PlaceNames
        public var role: String
        public var events: [String]
        public var firstTrainedOn: String
        public var lastTrainedOn: String
        public var daysSinceTraining: Int
        public var participants: Int

        public init(code: String, names: PlaceNames, role: String, events: [String], firstTrainedOn: String,
                    lastTrainedOn: String, daysSinceTraining: Int, participants: Int) {
            self.code = code
            self.names = names
            self.role = role
            self.events = events
            self.firstTrainedOn = firstTrainedOn
            self.lastTrainedOn = lastTrainedOn
            self.daysSinceTraining = daysSinceTraining
            self.participants = participants
        }
    }

    public var oblasts: [Oblast]
    public var total: Counts
    public var withoutPlan: [Unplanned]
    public var provenance: ReportProvenance

    public init(oblasts: [Oblast], total: Counts, withoutPlan: [Unplanned], provenance: ReportProvenance) {
        self.oblasts = oblasts
        self.total = total
        self.withoutPlan = withoutPlan
        self.provenance = provenance
    }

    public init(reply: JSONValue) throws(ReportDecodingError) {
        let root = ReplyField(reply, path: "")
        var oblasts: [Oblast] = []
        for oblast in try root["oblasts"].array() {
            var districts: [District] = []
            for district in try oblast["districts"].array() {
                let area = district["district"]
                let known = area.value.map { !$0.isNull } ?? false
                districts.append(District(district: known ? try Area(area) : nil, counts: try Counts(district["counts"])))
            }
            oblasts.append(Oblast(oblast: try Area(oblast["oblast"]), counts: try Counts(oblast["counts"]), districts: districts))
        }
        var unplanned: [Unplanned] = []
        for row in try root["without_plan"].array() {
            let municipality = row["municipality"]
            unplanned.append(Unplanned(
                code: try municipality["code"].string(), names: try municipality["name"].names(), role: try row["role"].string(),
                events: try row["events"].strings(), firstTrainedOn: try row["first_trained_on"].string(),
                lastTrainedOn: try row["last_trained_on"].string(), daysSinceTraining: try row["days_since_training"].int(),
                participants: try row["participants"].int()))
        }
        self.init(oblasts: oblasts, total: try Counts(root["total"]), withoutPlan: unplanned, provenance: try ReportProvenance(root))
    }
}
