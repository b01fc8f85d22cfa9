import TrainingCore

/// What DefineIndicator records in the audit log: the definition and its version.
struct IndicatorAuditSnapshot: Encodable {
    var code: String
    var title: String
    var description: String?
    var unit: String
    var countingRule: String
    var since: String?
    var filters: IndicatorFilters
    var disaggregations: [String]
    var archived: Bool
    var version: Int

    init(_ indicator: Indicator) {
        let d = indicator.definition
        code = d.code
        title = d.title
        description = d.description
        unit = d.unit.rawValue
        countingRule = d.countingRule.rawValue
        since = d.since?.description
        filters = d.filters
        disaggregations = d.disaggregations.map(\.rawValue)
        archived = d.archived
        version = indicator.version
    }

    private enum CodingKeys: String, CodingKey {
        case code, title, description, unit, since, filters, disaggregations, archived, version
        case countingRule = "counting_rule"
    }
}
