import Foundation
import Synchronization
import TrainingCore
@testable import TrainingStore
import Testing

/// The scheduling of `AttendanceGroupCommit`: who runs alone, who waits, who shares the next
/// transaction. The recorder here answers without a database (each call gets its uid back as
/// its event code), so these tests see only the scheduling; `AttendanceStoreTests+GroupCommit`
/// runs the real recorder against PostgreSQL.
@Suite("Attendance group commit")
struct AttendanceGroupCommitTests {
    /// Holds the recorder until opened.
    actor Gate {
        private var isOpen = false
        private var waiters: [CheckedContinuation<Void, Never>] = []
        func wait() async {
            if isOpen { return }
            await withCheckedContinuation { waiters.append($0) }
        }
        func open() {
            isOpen = true
            waiters.forEach { $0.resume() }
            waiters = []
        }
    }

    /// The transactions the recorder saw, each as its calls' uids.
    final class Log: Sendable {
        private let batches = Mutex<[[UInt32]]>([])
        func append(_ batch: [UInt32]) { batches.withLock { $0.append(batch) } }
        var all: [[UInt32]] { batches.withLock { $0 } }
    }

    let tenant = UUID()
    let day = try! Day(iso: "2026-03-02", field: "day")
    let people = (0..<4).map { _ in UUID() }

    func call(_ uid: UInt32, people: [Int], event: String = "E-1") -> AttendanceMarksCall {
        AttendanceMarksCall(tenant: tenant, reference: event, people: people.map { self.people[$0] },
                            entries: people.map { AttendanceMarkInput(subject: .person(self.people[$0]), day: day, status: .present, walkIn: false) },
                            uid: uid, method: "m")
    }

    /// A group commit whose recorder logs each transaction's calls (by uid), holds the
    /// transaction of uid 0 until `gate` opens, and fails uid 99.
    func groupCommit(_ log: Log, _ gate: Gate, limits: AttendanceBatching.Limits, parallelMarks: Int = 100) -> AttendanceGroupCommit {
        AttendanceGroupCommit(maxRunning: 2, parallelMarks: parallelMarks, limits: limits) { calls in
            log.append(calls.map(\.uid))
            if calls.contains(where: { $0.uid == 0 }) { await gate.wait() }
            return calls.map { call in
                call.uid == 99
                    ? .failure(AttendanceStoreError.eventNotFound("uid 99"))
                    : .success(AttendanceRecording(eventID: UUID(), eventCode: "uid \(call.uid)", outcomes: []))
            }
        }
    }

    func eventually(_ what: Comment, _ condition: () -> Bool) async throws {
        for _ in 0..<1_000 where !condition() { try await Task.sleep(for: .milliseconds(5)) }
        #expect(condition(), what)
    }

    @Test(.timeLimit(.minutes(1))) func aLoneCallRunsAtOnceAndAlone() async throws {
        let log = Log(), gate = Gate()
        await gate.open()
        let commit = groupCommit(log, gate, limits: AttendanceBatching.Limits(calls: 10, marks: 100))
        for uid: UInt32 in 1...3 {
            #expect(try await commit.record(call(uid, people: [0])).eventCode == "uid \(uid)")
        }
        #expect(log.all == [[1], [2], [3]])
    }

    @Test(.timeLimit(.minutes(1))) func callsArrivingDuringATransactionShareTheNextOneAndEachGetsItsAnswer() async throws {
        let log = Log(), gate = Gate()
        let commit = groupCommit(log, gate, limits: AttendanceBatching.Limits(calls: 3, marks: 100))
        let lane = call(0, people: [0]).lane
        let first = Task { try await commit.record(call(0, people: [0])) }
        try await eventually("the first call runs") { log.all.count == 1 }
        // 1..5 arrive while it runs; 3 marks the same person and day as 1; 99 fails.
        let arrivals: [(UInt32, [Int])] = [(1, [1]), (2, [2]), (3, [1, 3]), (99, [3]), (5, [2])]
        var tasks: [(UInt32, Task<AttendanceRecording, any Error>)] = []
        for (uid, marked) in arrivals {
            tasks.append((uid, Task { try await commit.record(call(uid, people: marked)) }))
            try await eventually("call \(uid) waits") { commit.waitingCount(lane) == tasks.count }
        }
        await gate.open()
        #expect(try await first.value.eventCode == "uid 0")
        for (uid, task) in tasks {
            if uid == 99 {
                await #expect(throws: AttendanceStoreError.eventNotFound("uid 99")) { try await task.value }
            } else {
                #expect(try await task.value.eventCode == "uid \(uid)")
            }
        }
        // 3 marks person 1 as 1 does, so it waits for the next transaction; 99 marks person 3 as
        // 3 does and 5 person 2 as 2 does: neither overtakes the call it shares a mark with.
        #expect(log.all == [[0], [1, 2], [3, 5], [99]])
        #expect(commit.waitingCount(lane) == 0)
    }

    @Test(.timeLimit(.minutes(1))) func enoughWaitingMarksStartAnotherTransactionWhileOneRuns() async throws {
        let log = Log(), gate = Gate()
        let commit = groupCommit(log, gate, limits: AttendanceBatching.Limits(calls: 10, marks: 100), parallelMarks: 3)
        let lane = call(0, people: [0]).lane
        let held = Task { try await commit.record(call(0, people: [0])) }
        try await eventually("the first call runs") { log.all.count == 1 }
        // Two marks wait: not enough for a transaction of their own.
        let second = Task { try await commit.record(call(1, people: [1, 2])) }
        try await eventually("call 1 waits") { commit.waitingCount(lane) == 1 }
        // With one more, three marks wait: they go at once, while call 0's transaction is held.
        #expect(try await commit.record(call(2, people: [3])).eventCode == "uid 2")
        #expect(try await second.value.eventCode == "uid 1")
        #expect(log.all == [[0], [1, 2]])
        // A call that large goes at once, alone; a single mark waits for the held transaction.
        #expect(try await commit.record(call(3, people: [1, 2, 3])).eventCode == "uid 3")
        let blocked = Task { try await commit.record(call(4, people: [0])) }
        try await eventually("call 4 waits") { commit.waitingCount(lane) == 1 }
        await gate.open()
        #expect(try await held.value.eventCode == "uid 0")
        #expect(try await blocked.value.eventCode == "uid 4")
        #expect(log.all == [[0], [1, 2], [3], [4]])
    }

    @Test(.timeLimit(.minutes(1))) func aCallWaitsForARunningTransactionMarkingTheSame() async throws {
        let log = Log(), gate = Gate()
        let commit = groupCommit(log, gate, limits: AttendanceBatching.Limits(calls: 10, marks: 100), parallelMarks: 3)
        let lane = call(0, people: [0]).lane
        let held = Task { try await commit.record(call(0, people: [0])) }
        try await eventually("the first call runs") { log.all.count == 1 }
        let first = Task { try await commit.record(call(1, people: [1])) }
        try await eventually("call 1 waits") { commit.waitingCount(lane) == 1 }
        // Four marks wait, enough for another transaction; call 2 marks person 0 as the held
        // transaction does, so only call 1 goes, and call 2 waits for the held one to end.
        let second = Task { try await commit.record(call(2, people: [0, 2, 3])) }
        #expect(try await first.value.eventCode == "uid 1")
        try await eventually("call 2 still waits") { commit.waitingCount(lane) == 1 }
        #expect(log.all == [[0], [1]])
        await gate.open()
        #expect(try await held.value.eventCode == "uid 0")
        #expect(try await second.value.eventCode == "uid 2")
        #expect(log.all == [[0], [1], [2]])
        #expect(commit.waitingCount(lane) == 0)
    }

    @Test(.timeLimit(.minutes(1))) func eventsAndTenantsDoNotWaitForEachOther() async throws {
        let log = Log(), gate = Gate()
        let commit = groupCommit(log, gate, limits: AttendanceBatching.Limits(calls: 10, marks: 100))
        let held = Task { try await commit.record(call(0, people: [0])) }
        try await eventually("the first call runs") { log.all.count == 1 }
        // Another event of the same tenant runs while the first lane's transaction is held.
        #expect(try await commit.record(call(7, people: [0], event: "E-2")).eventCode == "uid 7")
        let otherTenant = AttendanceMarksCall(tenant: UUID(), reference: "E-1", people: [people[0]],
                                              entries: [AttendanceMarkInput(subject: .person(people[0]), day: day, status: .late, walkIn: false)],
                                              uid: 8, method: "m")
        #expect(try await commit.record(otherTenant).eventCode == "uid 8")
        await gate.open()
        #expect(try await held.value.eventCode == "uid 0")
        #expect(log.all == [[0], [7], [8]])
    }

    /// The store's driver keeps one connection for a lane's consecutive transactions; that
    /// rests on this: one driver is handed the batches that wait when its transaction ends,
    /// and another is started only when the lane was idle.
    @Test(.timeLimit(.minutes(1))) func oneDriverRunsTheBatchesThatWaitedForItsTransaction() async throws {
        let log = Log(), gate = Gate()
        let drivers = Mutex(0)
        let commit = AttendanceGroupCommit(maxRunning: 1, limits: AttendanceBatching.Limits(calls: 10, marks: 100)) { first, finish in
            drivers.withLock { $0 += 1 }
            var batch = first
            while true {
                let calls = batch.calls
                log.append(calls.map(\.uid))
                if calls.contains(where: { $0.uid == 0 }) { await gate.wait() }
                let results = calls.map { Result<AttendanceRecording, any Error>.success(AttendanceRecording(eventID: UUID(), eventCode: "uid \($0.uid)", outcomes: [])) }
                guard let next = finish(batch, results) else { return }
                batch = next
            }
        }
        let lane = call(0, people: [0]).lane
        let held = Task { try await commit.record(call(0, people: [0])) }
        try await eventually("the first call runs") { log.all.count == 1 }
        var waiting: [Task<AttendanceRecording, any Error>] = []
        for uid: UInt32 in 1...3 {
            waiting.append(Task { try await commit.record(call(uid, people: [Int(uid)])) })
            try await eventually("call \(uid) waits") { commit.waitingCount(lane) == Int(uid) }
        }
        await gate.open()
        #expect(try await held.value.eventCode == "uid 0")
        for (index, task) in waiting.enumerated() { #expect(try await task.value.eventCode == "uid \(index + 1)") }
        #expect(log.all == [[0], [1, 2, 3]])
        #expect(drivers.withLock { $0 } == 1)
        // The lane is idle again: the next call starts a driver of its own.
        #expect(try await commit.record(call(4, people: [0])).eventCode == "uid 4")
        #expect(drivers.withLock { $0 } == 2)
    }

    /// A lane that went to two transactions at once for a sheet goes back to one when the
    /// sheet's ends and only a single mark waits: the transaction still running takes it.
    @Test(.timeLimit(.minutes(1))) func aLaneGoesBackToOneTransactionWhenLittleWaits() async throws {
        let log = Log(), first = Gate(), sheet = Gate()
        let commit = AttendanceGroupCommit(maxRunning: 2, parallelMarks: 3, limits: AttendanceBatching.Limits(calls: 10, marks: 100)) { calls in
            log.append(calls.map(\.uid))
            if calls.contains(where: { $0.uid == 0 }) { await first.wait() }
            if calls.contains(where: { $0.uid == 1 }) { await sheet.wait() }
            return calls.map { .success(AttendanceRecording(eventID: UUID(), eventCode: "uid \($0.uid)", outcomes: [])) }
        }
        let lane = call(0, people: [0]).lane
        let held = Task { try await commit.record(call(0, people: [0])) }
        try await eventually("the first call runs") { log.all.count == 1 }
        let sheetCall = Task { try await commit.record(call(1, people: [1, 2, 3])) }
        try await eventually("the sheet runs beside it") { log.all.count == 2 }
        let other = UUID()
        let single = AttendanceMarksCall(tenant: tenant, reference: "E-1", people: [other],
                                         entries: [AttendanceMarkInput(subject: .person(other), day: day, status: .present, walkIn: false)],
                                         uid: 2, method: "m")
        let waiting = Task { try await commit.record(single) }
        try await eventually("the single mark waits") { commit.waitingCount(lane) == 1 }
        await sheet.open()
        #expect(try await sheetCall.value.eventCode == "uid 1")
        try await Task.sleep(for: .milliseconds(50))
        #expect(commit.waitingCount(lane) == 1, "the sheet's end leaves the single mark to the transaction still running")
        #expect(log.all == [[0], [1]])
        await first.open()
        #expect(try await held.value.eventCode == "uid 0")
        #expect(try await waiting.value.eventCode == "uid 2")
        #expect(log.all == [[0], [1], [2]])
    }
}
