import Foundation

/// What a coordinator says an indicator is (the parameters of DefineIndicator), before and
/// after `IndicatorRules.validate` cleaned it.
public struct IndicatorDefinition: Sendable, Equatable {
    public var code: String
    public var title: String
    public var description: String?
    public var unit: IndicatorUnit
    public var countingRule: IndicatorCountingRule
    /// Start of the cumulative window; nil: from the first record.
    public var since: Day?
    public var filters: IndicatorFilters
    public var disaggregations: [IndicatorDimension]
    public var archived: Bool

    public init(code: String, title: String, description: String? = nil, unit: IndicatorUnit, countingRule: IndicatorCountingRule,
                since: Day? = nil, filters: IndicatorFilters = IndicatorFilters(), disaggregations: [IndicatorDimension] = [],
                archived: Bool = false) {
        self.code = code
        self.title = title
        self.description = description
        self.unit = unit
        self.countingRule = countingRule
        self.since = since
        self.filters = filters
        self.disaggregations = disaggregations
        self.archived = archived
    }
}

/// A stored indicator (io.trainingd.Reports.Indicator).
public struct Indicator: Sendable, Equatable {
    public var definition: IndicatorDefinition
    /// 1 at creation, incremented by each redefinition.
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(definition: IndicatorDefinition, version: Int, createdAt: Date, updatedAt: Date) {
        self.definition = definition
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var code: String { definition.code }
}
