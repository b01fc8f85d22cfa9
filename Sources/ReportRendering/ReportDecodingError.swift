/// A reply that does not have the shape io.trainingd.Reports declares: a required field
/// missing or of the wrong type. Names the field's path so a daemon/CLI mismatch is easy to find.
public struct ReportDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String

    public init(path: String) {
        self.path = path
    }

    public var description: String { "unexpected reply: \(path) missing or of the wrong type" }
}
