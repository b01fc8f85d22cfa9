import Logging

#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// One LISTEN connection shared by everyone who waits for a channel's notifications.
///
/// It runs on a thread of its own, reconnects with backoff when the connection breaks, and
/// then tells every subscriber `.resynchronize`: notifications sent while it was away are
/// lost (PostgreSQL keeps none), so subscribers must re-read their source of truth.
public final class PGNotificationListener: Sendable {
    public enum Event: Sendable, Equatable {
        case notification(payload: String)
        /// The connection was re-established; anything may have been missed.
        case resynchronize
    }

    private let conninfo: PGConninfo
    private let channel: String
    private let sessionSetup: [String]
    private let logger: Logger
    private let subscribers = Mutex<[Int: AsyncStream<Event>.Continuation]>([:])
    private let nextID = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)

    public init(conninfo: PGConninfo, channel: String, sessionSetup: [String] = [], logger: Logger) {
        self.conninfo = conninfo
        self.channel = channel
        self.sessionSetup = sessionSetup
        self.logger = logger
    }

    /// Starts delivering; call `unsubscribe` when done. Subscribe before reading the state you
    /// will follow, so nothing committed in between is missed.
    public func subscribe() -> (id: Int, events: AsyncStream<Event>) {
        let id = nextID.add(1, ordering: .relaxed).newValue
        let (stream, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .bufferingNewest(64))
        if stopped.load(ordering: .relaxed) {
            continuation.finish()
        } else {
            subscribers.withLock { $0[id] = continuation }
        }
        return (id, stream)
    }

    public func unsubscribe(_ id: Int) {
        subscribers.withLock { $0.removeValue(forKey: id) }?.finish()
    }

    /// Whether `stop()` was called (the daemon is shutting down).
    public var isStopped: Bool { stopped.load(ordering: .relaxed) }

    /// Ends every subscription and the listening loop.
    public func stop() {
        stopped.store(true, ordering: .relaxed)
        let all = subscribers.withLock { current in
            defer { current.removeAll() }
            return Array(current.values)
        }
        all.forEach { $0.finish() }
    }

    /// Listens until `stop()`; returns then. Runs the blocking loop on a thread of its own.
    public func run() async {
        _ = try? await BlockingThread.run { self.loop() }
    }

    private func loop() {
        var delayMilliseconds: UInt32 = 200
        var connectedBefore = false
        while !stopped.load(ordering: .relaxed) {
            do {
                let connection = try PGConnection.connect(conninfo, options: .init(applicationName: "trainingd-listener"), logger: logger)
                for statement in sessionSetup { try connection.executeScript(statement) }
                try connection.listen(channel)
                if connectedBefore { deliver(.resynchronize) }
                connectedBefore = true
                delayMilliseconds = 200
                while !stopped.load(ordering: .relaxed) {
                    for note in try connection.waitForNotifications(timeoutMilliseconds: 250) {
                        deliver(.notification(payload: note.payload))
                    }
                }
            } catch {
                logger.warning("notification listener lost its connection", metadata: ["db.error": "\(error)"])
                Self.sleep(milliseconds: delayMilliseconds)
                delayMilliseconds = min(delayMilliseconds * 2, 5_000)
            }
        }
    }

    /// A subscriber too slow to take its notifications loses the oldest ones; it is then told
    /// `.resynchronize`, since it can no longer know what it missed.
    private func deliver(_ event: Event) {
        subscribers.withLock { current in
            for continuation in current.values {
                if case .dropped = continuation.yield(event), event != .resynchronize { continuation.yield(.resynchronize) }
            }
        }
    }

    private static func sleep(milliseconds: UInt32) {
        usleep(milliseconds * 1_000)
    }
}
