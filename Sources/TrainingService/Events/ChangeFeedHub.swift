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
/// then rests `interval` before reading again, however many notifications came meanwhile, so
/// writers see at most a few such reads per second whatever the number of watchers. It keeps
/// the last `capacity` changes in a window; each Watch call takes its changes from there and
/// filters them itself. A call behind the window (a slow client, or `since` long ago) reads the
/// log itself (`ChangeFeedStore.changes`) until it is back inside it.
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
    }

    private struct Watcher {
        var wake: AsyncStream<Void>.Continuation
        var failure: (any Error)?
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
    let interval: Duration
    private let state = Mutex(State())

    init(feed: ChangeFeedStore, listener: PGNotificationListener, capacity: Int = 4_096, interval: Duration = .milliseconds(50)) {
        self.feed = feed
        self.listener = listener
        self.capacity = capacity
        self.interval = interval
    }

    /// Registers a Watch call of `tenant`. The tenant's notifications are followed from before
    /// this returns, so a call that reads its starting point afterwards misses nothing.
    func subscribe(_ tenant: UUID) -> Subscription {
        startListening()
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let (id, startReader, stopped) = state.withLock { s -> (Int, Int?, Bool) in
            s.nextID += 1
            guard !s.stopped else { return (s.nextID, nil, true) }
            var tail = s.tails[tenant] ?? Tail(generation: s.nextID)
            tail.watchers[s.nextID] = Watcher(wake: continuation)
            // A new tail (or one whose last read failed) learns its position first.
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
    func window(_ subscription: Subscription, after sequence: Int64, limit: Int = 1_000) -> Window {
        state.withLock { s in
            guard let tail = s.tails[subscription.tenant], let watcher = tail.watchers[subscription.id] else { return .waiting }
            if let failure = watcher.failure { return .failed(failure) }
            guard let position = tail.position else { return .waiting }
            guard sequence >= tail.start else { return .behind }
            guard sequence < position else { return .waiting }
            let first = tail.changes.partitioningIndex { $0.sequence > sequence }
            let last = min(first + limit, tail.changes.count)
            let upTo = last == tail.changes.count ? position : tail.changes[last - 1].sequence
            return .changes(Array(tail.changes[first..<last]), upTo: upTo)
        }
    }

    /// The position the window is complete up to: everything Watch streams up to it is
    /// committed and was read. Nil before the tenant's first read.
    func position(_ tenant: UUID) -> Int64? {
        state.withLock { $0.tails[tenant]?.position }
    }

    // MARK: - The reader

    private func startListening() {
        let start = state.withLock { s in
            defer { s.listening = true }
            return !s.listening
        }
        guard start else { return }
        let (_, events) = listener.subscribe()
        Task { [self] in
            for await event in events {
                switch event {
                case .notification(let payload):
                    if let tenant = UUID(text: payload) { markDirty { $0 == tenant } }
                case .resynchronize:
                    markDirty { _ in true }
                }
            }
            stop()
        }
    }

    /// The listener ended (shutdown): every Watch call's wake-ups end with it.
    private func stop() {
        let wakes = state.withLock { s in
            s.stopped = true
            defer { s.tails.removeAll() }
            return s.tails.values.flatMap { $0.watchers.values.map(\.wake) }
        }
        wakes.forEach { $0.finish() }
    }

    private func markDirty(_ matches: (UUID) -> Bool) {
        let starts = state.withLock { s in
            var starts: [(UUID, Int)] = []
            for tenant in s.tails.keys where matches(tenant) {
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
    /// clean or gone.
    private func read(_ tenant: UUID, generation: Int) async {
        while let from = take(tenant, generation) {
            do {
                if let from {
                    apply(tenant, generation, try await readAll(tenant, after: from))
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

    /// Everything after `sequence`, page by page, and the last seq read (or `sequence`).
    private func readAll(_ tenant: UUID, after sequence: Int64) async throws -> ([Change], Int64) {
        var all: [Change] = []
        var last = sequence
        while true {
            let page = try await feed.changes(tenant: tenant, after: last, event: nil, kinds: nil, limit: 1_000)
            all += page
            last = page.last?.sequence ?? last
            if page.count < 1_000 { return (all, last) }
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

    private func apply(_ tenant: UUID, _ generation: Int, _ read: (changes: [Change], last: Int64)) {
        let wakes = state.withLock { s -> [AsyncStream<Void>.Continuation] in
            guard var tail = s.tails[tenant], tail.generation == generation else { return [] }
            if tail.position == nil { tail.start = read.last }
            guard tail.position != read.last else { return [] }
            tail.position = read.last
            tail.changes += read.changes
            let excess = tail.changes.count - capacity
            if excess > 0 {
                tail.start = tail.changes[excess - 1].sequence
                tail.changes.removeFirst(excess)
            }
            s.tails[tenant] = tail
            return tail.watchers.values.map(\.wake)
        }
        wakes.forEach { $0.yield() }
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
