/// A disaggregation that means nothing for the indicator's unit (municipalities and plans
/// have no sex, age or category): io.trainingd.Reports.DimensionNotApplicable.
public struct IndicatorDimensionNotApplicable: Error, Sendable, Equatable {
    public var dimension: IndicatorDimension
    public var unit: IndicatorUnit

    public init(dimension: IndicatorDimension, unit: IndicatorUnit) {
        self.dimension = dimension
        self.unit = unit
    }
}
