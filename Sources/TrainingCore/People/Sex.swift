/// A person's sex as recorded. Reports always give women + men + not_recorded = total, so
/// "not recorded" is a value of its own rather than a missing one.
public enum Sex: String, Sendable, CaseIterable, Codable {
    case female
    case male
    case notRecorded = "not_recorded"
}
