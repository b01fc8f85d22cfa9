/// A dimension a Participation report groups by (io.trainingd.Reports.Dimension), declared in
/// the IDL's order.
public enum ReportDimension: String, Sendable, CaseIterable, Codable {
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

    /// Whether the value is a place whose names come from the gazetteer.
    public var isPlace: Bool { self == .oblast || self == .district || self == .municipality }
}
