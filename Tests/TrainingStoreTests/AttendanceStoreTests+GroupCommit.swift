import Foundation
import Postgres
import Testing
import TrainingCore
@testable import TrainingStore
import UUIDText

/// Calls recorded together (`RecordAttendanceBatchStatement`) answer and write exactly what
/// they would one after the other.
extension AttendanceStoreTests {
    func marksCall(_ marks: [(UUID, Day, AttendanceStatus)], uid: UInt32, event reference: String = "OSH-2019-04-GULCHO") -> AttendanceMarksCall {
        AttendanceMarksCall(tenant: tenant, reference: reference, people: marks.map(\.0),
                            entries: marks.map { mark($0.0, $0.1, $0.2) }, uid: uid, method: Self.method)
    }

    func together(_ calls: [AttendanceMarksCall]) async -> [Result<AttendanceRecording, any Error>] {
        await AttendanceStore.recordTogether(calls, in: db.database)
    }

    @Test func callsRecordedTogetherEachGetTheirOwnAnswerAuditAndChanges() async throws {
        _ = try await record([mark(cholpon, day1, .present)])
        let results = await together([
            marksCall([(aigul, day1, .present), (bakyt, day1, .late)], uid: 1001),
            marksCall([(gulnara, day1, .present)], uid: 1002),  // never registered: refused alone
            marksCall([(cholpon, day1, .absent), (daniyar, day2, .present)], uid: 1003),
            marksCall([(aigul, day2, .excused)], uid: 1004),
        ])
        #expect(results.count == 4)
        let first = try results[0].get(), third = try results[2].get(), fourth = try results[3].get()
        #expect(first.outcomes.map(\.result) == [.recorded, .recorded])
        #expect(first.outcomes.map(\.personID) == [aigul, bakyt] && first.eventID == event && first.eventCode == "OSH-2019-04-GULCHO")
        #expect(throws: AttendanceStoreError.rejected(.notRegistered(entry: 0, registrationStatus: nil), eventCode: "OSH-2019-04-GULCHO", personID: gulnara)) {
            try results[1].get()
        }
        #expect(third.outcomes.map(\.result) == [.updated, .recorded])
        #expect(third.outcomes.map(\.entry) == [0, 1])
        #expect(third.outcomes[0].previousStatus == .present)
        #expect(fourth.outcomes.map(\.result) == [.recorded])
        // One audit row per call that wrote, with its own uid; change rows in call, then entry, order.
        #expect(try counts() == [4, 6, 5, 6])
        let owner = try db.ownerConnection()
        let audit = try owner.query("SELECT uid, method, before::text AS before, after::text AS after FROM audit_log WHERE tenant_id = \(tenant) ORDER BY id")
            .rows.map { (try $0.decode("uid", as: Int64.self), try $0.decode("before", as: String?.self), try $0.decode("after", as: String.self)) }
        #expect(audit.map(\.0) == [1001, 1001, 1003, 1004])
        #expect(audit[1].1 == nil && audit[2].1?.contains("present") == true && audit[2].1?.contains(daniyar.lowercasedText) == false)
        #expect(audit[2].2.contains("absent") && audit[2].2.contains(daniyar.lowercasedText) && !audit[2].2.contains(aigul.lowercasedText))
        #expect(audit[3].2.contains("excused") && audit[3].2.contains("OSH-2019-04-GULCHO"))
        let changes = try owner.query("SELECT person_id, by_uid, attendance_status FROM change_log WHERE tenant_id = \(tenant) ORDER BY seq")
            .rows.map { (try $0.decode("person_id", as: UUID.self), try $0.decode("by_uid", as: Int64.self), try $0.decode("attendance_status", as: String.self)) }
        #expect(changes.map(\.0) == [cholpon, aigul, bakyt, cholpon, daniyar, aigul])
        #expect(changes.map(\.1) == [1001, 1001, 1001, 1003, 1003, 1004])
        #expect(changes.map(\.2) == ["present", "present", "late", "absent", "present", "excused"])
        // The same audit shape as a call recorded alone: the before/after of one alone.
        let alone = try owner.query("SELECT before IS NULL AS no_before, after ? 'event_code' AS named FROM audit_log WHERE tenant_id = \(tenant) ORDER BY id LIMIT 1")[0]
        #expect(try alone.decode("no_before", as: Bool.self) && alone.decode("named", as: Bool.self))

        // Repeated together, nothing changes and nothing is written.
        let again = await together([marksCall([(aigul, day1, .present)], uid: 1001), marksCall([(aigul, day2, .excused)], uid: 1004)])
        #expect(try again.map { try $0.get().outcomes.map(\.result) } == [[.unchanged], [.unchanged]])
        #expect(try counts() == [4, 6, 5, 6])
    }

    @Test func aBatchForAnEventThatCannotTakeMarksRefusesEveryCall() async throws {
        for (reference, expected) in [("NO-SUCH-EVENT", AttendanceStoreError.eventNotFound("NO-SUCH-EVENT")),
                                      ("DRAFT-1", .rejected(.eventNotOpen(status: .draft), eventCode: "DRAFT-1", personID: nil))] {
            let results = await together([marksCall([(aigul, day1, .present)], uid: 1, event: reference),
                                          marksCall([(bakyt, day1, .present)], uid: 2, event: reference)])
            for result in results { #expect(throws: expected) { try result.get() } }
        }
        // Days outside the event refuse only the call that names them.
        let outside = day2.adding(days: 1)
        let results = await together([marksCall([(aigul, outside, .present)], uid: 1), marksCall([(bakyt, day1, .present)], uid: 2)])
        #expect(throws: AttendanceStoreError.rejected(.dayOutsideEvent(entry: 0, day: outside, firstDay: day1, lastDay: day2),
                                                      eventCode: "OSH-2019-04-GULCHO", personID: nil)) { try results[0].get() }
        #expect(try results[1].get().count(.recorded) == 1)
        #expect(try counts() == [1, 1, 1, 6])
    }

    @Test func callsSharingAMarkGivenTogetherAreRecordedOneAfterTheOther() async throws {
        // The group commit never gathers such calls; given them, the store does not batch them:
        // in one statement B's "late" would be filtered as unchanged against the old row and
        // then credited with A's write.
        _ = try await record([mark(aigul, day1, .late)])
        let results = await together([marksCall([(aigul, day1, .present)], uid: 1), marksCall([(aigul, day1, .late), (bakyt, day1, .late)], uid: 2)])
        let first = try results[0].get(), second = try results[1].get()
        #expect(first.outcomes.map(\.result) == [.updated] && first.outcomes[0].previousStatus == .late)
        #expect(second.outcomes.map(\.result) == [.updated, .recorded] && second.outcomes[0].previousStatus == .present)
        let status = try db.ownerConnection().query("SELECT status FROM attendance WHERE person_id = \(aigul) AND day = \(day1)")[0]
        #expect(try status.decode("status", as: String.self) == "late")
        #expect(try counts() == [3, 4, 2, 6])
    }

    @Test func aBatchTheServerRefusesIsRecordedCallByCall() async throws {
        // A trigger refuses the audit row of uid 666: the server fails the whole statement, and
        // only that call should see it.
        let owner = try db.ownerConnection()
        try owner.executeScript("""
            CREATE FUNCTION refuse_666() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'uid 666 refused' USING ERRCODE = 'P0001'; END $$;
            CREATE TRIGGER refuse_666 BEFORE INSERT ON audit_log FOR EACH ROW WHEN (NEW.uid = 666) EXECUTE FUNCTION refuse_666();
            """)
        let results = await together([marksCall([(aigul, day1, .present)], uid: 1), marksCall([(bakyt, day1, .late)], uid: 666),
                                      marksCall([(cholpon, day1, .late)], uid: 3)])
        #expect(try results[0].get().count(.recorded) == 1)
        #expect(try results[2].get().count(.recorded) == 1)
        let refused = #expect(throws: PGError.self) { try results[1].get() }
        #expect(refused?.sqlState == SQLState("P0001"))
        #expect(try counts() == [2, 2, 2, 6])
    }

    @Test func concurrentCallsQueuedBehindOneShareTransactionsAndAllLandOnce() async throws {
        let owner = try db.ownerConnection()
        var people: [UUID] = []
        for index in 0..<30 {
            let id = UUID()
            try Self.person(owner, tenant: tenant, id: id, name: "Катышуучу \(index)", sex: "female", category: "other", municipality: Self.bulolu)
            try Self.register(owner, tenant: tenant, event: event, person: id, status: "registered")
            people.append(id)
        }
        let marks = people.flatMap { [($0, day1), ($0, day2)] }
        // The first call waits for the event row held here; the other 59 queue behind it.
        let holder = try db.ownerConnection()
        try holder.executeScript("BEGIN")
        _ = try holder.query("SELECT id FROM event WHERE id = \(event) FOR UPDATE")
        let store = self.store
        let lane = AttendanceMarksCall.Lane(tenant: tenant, reference: "OSH-2019-04-GULCHO")
        let answers = try await withThrowingTaskGroup(of: (Int, AttendanceRecording).self) { group in
            for (index, (person, day)) in marks.enumerated() {
                group.addTask {
                    (index, try await store.record(tenant: tenant, event: "OSH-2019-04-GULCHO",
                                                   entries: [AttendanceMarkInput(subject: .person(person), day: day, status: .present, walkIn: false)],
                                                   uid: UInt32(2000 + index), method: Self.method))
                }
            }
            // With the defaults (up to three transactions, another from 30 waiting marks): the
            // 31st call to arrive starts a second transaction for the 30 waiting, then 29 wait.
            #expect(store.groupCommit.maxRunning == 3 && store.groupCommit.parallelMarks == 30)
            for _ in 0..<2_000 where store.groupCommit.waitingCount(lane) < 29 { try await Task.sleep(for: .milliseconds(5)) }
            try await Task.sleep(for: .milliseconds(50))
            #expect(store.groupCommit.waitingCount(lane) == 29)
            try holder.executeScript("COMMIT")
            return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        #expect(answers.count == 60)
        for (index, (person, day)) in marks.enumerated() {
            #expect(answers[index]?.outcomes.map(\.personID) == [person])
            #expect(answers[index]?.outcomes.map(\.day) == [day])
            #expect(answers[index]?.outcomes.map(\.result) == [.recorded])
        }
        #expect(try counts() == [60, 60, 60, 36])
        // Each mark carries its own call's uid, in the mark and in the audit row.
        let rows = try owner.query("""
            SELECT a.person_id, a.day, a.recorded_by, l.uid FROM attendance a
            JOIN audit_log l ON l.tenant_id = a.tenant_id AND l.after -> 'attendance' -> 0 ->> 'person_id' = a.person_id::text
                            AND (l.after -> 'attendance' -> 0 ->> 'day')::date = a.day
            WHERE a.tenant_id = \(tenant)
            """).rows.map { (try $0.decode("person_id", as: UUID.self), try $0.decode("day", as: Day.self),
                             try $0.decode("recorded_by", as: Int64.self), try $0.decode("uid", as: Int64.self)) }
        #expect(rows.count == 60)
        for (person, day, recordedBy, uid) in rows {
            let index = try #require(marks.firstIndex { $0.0 == person && $0.1 == day })
            #expect(recordedBy == Int64(2000 + index) && uid == recordedBy)
        }
        // Three transactions: the first call alone, the 30 that started the second, the 29 left.
        let transactions = try owner.query("SELECT count(DISTINCT xmin::text) AS n FROM audit_log WHERE tenant_id = \(tenant)")[0]
        #expect(try transactions.decode("n", as: Int.self) == 3)
    }

    /// A lane runs its batches one after another on one connection (`AttendanceStore.drive`);
    /// when that connection dies under a batch, the batch's calls get the error and the calls
    /// that waited go on, on a fresh connection.
    @Test func aLaneWhoseConnectionDiesGoesOnOnAFreshConnection() async throws {
        let owner = try db.ownerConnection()
        let holder = try db.ownerConnection()
        try holder.executeScript("BEGIN")
        _ = try holder.query("SELECT id FROM event WHERE id = \(event) FOR UPDATE")
        let store = self.store
        let tenant = self.tenant, (aigul, bakyt, day1) = (self.aigul, self.bakyt, self.day1)
        let lane = AttendanceMarksCall.Lane(tenant: tenant, reference: "OSH-2019-04-GULCHO")
        func marking(_ person: UUID, uid: UInt32) -> Task<AttendanceRecording, any Error> {
            Task {
                try await store.record(tenant: tenant, event: "OSH-2019-04-GULCHO",
                                       entries: [AttendanceMarkInput(subject: .person(person), day: day1, status: .present, walkIn: false)],
                                       uid: uid, method: Self.method)
            }
        }
        let first = marking(aigul, uid: 1)
        var blocked: Int32?
        for _ in 0..<2_000 where blocked == nil {
            blocked = try owner.query("""
                SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
                """).first.map { try $0.decode("pid", as: Int32.self) }
            if blocked == nil { try await Task.sleep(for: .milliseconds(5)) }
        }
        let pid = try #require(blocked, "the first call's transaction waits for the event row")
        let second = marking(bakyt, uid: 2)
        for _ in 0..<2_000 where store.groupCommit.waitingCount(lane) < 1 { try await Task.sleep(for: .milliseconds(5)) }
        #expect(store.groupCommit.waitingCount(lane) == 1)
        #expect(try owner.query("SELECT pg_terminate_backend(\(pid)) AS ok")[0].decode("ok", as: Bool.self))
        await #expect(throws: PGError.self) { try await first.value }
        try holder.executeScript("COMMIT")
        #expect(try await second.value.outcomes.map(\.result) == [.recorded])
        let marked = try owner.query("SELECT person_id FROM attendance WHERE tenant_id = \(tenant)").rows.map { try $0.decode("person_id", as: UUID.self) }
        #expect(marked == [bakyt])
    }
}
