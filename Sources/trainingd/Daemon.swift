import Foundation
import Logging
import Postgres
import ServiceLifecycle
import TrainingService
import TrainingStore
import UnixSignals
import Varlink

/// The running daemon: database (configured or private), migrations, the Varlink server, and
/// the services that run beside it until SIGTERM.
struct Daemon {
    static let version = "0.1.0"

    let configuration: DaemonConfiguration
    let reload: @Sendable () async throws -> DaemonConfiguration
    let logger: Logger

    func run() async throws {
        let notifier = SystemdNotifier()
        let cluster = configuration.database == nil
            ? PrivateCluster(stateDirectory: configuration.stateDirectory, clusterUser: configuration.clusterUser, logger: logger) : nil
        let conninfo = try await Self.conninfo(configuration, cluster: cluster)
        defer { cluster?.stop() }

        let migrations = try MigrationLoader.load(from: try MigrationDirectory.locate(explicit: configuration.migrationsDirectory))
        let database = TrainingDatabase(conninfo: conninfo, maxConnections: configuration.poolSize, logger: logger)
        let report = try await Self.migrateWhenReachable(database, migrations, logger: logger)
        logger.info("schema ready", metadata: ["db.schema_version": "\(report.schemaVersion)", "db.applied": "\(report.applied)"])

        let runtime = ServiceRuntime(version: Self.version, managedDatabase: cluster != nil,
                                     expectedSchemaVersion: migrations.last?.version ?? 0, daemonUID: getuid())
        runtime.update(limits: configuration.limits, maxImportRows: configuration.maxImportRows)
        let service = TrainingService(database: database, runtime: runtime, logger: logger)
        let server = VarlinkServer(
            service: try service.makeVarlinkService(),
            configuration: VarlinkServerConfiguration(limits: configuration.limits, errorNames: VarlinkServerErrorNames(
                messageTooLarge: "io.trainingd.System.MessageTooLarge",
                tooManyConnections: "io.trainingd.System.TooManyConnections",
                protocolError: "io.trainingd.System.ProtocolError",
                connectionTimeout: "io.trainingd.System.ConnectionTimeout")),
            logger: logger)
        runtime.setConnectionCounter { server.connectionCount }
        let address = try listenAddress()
        try await server.listen(on: address)
        notifier.notify("READY=1\nSTATUS=listening on \(server.socketPath ?? "inherited socket")")

        let group = ServiceGroup(configuration: .init(
            // Shut down in reverse order: the refresher last, so a refresh in flight never
            // holds up the socket's drain.
            services: [
                .init(service: ParticipationBaseService(refresher: configuration.reportRefreshSeconds == 0 ? nil : ParticipationBaseRefresher(
                    database: database, interval: .seconds(configuration.reportRefreshSeconds), logger: logger))),
                .init(service: ChangeListenerService(listener: service.changes)),
                .init(service: VarlinkServerService(server: server, notifier: notifier, listener: service.changes)),
                .init(service: ReloadService(server: server, runtime: runtime, reload: reload, logger: logger)),
                .init(service: WatchdogService(notifier: notifier)),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
        await database.shutdown()
        logger.info("stopped")
    }

    /// The configured database, or the private cluster started on demand.
    static func conninfo(_ configuration: DaemonConfiguration, cluster: PrivateCluster?) async throws -> PGConninfo {
        if let database = configuration.database { return database }
        guard let cluster else { preconditionFailure("no database and no cluster") }
        return try await BlockingThread.run { try cluster.start() }
    }

    /// Waits for the database at start-up (it may come up after us) and applies migrations.
    static func migrateWhenReachable(_ database: TrainingDatabase, _ migrations: [Migration], logger: Logger) async throws -> MigrationRunner.Report {
        var delay = Duration.milliseconds(500)
        while true {
            do {
                return try await database.migrate(migrations)
            } catch let error as PGError where error.isDatabaseUnavailable {
                logger.warning("database not reachable, retrying", metadata: ["db.error": "\(error.message)", "retry.in": "\(delay)"])
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(10))
            }
        }
    }

    /// The inherited socket under systemd socket activation, else the configured path.
    func listenAddress() throws -> VarlinkListenAddress {
        if let fd = try SystemdSocketActivation.takeListeningSocket() { return .inheritedSocket(fd) }
        let directory = URL(fileURLWithPath: configuration.socketPath).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return .unixPath(configuration.socketPath, mode: UInt32(configuration.socketMode), groupID: try socketGroupID())
    }

    func socketGroupID() throws -> UInt32? {
        guard let group = configuration.socketGroup else { return nil }
        if let gid = UInt32(group) { return gid }
        guard let entry = getgrnam(group) else {
            throw ConfigurationError(key: "socket_group", value: group, reason: "no such group on this host")
        }
        return entry.pointee.gr_gid
    }
}

/// Serves the socket; on SIGTERM tells systemd it is stopping, stops accepting, lets calls in
/// flight finish, then returns.
struct VarlinkServerService: Service {
    let server: VarlinkServer
    let notifier: SystemdNotifier
    let listener: PGNotificationListener

    func run() async throws {
        try await withGracefulShutdownHandler {
            try await server.run()
        } onGracefulShutdown: {
            notifier.notify("STOPPING=1")
            // Watch streams end first (with ShuttingDown), so only real calls hold the drain.
            listener.stop()
            Task { await server.shutdown(gracePeriod: .seconds(30)) }
        }
    }
}

/// Keeps the LISTEN connection for Watch running until shutdown.
struct ChangeListenerService: Service {
    let listener: PGNotificationListener

    func run() async throws {
        await withGracefulShutdownHandler {
            await listener.run()
        } onGracefulShutdown: {
            listener.stop()
        }
        // The server's shutdown stops the listener early (to end Watch streams); the service
        // itself still ends only when the group shuts it down.
        try? await gracefulShutdown()
    }
}

/// SIGHUP: re-reads the configuration and applies what can change while running (log level,
/// limits). A bad new configuration is logged and the old one stays.
struct ReloadService: Service {
    let server: VarlinkServer
    let runtime: ServiceRuntime
    let reload: @Sendable () async throws -> DaemonConfiguration
    let logger: Logger

    func run() async throws {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            do {
                let fresh = try await reload()
                ReloadableLogLevel.shared.set(fresh.logLevel)
                server.updateLimits(fresh.limits)
                runtime.update(limits: fresh.limits, maxImportRows: fresh.maxImportRows)
                logger.info("configuration reloaded", metadata: ["log.level": "\(fresh.logLevel)"])
            } catch {
                logger.error("configuration reload failed; keeping the previous one", metadata: ["error": "\(error)"])
            }
        }
    }
}

/// Pings systemd's watchdog at half its interval while the process's event loops run.
struct WatchdogService: Service {
    let notifier: SystemdNotifier

    func run() async throws {
        guard let interval = SystemdNotifier.watchdogInterval() else {
            try? await gracefulShutdown()
            return
        }
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            notifier.notify("WATCHDOG=1")
            try? await Task.sleep(for: interval / 2)
        }
    }
}

/// Keeps every tenant's participation base fresh in the background (`report_refresh_seconds`;
/// off at 0), until shutdown.
struct ParticipationBaseService: Service {
    let refresher: ParticipationBaseRefresher?

    func run() async throws {
        guard let refresher else {
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown { await refresher.run() }
    }
}
