/// A dimension an indicator is broken down by (io.trainingd.Reports.Dimension), declared in
/// the IDL's order.
public enum IndicatorDimension: String, Sendable, CaseIterable, Codable {
    case oblast
    case district
    case municipality
    case event
    case category
    case inviteRole = "invite_role"
    case sex
    case ageBand = "age_band"
    case month
    case quarter
    case year

    /// Whether breaking an indicator of `unit` down by this dimension means anything: places
    /// (municipalities, plans) have no sex, age or category.
    public func applies(to unit: IndicatorUnit) -> Bool {
        switch self {
        case .sex, .ageBand, .category: unit.countsPeople
        default: true
        }
    }
}
