import ArgumentParser
import Varlink

/// `trainingctl status`: io.trainingd.System.Status, the daemon's health at a glance.
struct StatusCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the daemon's version, schema, database, uptime, connections and limits.",
        discussion: """
            Anyone who can open the socket may ask. Answers even when the database is down \
            (database reachable: no), so it serves as a health check.

            Example:
              trainingctl status
              trainingctl --socket ./.trainingd/io.trainingd status --json
            """)

    @OptionGroup var globals: GlobalOptions

    func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
        let reply = try await daemon.call("io.trainingd.System.Status")
        printer.emit(reply) { status in
            let limits = status["limits"]
            var schema = status["schema_version"].displayText
            if let expected = status["expected_schema_version"]?.intValue {
                schema += " (this daemon ships \(expected))"
            }
            var pairs: [(key: String, value: String)] = [
                ("version", status["version"].displayText),
                ("schema version", schema),
                ("database reachable", status["database_reachable"].displayText),
            ]
            if let error = status["database_error"], !error.isNull { pairs.append(("database error", error.displayText)) }
            pairs += [
                ("managed database", status["managed_database"].displayText),
                ("started at", status["started_at"].displayText),
                ("uptime", Self.uptime(status["uptime_seconds"]?.intValue)),
                ("pid", status["pid"].displayText),
                ("connections", status["connections"].displayText),
                ("calls in flight", status["calls_in_flight"].displayText),
                ("database pool", "\(status["pool_in_use"].displayText) of \(status["pool_size"].displayText) in use"),
                ("max message size", "\(limits?["max_message_bytes"].displayText ?? "-") bytes"),
                ("max connections", limits?["max_connections"].displayText ?? "-"),
                ("idle timeout", "\(limits?["idle_timeout_seconds"].displayText ?? "-") s"),
                ("read timeout", "\(limits?["read_timeout_seconds"].displayText ?? "-") s"),
                ("max import rows", limits?["max_import_rows"].displayText ?? "-"),
            ]
            return TableFormatter.keyValues(pairs)
        }
    }

    /// `3d 4h 5m 6s`, leaving out leading zero units.
    static func uptime(_ seconds: Int64?) -> String {
        guard let seconds, seconds >= 0 else { return "-" }
        let parts: [(Int64, String)] = [(seconds / 86_400, "d"), (seconds / 3_600 % 24, "h"), (seconds / 60 % 60, "m"), (seconds % 60, "s")]
        let shown = parts.drop { $0.0 == 0 && $0.1 != "s" }
        return shown.map { "\($0.0)\($0.1)" }.joined(separator: " ")
    }
}
