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

    /// Statements sent in the same round trip as BEGIN, e.g. the `set_config` that scopes a
    /// transaction to a tenant.
    public var preamble: [PGQuery]

    public init(isolation: Isolation = .readCommitted, readOnly: Bool = false, maxAttempts: Int = 5, preamble: [PGQuery] = []) {
        self.isolation = isolation
        self.readOnly = readOnly
        self.maxAttempts = max(1, maxAttempts)
        self.preamble = preamble
    }

    var beginStatement: PGQuery {
        PGQuery(unsafeSQL: "BEGIN ISOLATION LEVEL \(isolation.rawValue)" + (readOnly ? " READ ONLY" : ""))
    }
}
