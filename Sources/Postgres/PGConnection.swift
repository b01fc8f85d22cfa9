import CLibPQ
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// One libpq connection, used by one thread at a time.
///
/// Deliberately not Sendable: every call blocks, so a connection is only reachable through the
/// pool's worker threads (`PGConnectionPool`), never from Swift's cooperative thread pool.
public final class PGConnection {
    let handle: OpaquePointer
    let logger: Logger
    private let noticeBox: NoticeBox
    /// Statements prepared on this session by `queryPrepared`, by text and parameter types.
    var preparedStatements: [String: String] = [:]

    /// Session settings pinned at connect: results are parsed in text format, so their format
    /// must not depend on server or user defaults.
    static let pinnedOptions = "-c DateStyle=ISO -c TimeZone=UTC -c IntervalStyle=iso_8601 -c extra_float_digits=3"

    public struct Options: Sendable {
        /// Shown in pg_stat_activity unless the conninfo names another.
        public var applicationName: String
        /// Used when neither the conninfo nor PGCONNECT_TIMEOUT sets `connect_timeout`: libpq's own
        /// default is to wait forever.
        public var defaultConnectTimeoutSeconds: Int

        public init(applicationName: String = "trainingd", defaultConnectTimeoutSeconds: Int = 5) {
            self.applicationName = applicationName
            self.defaultConnectTimeoutSeconds = defaultConnectTimeoutSeconds
        }
    }

    private init(handle: OpaquePointer, logger: Logger) {
        self.handle = handle
        self.logger = logger
        self.noticeBox = NoticeBox(logger: logger)
        PQsetNoticeReceiver(handle, { context, result in
            guard let context, let result, let message = PQresultErrorField(result, Int32(UInt8(ascii: "M"))) else { return }
            Unmanaged<NoticeBox>.fromOpaque(context).takeUnretainedValue().log(String(cString: message))
        }, Unmanaged.passUnretained(noticeBox).toOpaque())
    }

    deinit { PQfinish(handle) }

    /// Connects (blocking). The conninfo is expanded by libpq; our own keys override only what
    /// must be fixed for correct decoding, and the user's `options` are kept.
    public static func connect(_ conninfo: PGConninfo, options: Options = Options(), logger: Logger) throws -> PGConnection {
        var keywords: [(String, String)] = []
        if conninfo.explicitOptions["connect_timeout"] == nil, getenv("PGCONNECT_TIMEOUT") == nil {
            keywords.append(("connect_timeout", String(options.defaultConnectTimeoutSeconds)))
        }
        keywords.append(("dbname", conninfo.rawValue))
        keywords.append(("fallback_application_name", options.applicationName))
        keywords.append(("client_encoding", "UTF8"))
        let userOptions = conninfo.explicitOptions["options"] ?? ""
        keywords.append(("options", userOptions.isEmpty ? pinnedOptions : userOptions + " " + pinnedOptions))

        let handle = withCStringArray(keywords.map(\.0)) { keys in
            withCStringArray(keywords.map(\.1)) { values in PQconnectdbParams(keys, values, 1) }
        }
        guard let handle else { throw PGError(code: .connectionFailed, message: "out of memory allocating a connection") }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(handle)).trimmingTrailingNewlines
            PQfinish(handle)
            throw PGError(code: .connectionFailed, message: message)
        }
        let connection = PGConnection(handle: handle, logger: logger)
        try connection.verifySessionFormat()
        return connection
    }

    /// Fails closed if a pooler or a role setting changed the formats the decoder relies on.
    private func verifySessionFormat() throws {
        let expected: [(String, (String) -> Bool)] = [
            ("client_encoding", { $0 == "UTF8" }), ("DateStyle", { $0.hasPrefix("ISO") }),
            ("TimeZone", { $0 == "UTC" || $0 == "Etc/UTC" }), ("integer_datetimes", { $0 == "on" }),
            ("standard_conforming_strings", { $0 == "on" }),
        ]
        for (name, isValid) in expected {
            let value = parameterStatus(name) ?? ""
            guard isValid(value) else {
                throw PGError(code: .protocolViolation, message: "session parameter \(name) is '\(value)'; trainingd needs it pinned")
            }
        }
    }

    public func parameterStatus(_ name: String) -> String? {
        guard let value = PQparameterStatus(handle, name) else { return nil }
        return String(cString: value)
    }

    /// The server process serving this connection (pg_stat_activity.pid).
    public var backendPID: Int32 { PQbackendPID(handle) }

    public var serverVersion: Int { Int(PQserverVersion(handle)) }

    /// True when libpq still believes the connection is usable.
    public var isConnected: Bool { PQstatus(handle) == CONNECTION_OK }

    /// True when no transaction is open (or half-open after an error).
    public var isIdle: Bool { PQtransactionStatus(handle) == PQTRANS_IDLE }

    /// Checks an idle connection without a round trip: a backend that was terminated has sent
    /// its FATAL message and closed the socket, which shows as readable data or EOF.
    public func isAliveAndIdle() -> Bool {
        for _ in 0..<3 {
            guard isConnected, isIdle else { return false }
            var pfd = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, 0)
            if ready == 0 { return true }
            if ready < 0 { return false }
            if PQconsumeInput(handle) == 0 { return false }
        }
        return isConnected && isIdle
    }

    /// Quotes an identifier (for LISTEN channel names, which cannot be bound parameters).
    public func quoteIdentifier(_ identifier: String) throws -> String {
        guard let escaped = PQescapeIdentifier(handle, identifier, identifier.utf8.count) else {
            throw PGError(code: .protocolViolation, message: lastErrorMessage)
        }
        defer { PQfreemem(escaped) }
        return String(cString: escaped)
    }

    var lastErrorMessage: String { String(cString: PQerrorMessage(handle)).trimmingTrailingNewlines }
}

/// Routes server notices (e.g. "relation already exists, skipping") to the log instead of stderr.
final class NoticeBox: Sendable {
    let logger: Logger
    init(logger: Logger) { self.logger = logger }
    func log(_ message: String) { logger.debug("postgres notice", metadata: ["db.notice": "\(message)"]) }
}

/// Calls `body` with a NULL-terminated array of C strings that live for the call.
func withCStringArray<T>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> T) -> T {
    let duplicated = strings.map { strdup($0) }
    defer { duplicated.forEach { free($0) } }
    return body(duplicated.map { UnsafePointer($0) } + [nil])
}
