/// An indicator's count and its breakdowns, before the store names the groups.
public struct IndicatorValue: Sendable, Equatable {
    public struct Group: Sendable, Equatable {
        /// The dimension's value (a SOATE code, an event code, an enum value, "2019-Q2"...);
        /// nil when unknown (no municipality recorded, a city outside any district).
        public var value: String?
        public var count: Int

        public init(value: String?, count: Int) {
            self.value = value
            self.count = count
        }
    }

    public struct Breakdown: Sendable, Equatable {
        public var dimension: IndicatorDimension
        /// Ordered by value (codes ascending, enums in declaration order, time ascending,
        /// unknown last); groups with 0 left out.
        public var groups: [Group]

        public init(dimension: IndicatorDimension, groups: [Group]) {
            self.dimension = dimension
            self.groups = groups
        }
    }

    public var value: Int
    public var breakdowns: [Breakdown]

    public init(value: Int, breakdowns: [Breakdown]) {
        self.value = value
        self.breakdowns = breakdowns
    }
}
