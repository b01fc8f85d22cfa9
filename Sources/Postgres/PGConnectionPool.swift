import Logging
import NIOPosix
import Synchronization

/// A bounded pool of libpq connections whose blocking calls run on dedicated threads.
///
/// Callers pass a synchronous closure that receives a connection; it runs on one of the pool's
/// own threads (an `NIOThreadPool`), never on Swift's cooperative pool. Callers beyond
/// `maxConnections` wait in arrival order. A connection found dead on checkout (its backend
/// terminated, the server restarted) is replaced before the closure sees it; one that broke
/// during the closure is dropped.
public final class PGConnectionPool: Sendable {
    public struct Configuration: Sendable {
        public var conninfo: PGConninfo
        public var maxConnections: Int
        public var connectionOptions: PGConnection.Options
        /// Fixed statements run on every new connection, e.g. `SET ROLE trainingd_app`.
        public var sessionSetup: [String]

        public init(conninfo: PGConninfo, maxConnections: Int = 8, connectionOptions: PGConnection.Options = .init(), sessionSetup: [String] = []) {
            self.conninfo = conninfo
            self.maxConnections = max(1, maxConnections)
            self.connectionOptions = connectionOptions
            self.sessionSetup = sessionSetup
        }
    }

    public let configuration: Configuration
    private let state: PGPoolState
    private let threads: NIOThreadPool
    private let logger: Logger

    public init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.state = PGPoolState(maxConnections: configuration.maxConnections)
        self.threads = NIOThreadPool(numberOfThreads: configuration.maxConnections)
        self.logger = logger
        threads.start()
    }

    /// Runs `body` with a connection of its own for the duration of the call.
    @discardableResult
    public func withConnection<T: Sendable>(_ body: @escaping @Sendable (PGConnection) throws -> T) async throws -> T {
        let pooled = try await lease()
        do {
            let value = try await threads.runIfActive { () throws -> T in
                try self.revalidate(pooled)
                return try body(pooled.connection)
            }
            await state.release(pooled, reusable: pooled.connection.isConnected && pooled.connection.isIdle)
            return value
        } catch {
            await state.release(pooled, reusable: pooled.connection.isConnected && pooled.connection.isIdle)
            throw error
        }
    }

    /// Runs `body` in a transaction (see `PGConnection.withTransaction`), retried on
    /// serialization failure and deadlock.
    @discardableResult
    public func withTransaction<T: Sendable>(
        _ options: PGTransactionOptions = PGTransactionOptions(), _ body: @escaping @Sendable (PGConnection) throws -> T
    ) async throws -> T {
        try await withConnection { connection in try connection.withTransaction(options, body) }
    }

    /// Connections currently open (idle, leased or being opened).
    public var openConnections: Int { get async { await state.openCount } }

    /// Whether a caller waits for a connection right now (no actor hop; may be stale by the
    /// time it is used).
    public var hasWaiters: Bool { state.waiting.load(ordering: .relaxed) > 0 }

    /// Connections lent out right now.
    public var leasedConnections: Int { get async { await state.leasedCount } }

    /// Fails waiters, closes idle connections and stops the threads once leases are back.
    public func shutdown() async {
        let idle = await state.close()
        _ = try? await threads.runIfActive { idle.forEach { _ = $0 } }
        try? await threads.shutdownGracefully()
    }

    private func lease() async throws -> PGPooledConnection {
        switch try await state.acquire() {
        case .existing(let pooled):
            return pooled
        case .open:
            do {
                return try await threads.runIfActive { PGPooledConnection(try self.openConnection()) }
            } catch {
                await state.slotFreed()
                throw error
            }
        }
    }

    /// Replaces a connection that died while idle; runs on a pool thread.
    private func revalidate(_ pooled: PGPooledConnection) throws {
        guard !pooled.connection.isAliveAndIdle() else { return }
        logger.info("replacing dead pooled connection", metadata: ["db.backend_pid": "\(pooled.connection.backendPID)"])
        pooled.connection = try openConnection()
    }

    private func openConnection() throws -> PGConnection {
        let connection = try PGConnection.connect(configuration.conninfo, options: configuration.connectionOptions, logger: logger)
        for statement in configuration.sessionSetup { try connection.executeScript(statement) }
        return connection
    }
}
