import Postgres
import Synchronization
import TrainingCore

/// Records concurrent RecordAttendance calls for the same event together: group commit.
///
/// Why: at eight clients marking one hall, each call paid the whole fixed price of a
/// transaction (its backend's executor start-up and planning, BEGIN, COMMIT, a pool lease and
/// the thread hops around it) for one row; see `RecordAttendanceBatchStatement`.
///
/// How: a call for a lane (tenant and event reference) with no transaction running runs at
/// once, alone, so a lone clerk waits for nothing. A call arriving while one runs waits; when
/// a transaction ends, the calls waiting in its lane go in the next one, as many as
/// `AttendanceBatching.select` lets share it (disjoint marks, within the limits). Every call
/// still gets its own answer, and is acknowledged only once the transaction holding its marks
/// committed.
///
/// A lane's transactions run one after another in one driver task while calls keep waiting
/// (`Driver`); the store's driver (`AttendanceStore.drive`) keeps one pooled connection for
/// them (up to 64 transactions a lease, fewer when others wait for the pool), and sends the
/// next batch from the connection's thread as soon as the last one committed, with no trip
/// through the pool or the cooperative threads in between.
/// Before, the lane's backend sat idle for that trip, about a fifth of the time at 8 clients;
/// interleaved 10 s runs on the kept full cluster read 3,704 calls/s on average (5 runs) with a
/// lease per transaction and 4,042 with the driver (docs/benchmarks.md, ninth round).
///
/// A lane runs a second (up to `maxRunning`) transaction at once only for work worth a
/// transaction of its own: when the calls waiting hold at least `parallelMarks` marks (a day's
/// sheet); a call that large arriving while one runs goes at once. A call never overtakes an
/// earlier one marking the same person and day: it waits while a running transaction or an
/// earlier waiting call holds that mark (`AttendanceBatching`).
///
/// Measured on the bench's full data set, 8 clients, 10 s runs alternating, every mark new
/// (docs/benchmarks.md, sixth round):
/// - one mark per call: ungrouped 1,350 / 1,325 calls/s; one transaction per lane 2,462 /
///   2,648 / 2,493 / 2,377; two at once 2,211 / 2,304. Small calls gain from sharing, and
///   transactions of one event running at once contend (its row lock: two `FOR SHARE` lockers
///   make a multixact; the change-log and audit-log index pages) and each carries fewer calls;
/// - sheets of 30 marks: ungrouped 13,167 / 12,279 rows/s; one transaction per lane 10,218 /
///   9,753 (60-67 % busy: a core idle); this rule 14,913 / 14,724 (95 % busy).
///
/// Rechecked with the driver (ninth round): two or three transactions at once for single marks
/// still lose (2,684 / 2,720 and 2,164 / 2,534 calls/s against 3,805 / 3,024 for one): with two
/// running, PostgreSQL's CPU per call went from 245 to 435 µs.
final class AttendanceGroupCommit: Sendable {
    /// Records calls of one lane in one transaction; one result per call, in order (the
    /// scheduling tests drive the group commit with one).
    typealias Recorder = @Sendable ([AttendanceMarksCall]) async -> [Result<AttendanceRecording, any Error>]

    /// Hands a recorded batch's results back; returns the lane's next batch for the same
    /// driver, or nil (the slot is then free): nothing waits, the waiting calls share a mark
    /// with another running transaction (which takes them when it ends), or enough others run.
    typealias Finish = @Sendable (Batch, [Result<AttendanceRecording, any Error>]) -> Batch?

    /// Records `first`, passes its results to `finish`, and goes on with the batch `finish`
    /// returns until it returns nil. It must pass every batch it is given to `finish` exactly
    /// once, with one result per call (a failure for each when it could not record them), or
    /// their callers wait forever.
    typealias Driver = @Sendable (_ first: Batch, _ finish: @escaping Finish) async -> Void

    /// Calls that share one transaction.
    struct Batch: Sendable {
        fileprivate let waiters: [Waiter]
        /// Set by the first `finish`: a driver that finished a batch twice would resume its
        /// callers twice and free its slot twice.
        fileprivate let finished = FinishedFlag()
        var calls: [AttendanceMarksCall] { waiters.map(\.call) }
    }

    fileprivate final class FinishedFlag: Sendable {
        private let value = Atomic<Bool>(false)
        /// True the first time only.
        func set() -> Bool { !value.exchange(true, ordering: .acquiringAndReleasing) }
    }

    fileprivate struct Waiter: Sendable {
        let call: AttendanceMarksCall
        let continuation: CheckedContinuation<AttendanceRecording, any Error>
    }

    private struct LaneState {
        var running = 0
        var waiting: [Waiter] = []
        var waitingMarks = 0
        /// The marks of the running transactions: a waiting call sharing one waits for them.
        var busy = Set<AttendanceMarksCall.PersonDay>()
    }

    let maxRunning: Int
    let parallelMarks: Int
    let limits: AttendanceBatching.Limits
    private let driver: Driver
    private let lanes = Mutex<[AttendanceMarksCall.Lane: LaneState]>([:])

    init(maxRunning: Int = 3, parallelMarks: Int = 30, limits: AttendanceBatching.Limits = .init(calls: 64, marks: 2_000),
         driver: @escaping Driver) {
        self.maxRunning = max(1, maxRunning)
        self.parallelMarks = max(1, parallelMarks)
        self.limits = limits
        self.driver = driver
    }

    /// A driver that records each batch with `recorder`, one after another.
    convenience init(maxRunning: Int = 3, parallelMarks: Int = 30, limits: AttendanceBatching.Limits = .init(calls: 64, marks: 2_000),
                     recorder: @escaping Recorder) {
        self.init(maxRunning: maxRunning, parallelMarks: parallelMarks, limits: limits) { first, finish in
            var batch = first
            while let next = finish(batch, await recorder(batch.calls)) { batch = next }
        }
    }

    func record(_ call: AttendanceMarksCall) async throws -> AttendanceRecording {
        try await withCheckedThrowingContinuation { continuation in
            let waiter = Waiter(call: call, continuation: continuation)
            let batch = lanes.withLock { lanes -> [Waiter]? in
                var state = lanes[call.lane] ?? LaneState()
                defer { lanes[call.lane] = state }
                // Alone at once when nobody waits (waiting calls go first), the lane may start a
                // transaction for it, and no running transaction marks what it marks.
                if state.waiting.isEmpty, mayStart(state, waitingMarks: call.entries.count), state.busy.isDisjoint(with: call.personDays) {
                    state.running += 1
                    state.busy.formUnion(call.personDays)
                    return [waiter]
                }
                state.waiting.append(waiter)
                state.waitingMarks += call.entries.count
                guard mayStart(state, waitingMarks: state.waitingMarks) else { return nil }
                return take(&state)
            }
            if let batch { startDriving(Batch(waiters: batch)) }
        }
    }

    /// Calls of `lane` waiting for a transaction (for tests that need calls queued).
    func waitingCount(_ lane: AttendanceMarksCall.Lane) -> Int {
        lanes.withLock { $0[lane]?.waiting.count ?? 0 }
    }

    /// Whether the lane may start one more transaction for calls holding `waitingMarks` marks.
    private func mayStart(_ state: LaneState, waitingMarks: Int) -> Bool {
        state.running == 0 || (state.running < maxRunning && waitingMarks >= parallelMarks)
    }

    /// The next batch of the lane after `finished` ended (keeping its slot), or nil after
    /// freeing the slot. Calls it leaves waiting share a mark with another running
    /// transaction, which takes them when it ends.
    private func nextBatch(_ lane: AttendanceMarksCall.Lane, finished: [AttendanceMarksCall]) -> [Waiter]? {
        lanes.withLock { lanes in
            guard var state = lanes[lane] else { return nil }
            state.running -= 1
            for call in finished { state.busy.subtract(call.personDays) }
            // A lane that ran several transactions at once (for sheets) goes back to one when
            // too little waits for another: the one still running takes the calls at its end.
            let batch = state.waiting.isEmpty || !mayStart(state, waitingMarks: state.waitingMarks) ? nil : take(&state)
            lanes[lane] = state.running == 0 && state.waiting.isEmpty ? nil : state
            return batch
        }
    }

    /// The recorder's answer for call `index`; a missing one (a bug) fails that call instead of
    /// leaving it waiting forever.
    private static func result(_ results: [Result<AttendanceRecording, any Error>], _ index: Int) -> Result<AttendanceRecording, any Error> {
        results.indices.contains(index)
            ? results[index]
            : .failure(PGError(code: .protocolViolation, message: "attendance group commit lost the answer of call \(index)"))
    }

    /// The next batch of the lane's waiting calls, counted as running with its marks busy; nil
    /// when every waiting call shares a mark with a running transaction.
    private func take(_ state: inout LaneState) -> [Waiter]? {
        let chosen = AttendanceBatching.select(state.waiting.map(\.call.personDays), limits: limits, busy: state.busy)
        guard !chosen.isEmpty else { return nil }
        let batch = chosen.map { state.waiting[$0] }
        let remove = Set(chosen)
        state.waiting = state.waiting.indices.filter { !remove.contains($0) }.map { state.waiting[$0] }
        state.waitingMarks -= batch.reduce(0) { $0 + $1.call.entries.count }
        state.running += 1
        for waiter in batch { state.busy.formUnion(waiter.call.personDays) }
        return batch
    }

    /// Runs batches of the lane while calls wait for it, in a task of its own: the callers
    /// wait only for their own batch.
    private func startDriving(_ first: Batch) {
        Task { await driver(first) { [self] batch, results in finish(batch, results) } }
    }

    /// The slot passes to the next batch before the answers go out, so an answered caller's
    /// next call finds the lane as it is.
    private func finish(_ batch: Batch, _ results: [Result<AttendanceRecording, any Error>]) -> Batch? {
        guard batch.finished.set() else {
            assertionFailure("attendance group commit: a batch finished twice")
            return nil
        }
        guard let lane = batch.waiters.first?.call.lane else { return nil }
        let next = nextBatch(lane, finished: batch.calls)
        for (index, waiter) in batch.waiters.enumerated() { waiter.continuation.resume(with: Self.result(results, index)) }
        return next.map { Batch(waiters: $0) }
    }
}
