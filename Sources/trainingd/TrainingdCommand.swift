import ArgumentParser
import Foundation
import Logging
import Postgres
import TrainingStore
import Varlink

/// `trainingd` — the daemon. Runs in the foreground (systemd supervises it).
@main
struct TrainingdCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trainingd",
        abstract: "Training programmes daemon: events, registrations, attendance, action plans and donor reports over Varlink.",
        discussion: """
            Settings come from flags, then TRAININGD_* environment variables, then the JSON file given with --config.
            With no database configured, trainingd runs a private PostgreSQL cluster under its state directory.

            Example:
              trainingd --state-dir ./.trainingd --socket ./.trainingd/io.trainingd
            """,
        version: Daemon.version,
        subcommands: [Serve.self, Migrate.self, CheckConfig.self],
        defaultSubcommand: Serve.self)
}

/// Flags shared by every subcommand; each maps to a configuration key.
struct DaemonOptions: ParsableArguments {
    @Option(help: "Configuration file: KEY=VALUE lines (TRAININGD_POOL_SIZE=8, # comments), or a flat JSON object if it ends in .json.") var config: String?
    @Option(help: "libpq connection string or URI (env TRAININGD_DATABASE). Omit for a private cluster.") var database: String?
    @Option(help: "Unix socket path (default \(DaemonConfiguration.defaultSocketPath)).") var socket: String?
    @Option(help: "Socket file mode, octal (default 0660).") var socketMode: String?
    @Option(help: "Group allowed to connect to the socket (name or gid).") var socketGroup: String?
    @Option(help: "State directory (default \(DaemonConfiguration.defaultStateDirectory)).") var stateDir: String?
    @Option(help: "Database connections in the pool (default 8).") var poolSize: String?
    @Option(help: "trace, debug, info, notice, warning, error or critical (default info).") var logLevel: String?
    @Option(help: "Largest accepted message in bytes (default 1048576).") var maxMessageBytes: String?
    @Option(help: "Most simultaneous connections (default 256).") var maxConnections: String?
    @Option(help: "Seconds before an idle connection is closed (default 300).") var idleTimeoutSeconds: String?
    @Option(help: "Seconds allowed to receive one message (default 30).") var readTimeoutSeconds: String?
    @Option(help: "Most rows per import call (default 10000).") var maxImportRows: String?
    @Option(help: "Seconds between background refreshes of the reports' participation base; 0: off (default 60).")
    var reportRefreshSeconds: String?
    @Option(help: "Directory of the sql/ migrations (default: found next to the binary).") var migrationsDir: String?
    @Option(help: "User that runs the private cluster when trainingd runs as root (default postgres).") var clusterUser: String?

    var flags: [String: String] {
        let pairs: [(String, String?)] = [
            ("database", database), ("socket", socket), ("socket_mode", socketMode), ("socket_group", socketGroup),
            ("state_dir", stateDir), ("pool_size", poolSize), ("log_level", logLevel), ("max_message_bytes", maxMessageBytes),
            ("max_connections", maxConnections), ("idle_timeout_seconds", idleTimeoutSeconds),
            ("read_timeout_seconds", readTimeoutSeconds), ("max_import_rows", maxImportRows), ("migrations_dir", migrationsDir),
            ("report_refresh_seconds", reportRefreshSeconds), ("cluster_user", clusterUser),
        ]
        return Dictionary(uniqueKeysWithValues: pairs.compactMap { key, value in value.map { (key, $0) } })
    }

    func load() async throws -> DaemonConfiguration {
        let sources = try await ConfigurationSources.load(flags: flags, configFile: config, environment: ProcessInfo.processInfo.environment)
        return try DaemonConfiguration(sources: sources)
    }
}

extension TrainingdCommand {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the daemon (the default).")
        @OptionGroup var options: DaemonOptions

        func run() async throws {
            let configuration = try await loadOrExit(options)
            ReloadableLogLevel.shared.set(configuration.logLevel)
            LoggingSystem.bootstrap(DaemonLogHandler.init)
            let logger = Logger(label: "trainingd")
            let options = options
            do {
                try await Daemon(configuration: configuration, reload: { try await options.load() }, logger: logger).run()
            } catch {
                logger.critical("trainingd failed", metadata: ["error": "\(error)"])
                throw ExitCode(1)
            }
        }
    }

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply pending database migrations and exit.",
            discussion: "Example:\n  trainingd migrate --database 'host=/run/postgresql dbname=trainingd'")
        @OptionGroup var options: DaemonOptions

        func run() async throws {
            let configuration = try await loadOrExit(options)
            var logger = Logger(label: "trainingd.migrate")
            logger.logLevel = configuration.logLevel
            let cluster = configuration.database == nil
                ? PrivateCluster(stateDirectory: configuration.stateDirectory, clusterUser: configuration.clusterUser, logger: logger) : nil
            defer { cluster?.stop() }
            let conninfo = try await Daemon.conninfo(configuration, cluster: cluster)
            let migrations = try MigrationLoader.load(from: try MigrationDirectory.locate(explicit: configuration.migrationsDirectory))
            let database = TrainingDatabase(conninfo: conninfo, maxConnections: 1, logger: logger)
            let report = try await database.migrate(migrations)
            await database.shutdown()
            print(report.applied.isEmpty
                  ? "schema is up to date at version \(report.schemaVersion)"
                  : "applied \(report.applied.map(String.init).joined(separator: ", ")); schema version \(report.schemaVersion)")
        }
    }

    struct CheckConfig: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check-config",
            abstract: "Validate the configuration, print the effective settings and exit.",
            discussion: "Example:\n  trainingd check-config --config /etc/trainingd/trainingd.json")
        @OptionGroup var options: DaemonOptions

        func run() async throws {
            let c = try await loadOrExit(options)
            let rows: [(String, String)] = [
                ("database", c.database?.redacted ?? "(private cluster under state_dir)"),
                ("socket", c.socketPath), ("socket_mode", String(c.socketMode, radix: 8)), ("socket_group", c.socketGroup ?? "-"),
                ("state_dir", c.stateDirectory), ("pool_size", String(c.poolSize)), ("log_level", c.logLevel.rawValue),
                ("max_message_bytes", String(c.limits.maxMessageSize)), ("max_connections", String(c.limits.maxConnections)),
                ("idle_timeout_seconds", String(c.limits.idleTimeout.components.seconds)),
                ("read_timeout_seconds", String(c.limits.readTimeout.components.seconds)),
                ("max_import_rows", String(c.maxImportRows)),
                ("report_refresh_seconds", String(c.reportRefreshSeconds)),
                ("migrations_dir", (try? MigrationDirectory.locate(explicit: c.migrationsDirectory).path) ?? "NOT FOUND"),
            ]
            let width = rows.map(\.0.count).max() ?? 0
            for (key, value) in rows { print(key.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value) }
        }
    }
}

/// Loads the configuration or exits 78 (EX_CONFIG) with the error naming the key.
func loadOrExit(_ options: DaemonOptions) async throws -> DaemonConfiguration {
    do {
        return try await options.load()
    } catch let error as ConfigurationError {
        FileHandle.standardError.write(Data("trainingd: \(error)\n".utf8))
        throw ExitCode(78)
    }
}
