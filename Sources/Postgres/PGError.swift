/// A failure talking to PostgreSQL.
///
/// Callers branch on `code` and `sqlState`, never on message text: messages are localised by the
/// server (`lc_messages`) and change between versions. `description` is safe to show a client;
/// `debugDescription` carries the server's detail for the log.
public struct PGError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What kind of failure this is, independent of the server's SQLSTATE.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case connectionFailed, connectionLost, server, invalidConninfo, protocolViolation, poolClosed
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// Could not establish a connection (bad address, auth refused, server down).
        public static let connectionFailed = Code(.connectionFailed)
        /// An established connection broke; the statement's outcome may be unknown.
        public static let connectionLost = Code(.connectionLost)
        /// The server answered with an error; see `sqlState`.
        public static let server = Code(.server)
        /// The conninfo string does not parse.
        public static let invalidConninfo = Code(.invalidConninfo)
        /// libpq or the server did something this wrapper does not expect.
        public static let protocolViolation = Code(.protocolViolation)
        /// The pool was shut down while the caller waited or called.
        public static let poolClosed = Code(.poolClosed)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// Five-character SQLSTATE for server errors (e.g. `23505`), nil otherwise.
    public var sqlState: SQLState?
    public var message: String
    public var detail: String?
    public var hint: String?
    public var constraint: String?
    public var table: String?
    public var column: String?
    /// The query text, kept for the log only (never sent to a client).
    public var query: String?

    public init(
        code: Code, sqlState: SQLState? = nil, message: String, detail: String? = nil, hint: String? = nil,
        constraint: String? = nil, table: String? = nil, column: String? = nil, query: String? = nil
    ) {
        self.code = code
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
        self.table = table
        self.column = column
        self.query = query
    }

    /// True when the database (not the statement) is at fault: connect failures, lost
    /// connections, and server states that mean "the server is going away or not ready".
    public var isDatabaseUnavailable: Bool {
        if code == .connectionFailed || code == .connectionLost || code == .poolClosed { return true }
        guard let sqlState else { return false }
        return sqlState.isConnectionClass || sqlState == .adminShutdown || sqlState == .crashShutdown
            || sqlState == .cannotConnectNow || sqlState == .readOnlySQLTransaction
    }

    /// Failures after which running the whole transaction again may succeed.
    public var isRetryableTransactionFailure: Bool {
        sqlState == .serializationFailure || sqlState == .deadlockDetected
    }

    public var isUniqueViolation: Bool { sqlState == .uniqueViolation }

    public var description: String {
        if let sqlState { return "PostgreSQL error \(sqlState.rawValue): \(message)" }
        return "PostgreSQL \(code): \(message)"
    }

    public var debugDescription: String {
        var parts = [description]
        if let detail { parts.append("detail: \(detail)") }
        if let hint { parts.append("hint: \(hint)") }
        if let constraint { parts.append("constraint: \(constraint)") }
        if let table { parts.append("table: \(table)") }
        if let column { parts.append("column: \(column)") }
        if let query { parts.append("query: \(query)") }
        return parts.joined(separator: "; ")
    }
}
