import Varlink

/// A reply of io.trainingd.Reports.Participation.
public struct ParticipationReport: Sendable, Equatable {
    public struct Group: Sendable, Equatable {
        public var key: [GroupKey]
        public var measures: Measures

        public init(key: [GroupKey], measures: Measures) {
            self.key = key
            self.measures = measures
        }
    }

    /// The dimensions grouped by, in order (the parameters' group_by).
    public var groupBy: [String]
    public var groups: [Group]
    public var total: Measures
    public var provenance: ReportProvenance

    public init(groupBy: [String], groups: [Group], total: Measures, provenance: ReportProvenance) {
        self.groupBy = groupBy
        self.groups = groups
        self.total = total
        self.provenance = provenance
    }

    public init(reply: JSONValue) throws(ReportDecodingError) {
        let root = ReplyField(reply, path: "")
        var groups: [Group] = []
        for group in try root["groups"].array() {
            var keys: [GroupKey] = []
            for key in try group["key"].array() { keys.append(try GroupKey(key)) }
            groups.append(Group(key: keys, measures: try Measures(group["measures"])))
        }
        self.init(groupBy: try root["parameters"]["group_by"].strings(), groups: groups,
                  total: try Measures(root["total"]), provenance: try ReportProvenance(root))
    }
}
