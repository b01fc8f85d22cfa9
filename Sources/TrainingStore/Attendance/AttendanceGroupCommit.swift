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
/// sheet). Measured on the bench's quick data set, 8 clients, alternating 10 s runs:
/// - one mark per call: one transaction per lane 5,723 / 6,320 calls/s, two 4,165 / 4,680,
///   three 3,148 / 4,195 (PostgreSQL CPU per call 105-116 µs against 189-341 µs): small calls
///   gain from sharing, and two transactions of one event contend on its row lock (`FOR SHARE`
///   by two transactions makes a multixact) and on the change-log lock;
/// - sheets of 30 marks: one at a time left a core idle (31,380 / 33,459 rows/s, 69 % busy),
///   three 36,954 / 37,422 (88-92 % busy); unbatched, 29,952 / 32,367.
/// With this rule (three at most, from 30 waiting marks): 5,142 / 4,967 calls/s and 34,077 /
/// 37,314 rows/s, against 4,972 / 4,513 and 29,316 / 30,939 with one at a time (same cluster,
/// alternating).
///
/// Transactions running at once may hold calls marking the same person and day (only calls
/// waiting together are kept apart, in arrival order): those behave as two concurrent calls
/// always did, the later commit wins and waits for the earlier one's row lock.
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
            if let next = nextBatch(lane) { startDriving(lane, next) }
            return try Self.result(results, 0).get()
        }
        return try await withCheckedThrowingContinuation { continuation in
            let batch = lanes.withLock { lanes -> [Waiter]? in
                var state = lanes[lane] ?? LaneState()
                defer { lanes[lane] = state }
                state.waiting.append(Waiter(call: call, continuation: continuation))
                state.waitingMarks += call.entries.count
                // A transaction may have ended since `claimSlotAtOnce` looked.
                guard mayStart(state) else { return nil }
                state.running += 1
                return take(&state)
            }
            if let batch { startDriving(lane, batch) }
        }
    }

    /// Calls of `lane` waiting for a transaction (for tests that need calls queued).
    func waitingCount(_ lane: AttendanceMarksCall.Lane) -> Int {
        lanes.withLock { $0[lane]?.waiting.count ?? 0 }
    }

    /// Whether the lane may start one more transaction for its waiting calls.
    private func mayStart(_ state: LaneState) -> Bool {
        state.running == 0 || (state.running < maxRunning && state.waitingMarks >= parallelMarks)
    }

    /// Takes a slot for `call` alone when nobody waits (waiting calls go first) and the lane
    /// may start a transaction for it.
    private func claimSlotAtOnce(_ call: AttendanceMarksCall) -> Bool {
        lanes.withLock { lanes in
            var state = lanes[call.lane] ?? LaneState()
            guard state.waiting.isEmpty else { return false }
            state.waitingMarks = call.entries.count
            guard mayStart(state) else { return false }
            state.waitingMarks = 0
            state.running += 1
            lanes[call.lane] = state
            return true
        }
    }

    /// Called by a transaction that ended: the next batch of its lane (keeping the slot), or nil
    /// after freeing the slot.
    private func nextBatch(_ lane: AttendanceMarksCall.Lane) -> [Waiter]? {
        lanes.withLock { lanes in
            guard var state = lanes[lane] else { return nil }
            if state.waiting.isEmpty {
                state.running -= 1
                lanes[lane] = state.running == 0 ? nil : state
                return nil
            }
            let batch = take(&state)
            lanes[lane] = state
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

    private func take(_ state: inout LaneState) -> [Waiter] {
        let chosen = AttendanceBatching.select(state.waiting.map(\.call.personDays), limits: limits)
        let batch = chosen.map { state.waiting[$0] }
        let remove = Set(chosen)
        state.waiting = state.waiting.indices.filter { !remove.contains($0) }.map { state.waiting[$0] }
        state.waitingMarks -= batch.reduce(0) { $0 + $1.call.entries.count }
        return batch
    }

    /// Runs batches of `lane` while calls wait for it. A task of its own: the caller whose
    /// transaction freed the slot returns its answer without waiting for the next one.
    private func startDriving(_ lane: AttendanceMarksCall.Lane, _ first: [Waiter]) {
        Task {
            var batch = first
            while true {
                let results = await recorder(batch.map(\.call))
                for (index, waiter) in batch.enumerated() { waiter.continuation.resume(with: Self.result(results, index)) }
                guard let next = nextBatch(lane) else { return }
                batch = next
            }
        }
    }
}
