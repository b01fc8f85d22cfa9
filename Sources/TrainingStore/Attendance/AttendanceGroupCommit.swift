import Postgres
import Synchronization
import TrainingCore

/// Records concurrent RecordAttendance calls for the same event together: group commit.
///
/// Why: at eight clients marking one hall, each call paid the whole fixed price of a
/// transaction (its backend's executor start-up and planning, BEGIN, COMMIT, a pool lease and
/// the thread hops around it) for one row; see `RecordAttendanceBatchStatement`.
///
/// How: each lane (tenant and event reference) runs at most `maxRunning` transactions at once
/// (one: see `init`).
/// A call that finds a free slot runs at once, alone, so a lone clerk waits for nothing. A call
/// arriving while the slots are busy waits; when a transaction ends, the calls waiting in its
/// lane go in the next one, as many as `AttendanceBatching.select` lets share it (disjoint
/// marks, within the limits). Every call still gets its own answer, and is acknowledged only
/// once the transaction holding its marks committed.
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
    }

    let maxRunning: Int
    let limits: AttendanceBatching.Limits
    private let recorder: Recorder
    private let lanes = Mutex<[AttendanceMarksCall.Lane: LaneState]>([:])

    /// One transaction per lane at a time by default. Measured on the bench's quick data set,
    /// 8 clients, 10 s runs alternating: one mark per call 5,723 / 6,320 calls/s with one, 4,165 /
    /// 4,680 with two, 3,148 / 4,195 with three (PostgreSQL CPU per call 105-116 µs against
    /// 189-341 µs); sheets of 30 marks about even (29,661 / 34,416 rows/s against 36,174 /
    /// 34,758). Two transactions of one event contend on its row lock (`FOR SHARE` by two
    /// transactions makes a multixact) and on the change-log lock, and each carries fewer calls.
    init(maxRunning: Int = 1, limits: AttendanceBatching.Limits = .init(calls: 64, marks: 2_000), recorder: @escaping Recorder) {
        self.maxRunning = max(1, maxRunning)
        self.limits = limits
        self.recorder = recorder
    }

    func record(_ call: AttendanceMarksCall) async throws -> AttendanceRecording {
        let lane = call.lane
        if claimIdleSlot(lane) {
            let results = await recorder([call])
            if let next = nextBatch(lane) { startDriving(lane, next) }
            return try Self.result(results, 0).get()
        }
        return try await withCheckedThrowingContinuation { continuation in
            let batch = lanes.withLock { lanes -> [Waiter]? in
                var state = lanes[lane] ?? LaneState()
                defer { lanes[lane] = state }
                state.waiting.append(Waiter(call: call, continuation: continuation))
                // A slot may have come free since `claimIdleSlot` looked.
                guard state.running < maxRunning else { return nil }
                state.running += 1
                return take(&state.waiting)
            }
            if let batch { startDriving(lane, batch) }
        }
    }

    /// Calls of `lane` waiting for a transaction (for tests that need calls queued).
    func waitingCount(_ lane: AttendanceMarksCall.Lane) -> Int {
        lanes.withLock { $0[lane]?.waiting.count ?? 0 }
    }

    /// Takes a slot when one is free and nobody waits (waiting calls go first).
    private func claimIdleSlot(_ lane: AttendanceMarksCall.Lane) -> Bool {
        lanes.withLock { lanes in
            var state = lanes[lane] ?? LaneState()
            guard state.running < maxRunning, state.waiting.isEmpty else { return false }
            state.running += 1
            lanes[lane] = state
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
            let batch = take(&state.waiting)
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

    private func take(_ waiting: inout [Waiter]) -> [Waiter] {
        let chosen = AttendanceBatching.select(waiting.map(\.call.personDays), limits: limits)
        let batch = chosen.map { waiting[$0] }
        let remove = Set(chosen)
        waiting = waiting.indices.filter { !remove.contains($0) }.map { waiting[$0] }
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
