/// How `withTransaction` opens and retries a transaction.
public struct PGTransactionOptions: Sendable {
    public enum Isolation: String, Sendable {
        case readCommitted = "READ COMMITTED"
        case repeatableRead = "REPEATABLE READ"
        case serializable = "SERIALIZABLE"
    }

    public var isolation: Isolation
    public var readOnly: Bool
    /// Total attempts when the server reports a serialization failure or a deadlock.
    public var maxAttempts: Int

    public init(isolation: Isolation = .readCommitted, readOnly: Bool = false, maxAttempts: Int = 5) {
        self.isolation = isolation
        self.readOnly = readOnly
        self.maxAttempts = max(1, maxAttempts)
    }

    var beginStatement: PGQuery {
        PGQuery(unsafeSQL: "BEGIN ISOLATION LEVEL \(isolation.rawValue)" + (readOnly ? " READ ONLY" : ""))
    }
}
