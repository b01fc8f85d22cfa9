import Logging
import NIOCore
import NIOPosix
import Synchronization

/// A Varlink server on a Unix socket, built on SwiftNIO.
///
/// ```swift
/// var service = VarlinkService(vendor: "Example", product: "exampled", version: "1", url: "https://example.org")
/// var admin = try VarlinkInterface(description: adminIDL)
/// try admin.implement("Ping") { call in ["pong": call.parameters["ping"] ?? ""] }
/// try service.add(admin)
/// let server = VarlinkServer(service: service, logger: logger)
/// if let fd = try SystemdSocketActivation.takeListeningSocket() {
///     try await server.listen(on: .inheritedSocket(fd))
/// } else {
///     try await server.listen(on: .unixPath("/run/exampled/org.example.admin", mode: 0o660))
/// }
/// try await server.run()            // until shutdown() or task cancellation
/// ```
///
/// Each connection reads the peer's credentials (`SO_PEERCRED`) once when accepted and processes
/// its calls strictly in order (see `VarlinkConnectionHandler` for the per-connection rules).
/// Limits (``VarlinkServerLimits``) can be changed while running with ``updateLimits(_:)``.
///
/// Shutdown (``shutdown(gracePeriod:)``) stops accepting, lets each call in flight finish (streams
/// are cancelled so they end with their final reply or are closed), closes idle connections, and
/// returns once every connection is gone.
public final class VarlinkServer: Sendable {
    private enum Phase {
        case idle
        case starting
        case listening(any Channel)
        case shuttingDown
        case stopped
    }

    private struct Connection {
        let channel: any Channel
        let handler: NIOLoopBound<VarlinkConnectionHandler>
    }

    private struct State {
        var phase = Phase.idle
        var connections: [UInt64: Connection] = [:]
        var nextConnectionID: UInt64 = 1
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
        var socketPath: String?
    }

    private let service: VarlinkService
    private let errorNames: VarlinkServerErrorNames
    private let limitsBox: VarlinkLimitsBox
    private let group: any EventLoopGroup
    private let logger: Logger
    private let state = Mutex(State())

    public init(
        service: VarlinkService,
        configuration: VarlinkServerConfiguration = VarlinkServerConfiguration(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger
    ) {
        self.service = service
        self.errorNames = configuration.errorNames
        self.limitsBox = VarlinkLimitsBox(configuration.limits)
        self.group = group
        self.logger = logger
    }

    // MARK: - Limits and introspection

    /// The limits in force.
    public var limits: VarlinkServerLimits { limitsBox.current }

    /// Replaces the limits; open connections pick them up at their next message or timer.
    public func updateLimits(_ limits: VarlinkServerLimits) {
        limitsBox.current = limits
        logger.info(
            "Varlink limits updated",
            metadata: [
                "limit.message_size": "\(limits.maxMessageSize)",
                "limit.connections": "\(limits.maxConnections)",
                "limit.idle_timeout": "\(limits.idleTimeout)",
                "limit.read_timeout": "\(limits.readTimeout)",
            ]
        )
    }

    /// Connections currently open (not counting rejected ones).
    public var connectionCount: Int { state.withLock { $0.connections.count } }

    /// The bound path for `.unixPath`, else `nil`.
    public var socketPath: String? { state.withLock { $0.socketPath } }

    // MARK: - Starting

    /// Starts accepting connections on `address`. Returns once listening (for a Unix path: bound,
    /// with mode and group set).
    public func listen(on address: VarlinkListenAddress) async throws {
        try state.withLock { (state: inout State) throws(VarlinkServerError) in
            guard case .idle = state.phase else { throw .alreadyStarted }
            state.phase = .starting
        }
        let channel: any Channel
        do {
            channel = try await bind(address)
        } catch {
            state.withLock { if case .starting = $0.phase { $0.phase = .idle } }
            throw error
        }
        let accepted = state.withLock { (state: inout State) -> Bool in
            guard case .starting = state.phase else { return false }
            state.phase = .listening(channel)
            if case .unixPath(let path, _, _) = address { state.socketPath = path }
            return true
        }
        guard accepted else {
            // shutdown() ran while binding.
            try? await channel.close()
            throw VarlinkServerError.alreadyStarted
        }
        logger.info("Varlink server listening", metadata: ["varlink.address": "\(Self.describe(address))"])
    }

    private func bind(_ address: VarlinkListenAddress) async throws -> any Channel {
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { [self] channel in
                initializeConnection(channel)
            }
        switch address {
        case .unixPath(let path, let mode, let groupID):
            try UnixSocketFile.removeIfStale(path)
            // Bound under a staging name and moved into place once mode and group are set, so
            // the socket never appears at `path` with the umask's mode and the owner's group.
            let staging = UnixSocketFile.stagingPath(for: path)
            if let staging { try UnixSocketFile.removeIfStale(staging) }
            let bound = staging ?? path
            let channel = try await bootstrap.bind(unixDomainSocketPath: bound, cleanupExistingSocketFile: false).get()
            do {
                try UnixSocketFile.setPermissions(bound, mode: mode, groupID: groupID)
                if let staging { try UnixSocketFile.move(staging, to: path) }
            } catch {
                try? await channel.close()
                if let staging { UnixSocketFile.discard(staging) }
                throw error
            }
            return channel
        case .inheritedSocket(let descriptor):
            try SystemdSocketActivation.checkListeningStreamSocket(descriptor)
            return try await bootstrap.withBoundSocket(descriptor).get()
        }
    }

    private static func describe(_ address: VarlinkListenAddress) -> String {
        switch address {
        case .unixPath(let path, _, _): return "unix:\(path)"
        case .inheritedSocket(let descriptor): return "fd:\(descriptor)"
        }
    }

    // MARK: - Connections

    private enum Admission {
        case accept(VarlinkConnectionHandler)
        case reject(limit: Int)
        case refuse
    }

    /// Runs on the new channel's event loop.
    private func initializeConnection(_ channel: any Channel) -> EventLoopFuture<Void> {
        PeerCredentialsReader.read(from: channel).flatMapThrowing { [self] peer in
            let limits = limitsBox.current
            let admission = state.withLock { (state: inout State) -> Admission in
                // An inherited socket (systemd activation) can hold a connection already, which
                // NIO accepts as soon as the socket is registered, before `listen` has recorded
                // `.listening`: that first connection is the one the activation was for.
                switch state.phase {
                case .starting, .listening: break
                case .idle, .shuttingDown, .stopped: return .refuse
                }
                guard state.connections.count < limits.maxConnections else {
                    return .reject(limit: limits.maxConnections)
                }
                let id = state.nextConnectionID
                state.nextConnectionID += 1
                let handler = VarlinkConnectionHandler(
                    connectionID: id,
                    peer: peer,
                    service: service,
                    limits: limitsBox,
                    errorNames: errorNames,
                    logger: logger
                )
                state.connections[id] = Connection(
                    channel: channel,
                    handler: NIOLoopBound(handler, eventLoop: channel.eventLoop)
                )
                return .accept(handler)
            }
            switch admission {
            case .accept(let handler):
                let id = handler.connectionID
                channel.closeFuture.whenComplete { [self] _ in connectionClosed(id) }
                let limitsBox = limitsBox
                try channel.pipeline.syncOperations.addHandlers(
                    ByteToMessageHandler(NULFrameDecoder(maxFrameSizeProvider: { limitsBox.current.maxMessageSize })),
                    handler
                )
            case .reject(let limit):
                logger.warning(
                    "Varlink connection refused: too many connections",
                    metadata: ["limit": "\(limit)", "peer.uid": "\(peer.uid)", "peer.pid": "\(peer.pid)"]
                )
                let reply = VarlinkReplyMessage(parameters: ["limit": .int(Int64(limit))], error: errorNames.tooManyConnections)
                try channel.pipeline.syncOperations.addHandler(VarlinkRejectHandler(reply: reply))
            case .refuse:
                throw ChannelError.ioOnClosedChannel
            }
        }
    }

    private func connectionClosed(_ id: UInt64) {
        state.withLock { _ = $0.connections.removeValue(forKey: id) }
    }

    // MARK: - Running and stopping

    /// Serves until ``shutdown(gracePeriod:)`` completes. Cancelling the calling task starts a
    /// graceful shutdown; `run` returns once it is complete.
    public func run() async throws {
        let started = state.withLock { (state: inout State) -> Bool in
            if case .idle = state.phase { return false }
            return true
        }
        guard started else { throw VarlinkServerError.notStarted }
        await withTaskCancellationHandler {
            await waitUntilStopped()
        } onCancel: {
            Task { await self.shutdown() }
        }
    }

    /// Graceful shutdown; see the type's documentation. With `gracePeriod`, connections still open
    /// after it are closed forcibly (their handlers cancelled). Safe to call several times; every
    /// caller returns once the server has stopped.
    public func shutdown(gracePeriod: Duration? = nil) async {
        enum Action {
            case shutDown(any Channel, [Connection])
            case wait
            case done
        }
        let action = state.withLock { (state: inout State) -> Action in
            switch state.phase {
            case .idle, .starting:
                state.phase = .stopped
                return .done
            case .listening(let channel):
                state.phase = .shuttingDown
                return .shutDown(channel, Array(state.connections.values))
            case .shuttingDown:
                return .wait
            case .stopped:
                return .done
            }
        }
        switch action {
        case .done:
            resumeStopWaiters()
        case .wait:
            await waitUntilStopped()
        case .shutDown(let channel, let connections):
            logger.info("Varlink server shutting down", metadata: ["connections": "\(connections.count)"])
            try? await channel.close()
            // NIO removes the socket file under the name it bound, which was the staging name.
            if let path = state.withLock({ $0.socketPath }) { UnixSocketFile.discard(path) }
            for connection in connections {
                let handler = connection.handler
                handler.eventLoop.execute { handler.value.beginGracefulShutdown() }
            }
            let forceTask = gracePeriod.map { period in
                Task {
                    try await Task.sleep(for: period)
                    for connection in connections {
                        let handler = connection.handler
                        handler.eventLoop.execute { handler.value.forceClose() }
                    }
                }
            }
            for connection in connections {
                try? await connection.channel.closeFuture.get()
            }
            forceTask?.cancel()
            state.withLock {
                $0.phase = .stopped
                $0.socketPath = nil
            }
            logger.info("Varlink server stopped")
            resumeStopWaiters()
        }
    }

    private func waitUntilStopped() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let stopped = state.withLock { (state: inout State) -> Bool in
                if case .stopped = state.phase { return true }
                state.stopWaiters.append(continuation)
                return false
            }
            if stopped { continuation.resume() }
        }
    }

    private func resumeStopWaiters() {
        let waiters = state.withLock { (state: inout State) -> [CheckedContinuation<Void, Never>] in
            defer { state.stopWaiters = [] }
            return state.stopWaiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
