/// Input that is well-typed but not acceptable: names the field (a parameter path such as
/// `entries[3].day`) and says why, so the caller can fix exactly that.
public struct ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field): \(reason)" }
}
