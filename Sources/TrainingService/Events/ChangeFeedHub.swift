import Foundation
import Postgres
import Synchronization
import TrainingCore
import TrainingStore
import UUIDText

/// One reader of each tenant's change log for all of that tenant's Events.Watch calls.
///
/// Why: a complete read of the log takes the tenant's change-log lock exclusive
/// (`ChangeFeedStore.waitForWriters`), which waits for every attendance, registration or import
/// transaction in flight and holds new ones back meanwhile. When each Watch call read the log
/// itself on every notification, 8 clients recording single marks lost a third of their calls/s
/// to one watcher, four fifths to ten and more than nine tenths to thirty (docs/benchmarks.md).
/// Here a tenant with watchers has one reader task: on a notification it reads what is new,
/// page by page, then rests `interval` before reading again, however many notifications came
/// meanwhile, so writers see a few such reads per second whatever the number of watchers. It
/// keeps the newest changes in a window: at least `capacity`, and more while a watcher still
/// needs them (a 10,000-row import is one transaction), up to `maximum`. Each Watch call takes
/// its changes from there and filters them itself. A call behind the window (a client slower
/// than `maximum` changes, or `since` long ago) reads the log itself
/// (`ChangeFeedStore.changes`) until it is back inside it.
///
/// The window holds every change Watch streams with a seq in (start, position], read under
/// the exclusive lock, so a call that has everything up to `last` (start <= last) gets exactly
/// what it lacks, and after it everything up to `position`: nothing is skipped or sent twice.
final class ChangeFeedHub: Sendable {
    /// What a Watch call gets from the window after its last sequence.
    enum Window {
        /// Changes after it in seq order, and the position the window is complete up to.
        case changes([Change], upTo: Int64)
        /// Nothing new yet: wait for a wake-up.
        case waiting
        /// The window starts after it: read the log directly.
        case behind
        /// The tenant's reader failed; the call ends with this error.
        case failed(any Error)
    }

    /// A Watch call's registration: its wake-ups come on `wakeUps` (one pending at most).
    struct Subscription: Sendable {
        let tenant: UUID
        let id: Int
        let wakeUps: AsyncStream<Void>
    }

    /// A tenant's window and watchers. `generation` tells a reader whether the tail it read
    /// for is still the one in place (the last watcher leaving removes it).
    private struct Tail {
        var generation: Int
        var position: Int64?
        var start: Int64 = 0
        var changes: [Change] = []
        var watchers: [Int: Watcher] = [:]
        var dirty = true
        var reading = false

        /// What watcher `id` gets after `sequence`; records how far it has come, so that `trim`
        /// keeps what it still needs (nothing when it is behind: it reads the log itself and
        /// comes back past `start`).
        mutating func window(for id: Int, after sequence: Int64, limit: Int) -> Window {
            guard let watcher = watchers[id] else { return .waiting }
            if let failure = watcher.failure { return .failed(failure) }
            let behind = position != nil && sequence < start
            watchers[id]!.last = behind ? nil : sequence
            guard let position else { return .waiting }
            guard !behind else { return .behind }
            guard sequence < position else { return .waiting }
            let first = changes.partitioningIndex { $0.sequence > sequence }
            let last = min(first + limit, changes.count)
            let upTo = last == changes.count ? position : changes[last - 1].sequence
            return .changes(Array(changes[first..<last]), upTo: upTo)
        }
    }

    private struct Watcher {
        var wake: AsyncStream<Void>.Continuation
        var failure: (any Error)?
        /// The sequence it last asked the window for; the window keeps what comes after it.
        var last: Int64?
    }

    private struct State {
        var tails: [UUID: Tail] = [:]
        var nextID = 0
        var listening = false
        var stopped = false
    }

    let feed: ChangeFeedStore
    let listener: PGNotificationListener
    let capacity: Int
    let maximum: Int
    let interval: Duration
    /// Changes per read of the log.
    static let page = 1_000
    private let state = Mutex(State())

    /// Follows the listener from here on, so no notification can fall between a Watch call's
    /// registration and its first read.
    init(feed: ChangeFeedStore, listener: PGNotificationListener, capacity: Int = 4_096, maximum: Int = 16_384,
         interval: Duration = .milliseconds(50)) {
        self.feed = feed
        self.listener = listener
        self.capacity = capacity
        self.maximum = maximum
        self.interval = interval
        let (_, events) = listener.subscribe()
        Task { [self] in
            for await event in events {
                switch event {
                case .notification(let payload):
                    if let tenant = UUID(text: payload) { markDirty(tenant) }
                case .resynchronize:
                    markDirty(nil)
                }
            }
            stop()
        }
    }

    /// Whether the daemon is shutting down (Watch calls then end with ShuttingDown).
    var isStopping: Bool { listener.isStopped }

    /// Registers a Watch call of `tenant`. The tenant's notifications are followed from before
    /// this returns, so a call that reads its starting point afterwards misses nothing.
    func subscribe(_ tenant: UUID) -> Subscription {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let (id, startReader, stopped) = state.withLock { s -> (Int, Int?, Bool) in
            s.nextID += 1
            guard !s.stopped else { return (s.nextID, nil, true) }
            var tail = s.tails[tenant] ?? Tail(generation: s.nextID)
            tail.watchers[s.nextID] = Watcher(wake: continuation)
            // A new tail learns its position first.
            let start = tail.position == nil && !tail.reading ? tail.generation : nil
            if start != nil { tail.reading = true }
            s.tails[tenant] = tail
            return (s.nextID, start, false)
        }
        if stopped { continuation.finish() }
        if let generation = startReader { spawnReader(tenant, generation: generation) }
        return Subscription(tenant: tenant, id: id, wakeUps: stream)
    }

    func unsubscribe(_ subscription: Subscription) {
        let wake = state.withLock { s -> AsyncStream<Void>.Continuation? in
            guard var tail = s.tails[subscription.tenant], let watcher = tail.watchers.removeValue(forKey: subscription.id) else { return nil }
            s.tails[subscription.tenant] = tail.watchers.isEmpty ? nil : tail
            return watcher.wake
        }
        wake?.finish()
    }

    /// The changes after `sequence` the window holds, or what the call must do instead.
    func window(_ subscription: Subscription, after sequence: Int64, limit: Int = page) -> Window {
        state.withLock { s in
            s.tails[subscription.tenant]?.window(for: subscription.id, after: sequence, limit: limit) ?? .waiting
        }
    }

    /// The position the window is complete up to: every change up to it is committed (it was
    /// read under the exclusive change-log lock), so a read of the log that begins after this
    /// returns all of them it asks for. Nil before the tenant's first read.
    func position(_ tenant: UUID) -> Int64? {
        state.withLock { $0.tails[tenant]?.position }
    }

    // MARK: - The reader

    /// The listener ended (shutdown): every Watch call's wake-ups end with it.
    private func stop() {
        let wakes = state.withLock { s in
            s.stopped = true
            defer { s.tails.removeAll() }
            return s.tails.values.flatMap { $0.watchers.values.map(\.wake) }
        }
        wakes.forEach { $0.finish() }
    }

    /// A notification for `tenant` (nil: for every tenant).
    private func markDirty(_ only: UUID?) {
        let starts = state.withLock { s in
            var starts: [(UUID, Int)] = []
            for tenant in only.map({ [$0] }) ?? Array(s.tails.keys) where s.tails[tenant] != nil {
                s.tails[tenant]!.dirty = true
                if !s.tails[tenant]!.reading {
                    s.tails[tenant]!.reading = true
                    starts.append((tenant, s.tails[tenant]!.generation))
                }
            }
            return starts
        }
        for (tenant, generation) in starts { spawnReader(tenant, generation: generation) }
    }

    private func spawnReader(_ tenant: UUID, generation: Int) {
        Task { [self] in await read(tenant, generation: generation) }
    }

    /// Reads while the tail is dirty, resting `interval` after each read; ends when it is
    /// clean or gone. Each page goes into the window as soon as it is read.
    private func read(_ tenant: UUID, generation: Int) async {
        while let from = take(tenant, generation) {
            do {
                if var last = from {
                    while true {
                        let page = try await feed.changes(tenant: tenant, after: last, event: nil, kinds: nil, limit: Self.page)
                        last = page.last?.sequence ?? last
                        guard apply(tenant, generation, (page, last)), page.count == Self.page else { break }
                    }
                } else {
                    let latest = try await feed.latestSequence(tenant: tenant)
                    apply(tenant, generation, ([], latest))
                }
            } catch {
                fail(tenant, generation, error)
            }
            try? await Task.sleep(for: interval)
            guard finishUnlessDirty(tenant, generation) else { return }
        }
    }

    /// Starts a read: the position to read after (nil: not known yet), or nil when the tail is
    /// gone.
    private func take(_ tenant: UUID, _ generation: Int) -> Int64?? {
        state.withLock { s in
            guard var tail = s.tails[tenant], tail.generation == generation else { return nil }
            tail.dirty = false
            s.tails[tenant] = tail
            return .some(tail.position)
        }
    }

    /// Puts a page into the window and wakes the watchers; false when the tail is gone.
    @discardableResult
    private func apply(_ tenant: UUID, _ generation: Int, _ read: (changes: [Change], last: Int64)) -> Bool {
        let wakes = state.withLock { s -> [AsyncStream<Void>.Continuation]? in
            guard s.tails[tenant]?.generation == generation else { return nil }
            if s.tails[tenant]!.position == nil { s.tails[tenant]!.start = read.last }
            guard s.tails[tenant]!.position != read.last else { return [] }
            s.tails[tenant]!.position = read.last
            s.tails[tenant]!.changes += read.changes
            trim(&s.tails[tenant]!)
            return s.tails[tenant]!.watchers.values.map(\.wake)
        }
        wakes?.forEach { $0.yield() }
        return wakes != nil
    }

    /// Drops the oldest changes beyond `capacity` that every watcher has had, and beyond
    /// `maximum` whatever they had.
    private func trim(_ tail: inout Tail) {
        let slowest = tail.watchers.values.compactMap(\.last).min() ?? tail.position ?? 0
        let had = tail.changes.partitioningIndex { $0.sequence > slowest }
        let drop = max(min(tail.changes.count - capacity, had), tail.changes.count - maximum)
        guard drop > 0 else { return }
        tail.start = tail.changes[drop - 1].sequence
        tail.changes.removeFirst(drop)
    }

    /// A failed read ends every current Watch call of the tenant with its error; the window
    /// starts afresh for calls that come later.
    private func fail(_ tenant: UUID, _ generation: Int, _ error: any Error) {
        let wakes = state.withLock { s -> [AsyncStream<Void>.Continuation] in
            guard var tail = s.tails[tenant], tail.generation == generation else { return [] }
            for id in tail.watchers.keys { tail.watchers[id]!.failure = error }
            tail.position = nil
            tail.changes = []
            tail.dirty = true
            s.tails[tenant] = tail
            return tail.watchers.values.map(\.wake)
        }
        wakes.forEach { $0.yield() }
    }

    /// After a read: true to read again (notified meanwhile), false once the reader ended.
    private func finishUnlessDirty(_ tenant: UUID, _ generation: Int) -> Bool {
        state.withLock { s in
            guard var tail = s.tails[tenant], tail.generation == generation else { return false }
            guard !tail.dirty else { return true }
            tail.reading = false
            s.tails[tenant] = tail
            return false
        }
    }
}

extension Array {
    /// The first index whose element satisfies `predicate`, which must be false for a prefix
    /// and true for the rest (binary search).
    fileprivate func partitioningIndex(where predicate: (Element) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if predicate(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
