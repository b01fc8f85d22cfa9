import DequeModule
import Synchronization

/// The pool's bookkeeping, with no I/O: who holds a connection, who waits, and how many exist.
///
/// Waiters are served strictly in arrival order. The number of connections (idle + leased +
/// being opened) never exceeds `maxConnections`.
actor PGPoolState {
    enum Lease: Sendable {
        /// Reuse this connection.
        case existing(PGPooledConnection)
        /// A slot was reserved: the caller opens a new connection.
        case open
    }

    private let maxConnections: Int
    private var idle: [PGPooledConnection] = []
    private var waiters: Deque<(id: Int, continuation: CheckedContinuation<Lease, any Error>)> = [] {
        didSet { waiting.store(waiters.count, ordering: .relaxed) }
    }
    /// How many wait for a connection, readable without the actor: a lease holder running
    /// several jobs in a row gives its connection back when someone waits.
    nonisolated let waiting = Atomic<Int>(0)
    private var nextWaiterID = 0
    private(set) var openCount = 0
    private var closed = false

    init(maxConnections: Int) { self.maxConnections = max(1, maxConnections) }

    func acquire() async throws -> Lease {
        if closed { throw PGError(code: .poolClosed, message: "connection pool is shut down") }
        if let connection = idle.popLast() { return .existing(connection) }
        if openCount < maxConnections {
            openCount += 1
            return .open
        }
        let id = nextWaiterID
        nextWaiterID += 1
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters.append((id, continuation))
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    /// Returns a connection; a broken one is dropped and its slot handed on.
    func release(_ connection: PGPooledConnection, reusable: Bool) {
        if reusable && !closed {
            if waiters.isEmpty {
                idle.append(connection)
            } else {
                waiters.removeFirst().continuation.resume(returning: .existing(connection))
            }
        } else {
            slotFreed()
        }
    }

    /// An opened slot failed to connect, or its connection was discarded.
    func slotFreed() {
        if !closed, !waiters.isEmpty {
            waiters.removeFirst().continuation.resume(returning: .open)
        } else {
            openCount -= 1
        }
    }

    /// Closes the pool: waiters fail, idle connections are handed back for closing.
    func close() -> [PGPooledConnection] {
        closed = true
        for waiter in waiters {
            waiter.continuation.resume(throwing: PGError(code: .poolClosed, message: "connection pool is shut down"))
        }
        waiters.removeAll()
        let drained = idle
        openCount -= idle.count
        idle.removeAll()
        return drained
    }

    var idleCount: Int { idle.count }
    var leasedCount: Int { openCount - idle.count }
    var waiterCount: Int { waiters.count }

    private func cancelWaiter(_ id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }
}

/// A connection on loan from the pool.
///
/// `@unchecked Sendable` because the pool hands each one to exactly one lease at a time, and a
/// lease only touches it from inside one blocking job on the pool's threads.
final class PGPooledConnection: @unchecked Sendable {
    var connection: PGConnection
    init(_ connection: PGConnection) { self.connection = connection }
}
