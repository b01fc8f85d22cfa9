import Varlink

/// A donor indicator's definition (io.trainingd.Reports.Indicator), as listed and as used.
public struct IndicatorDefinition: Sendable, Equatable {
    public var code: String
    public var title: String
    public var unit: String
    public var countingRule: String
    public var since: String?
    public var disaggregations: [String]
    public var archived: Bool
    public var version: Int

    public init(code: String, title: String, unit: String, countingRule: String, since: String? = nil,
                disaggregations: [String] = [], archived: Bool = false, version: Int = 1) {
        self.code = code
        self.title = title
        self.unit = unit
        self.countingRule = countingRule
        self.since = since
        self.disaggregations = disaggregations
        self.archived = archived
        self.version = version
    }

    init(_ field: ReplyField) throws(ReportDecodingError) {
        self.init(code: try field["code"].string(), title: try field["title"].string(), unit: try field["unit"].string(),
                  countingRule: try field["counting_rule"].string(), since: field["since"].optionalString(),
                  disaggregations: try field["disaggregations"].strings(), archived: try field["archived"].bool(),
                  version: try field["version"].int())
    }

    /// The indicators of a ListIndicators reply.
    public static func list(reply: JSONValue) throws(ReportDecodingError) -> [IndicatorDefinition] {
        var definitions: [IndicatorDefinition] = []
        for field in try ReplyField(reply, path: "")["indicators"].array() { definitions.append(try IndicatorDefinition(field)) }
        return definitions
    }
}

/// A reply of io.trainingd.Reports.ComputeIndicators.
public struct IndicatorsReport: Sendable, Equatable {
    public struct Breakdown: Sendable, Equatable {
        public var dimension: String
        public var groups: [(key: GroupKey, value: Int)]

        public init(dimension: String, groups: [(key: GroupKey, value: Int)]) {
            self.dimension = dimension
            self.groups = groups
        }

        public static func == (lhs: Breakdown, rhs: Breakdown) -> Bool {
            lhs.dimension == rhs.dimension && lhs.groups.map(\.key) == rhs.groups.map(\.key) && lhs.groups.map(\.value) == rhs.groups.map(\.value)
        }
    }

    public struct Result: Sendable, Equatable {
        public var indicator: IndicatorDefinition
        public var windowFrom: String?
        public var windowTo: String
        public var value: Int
        public var breakdowns: [Breakdown]

        public init(indicator: IndicatorDefinition, windowFrom: String?, windowTo: String, value: Int, breakdowns: [Breakdown]) {
            self.indicator = indicator
            self.windowFrom = windowFrom
            self.windowTo = windowTo
            self.value = value
            self.breakdowns = breakdowns
        }
    }

    public var results: [Result]
    public var provenance: ReportProvenance

    public init(results: [Result], provenance: ReportProvenance) {
        self.results = results
        self.provenance = provenance
    }

    public init(reply: JSONValue) throws(ReportDecodingError) {
        let root = ReplyField(reply, path: "")
        var results: [Result] = []
        for result in try root["results"].array() {
            var breakdowns: [Breakdown] = []
            for breakdown in try result["breakdowns"].array() {
                var groups: [(key: GroupKey, value: Int)] = []
                for group in try breakdown["groups"].array() { groups.append((try GroupKey(group["key"]), try group["value"].int())) }
                breakdowns.append(Breakdown(dimension: try breakdown["dimension"].string(), groups: groups))
            }
            results.append(Result(indicator: try IndicatorDefinition(result["indicator"]), windowFrom: result["window_from"].optionalString(),
                                  windowTo: try result["window_to"].string(), value: try result["value"].int(), breakdowns: breakdowns))
        }
        self.init(results: results, provenance: try ReportProvenance(root))
    }
}
