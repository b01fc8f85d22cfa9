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
final class AttendanceGroupCommit: Sendable {
    /// Records calls of one lane in one transaction; one result per call, in order.
    typealias Recorder = @Sendable ([AttendanceMarksCall]) async -> [Result<AttendanceRecording, any Error>]

    private struct Waiter: Sendable {
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
    private let recorder: Recorder
    private let lanes = Mutex<[AttendanceMarksCall.Lane: LaneState]>([:])

    init(maxRunning: Int = 3, parallelMarks: Int = 30, limits: AttendanceBatching.Limits = .init(calls: 64, marks: 2_000),
         recorder: @escaping Recorder) {
        self.maxRunning = max(1, maxRunning)
        self.parallelMarks = max(1, parallelMarks)
        self.limits = limits
        self.recorder = recorder
    }

    func record(_ call: AttendanceMarksCall) async throws -> AttendanceRecording {
        let lane = call.lane
        if claimSlotAtOnce(call) {
            let results = await recorder([call])
            if let next = nextBatch(lane, finished: [call]) { startDriving(lane, next) }
            return try Self.result(results, 0).get()
        }
        return try await withCheckedThrowingContinuation { continuation in
            let batch = lanes.withLock { lanes -> [Waiter]? in
                var state = lanes[lane] ?? LaneState()
                defer { lanes[lane] = state }
                state.waiting.append(Waiter(call: call, continuation: continuation))
                state.waitingMarks += call.entries.count
                // A transaction may have ended since `claimSlotAtOnce` looked.
                guard mayStart(state, waitingMarks: state.waitingMarks) else { return nil }
                return take(&state)
            }
            if let batch { startDriving(lane, batch) }
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

    /// Takes a slot for `call` alone when nobody waits (waiting calls go first), the lane may
    /// start a transaction for it, and no running transaction marks what it marks.
    private func claimSlotAtOnce(_ call: AttendanceMarksCall) -> Bool {
        lanes.withLock { lanes in
            var state = lanes[call.lane] ?? LaneState()
            guard state.waiting.isEmpty else { return false }
            guard mayStart(state, waitingMarks: call.entries.count), state.busy.isDisjoint(with: call.personDays) else { return false }
            state.running += 1
            state.busy.formUnion(call.personDays)
            lanes[call.lane] = state
            return true
        }
    }

    /// Called by a transaction that ended with `finished`: the next batch of its lane (keeping
    /// the slot), or nil after freeing the slot. Calls it leaves waiting share a mark with
    /// another running transaction, which takes them when it ends.
    private func nextBatch(_ lane: AttendanceMarksCall.Lane, finished: [AttendanceMarksCall]) -> [Waiter]? {
        lanes.withLock { lanes in
            guard var state = lanes[lane] else { return nil }
            state.running -= 1
            for call in finished { state.busy.subtract(call.personDays) }
            let batch = state.waiting.isEmpty ? nil : take(&state)
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

    /// Runs batches of `lane` while calls wait for it. A task of its own: the caller whose
    /// transaction freed the slot returns its answer without waiting for the next one.
    /// The slot passes to the next batch before the answers go out, as on the fast path, so an
    /// answered caller's next call finds the lane as it is.
    private func startDriving(_ lane: AttendanceMarksCall.Lane, _ first: [Waiter]) {
        Task {
            var batch = first
            while true {
                let results = await recorder(batch.map(\.call))
                let next = nextBatch(lane, finished: batch.map(\.call))
                for (index, waiter) in batch.enumerated() { waiter.continuation.resume(with: Self.result(results, index)) }
                guard let next else { return }
                batch = next
            }
        }
    }
}
