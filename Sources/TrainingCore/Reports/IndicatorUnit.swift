/// What a donor indicator counts (io.trainingd.Reports.IndicatorUnit).
public enum IndicatorUnit: String, Sendable, CaseIterable, Codable {
    /// Distinct persons with a participation.
    case persons
    /// Participations: (person, event) pairs.
    case participations
    /// Distinct participant municipalities (trained municipalities).
    case municipalities
    /// Plans that reached one of the indicator's plan statuses.
    case plans

    /// Municipalities and plans are places, not people: they have no sex, age or category.
    public var countsPeople: Bool { self == .persons || self == .participations }
}
