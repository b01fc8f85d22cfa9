/// The call just before another on the same connection, when it failed: what
/// ``VarlinkCall/waitForTurn()`` reports, so a call that continues an earlier one (sent
/// pipelined behind it) can refuse to act after that one's failure, and only that one's.
///
/// Only the method and the short top-level string parameters are kept (enough to tell which
/// call it was, e.g. by an idempotency key), never the whole parameters: a connection keeps this
/// until its next call, and a failed call may have carried a megabyte.
public struct VarlinkFailedCall: Sendable, Equatable {
    public static let maxStringBytes = 256

    /// Fully qualified, e.g. `io.trainingd.Registrations.ImportRegistrations`.
    public let method: String
    /// The top-level parameters that are strings of at most `maxStringBytes` bytes.
    public let strings: [String: String]

    public init(method: String, parameters: JSONObject) {
        self.method = method
        var strings: [String: String] = [:]
        for (key, value) in parameters {
            if let text = value.stringValue, text.utf8.count <= Self.maxStringBytes { strings[key] = text }
        }
        self.strings = strings
    }
}
