import Configuration
import Foundation
import Logging
import Postgres
import Varlink

/// Everything the daemon is configured with, read once at start (and again on SIGHUP for the
/// settings that can change while running: log level and limits).
struct DaemonConfiguration: Sendable {
    /// libpq conninfo (key=value or URI). Nil: the daemon runs a private cluster under the
    /// state directory.
    var database: PGConninfo?
    var socketPath: String
    var socketMode: UInt16
    /// Group that may connect (name or gid), applied to the socket file.
    var socketGroup: String?
    var stateDirectory: String
    var poolSize: Int
    var logLevel: Logger.Level
    var limits: VarlinkServerLimits
    var maxImportRows: Int
    /// Seconds between background refreshes of the kept participation base; 0: only reports
    /// refresh it.
    var reportRefreshSeconds: Int
    var migrationsDirectory: String?
    /// Unprivileged user that runs the private cluster when the daemon runs as root.
    var clusterUser: String

    static let defaultSocketPath = "/run/trainingd/io.trainingd"
    static let defaultStateDirectory = "/var/lib/trainingd"

    /// Every key the daemon understands, for `check-config` and for refusing typos in files.
    static let keys = [
        "database", "socket", "socket_mode", "socket_group", "state_dir", "pool_size", "log_level",
        "max_message_bytes", "max_connections", "idle_timeout_seconds", "read_timeout_seconds", "max_import_rows",
        "report_refresh_seconds", "migrations_dir", "cluster_user",
    ]

    init(sources: ConfigurationSources) throws {
        let values = ConfigValues(sources: sources)
        database = try values.string("database").map { text in
            do { return try PGConninfo(text) } catch let error as PGError {
                throw ConfigurationError(key: "database", value: nil, reason: "not a valid libpq connection string: \(error.message)")
            }
        }
        socketPath = try values.string("socket") ?? Self.defaultSocketPath
        guard socketPath.utf8.count < 108, socketPath.hasPrefix("/") || socketPath.hasPrefix(".") else {
            throw ConfigurationError(key: "socket", value: socketPath, reason: "must be a path shorter than 108 bytes")
        }
        socketMode = try values.octalMode("socket_mode") ?? 0o660
        socketGroup = try values.string("socket_group")
        stateDirectory = try values.string("state_dir") ?? Self.defaultStateDirectory
        poolSize = try values.int("pool_size", in: 1...200) ?? 8
        logLevel = try values.logLevel("log_level") ?? .info
        var limits = VarlinkServerLimits()
        limits.maxMessageSize = try values.int("max_message_bytes", in: 1_024...(64 << 20)) ?? (1 << 20)
        limits.maxConnections = try values.int("max_connections", in: 1...100_000) ?? 256
        limits.idleTimeout = .seconds(try values.int("idle_timeout_seconds", in: 1...86_400) ?? 300)
        limits.readTimeout = .seconds(try values.int("read_timeout_seconds", in: 1...3_600) ?? 30)
        self.limits = limits
        maxImportRows = try values.int("max_import_rows", in: 1...1_000_000) ?? 10_000
        reportRefreshSeconds = try values.int("report_refresh_seconds", in: 0...86_400) ?? 60
        migrationsDirectory = try values.string("migrations_dir")
        clusterUser = try values.string("cluster_user") ?? "postgres"
    }
}

/// Typed access to raw configuration values with errors that name the key.
struct ConfigValues {
    let sources: ConfigurationSources

    /// The value from the first layer that has it, as text whatever scalar type the source gave
    /// (JSON numbers and booleans, or environment strings), so parsing and its errors are ours
    /// and never a silent default.
    func string(_ key: String) throws -> String? {
        for layer in sources.layers {
            let configKey = ConfigKey(layer.prefixed ? ["trainingd", key] : [key])
            let reader = layer.reader
            if let value = reader.string(forKey: configKey, isSecret: key == "database") { return value }
            if let value = reader.int(forKey: configKey) { return String(value) }
            if let value = reader.bool(forKey: configKey) { return String(value) }
            if let value = reader.double(forKey: configKey) {
                throw ConfigurationError(key: key, value: String(value), reason: "must be a whole number or text")
            }
        }
        return nil
    }

    func int(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = try string(key) else { return nil }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw ConfigurationError(key: key, value: text, reason: "must be a whole number")
        }
        guard range.contains(value) else {
            throw ConfigurationError(key: key, value: text, reason: "must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return value
    }

    func octalMode(_ key: String) throws -> UInt16? {
        guard let text = try string(key) else { return nil }
        guard let value = UInt16(text, radix: 8), value <= 0o777 else {
            throw ConfigurationError(key: key, value: text, reason: "must be an octal file mode such as 0660")
        }
        return value
    }

    func logLevel(_ key: String) throws -> Logger.Level? {
        guard let text = try string(key) else { return nil }
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            throw ConfigurationError(key: key, value: text, reason: "must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return level
    }
}
