import Foundation
import Postgres
import TestSupport
import TrainingCore
import TrainingStore
import Testing

extension AttendanceStoreTests {
    /// Events.Watch streams "seq > last sent": a RecordAttendance must not commit change rows
    /// while another transaction of the tenant holds a lower seq uncommitted, or Watch would skip
    /// that seq forever. It must wait for the tenant's change-log lock (as
    /// `ChangeFeedStore.record` takes it) and draw its seq after the other commits. Both shapes
    /// of the statement: marks only, and a walk-in (registration and mark).
    @Test(arguments: [false, true])
    func changeRowsWaitForAnEarlierUncommittedChangeOfTheTenant(walkIn: Bool) async throws {
        let holder = try db.ownerConnection()
        try holder.executeScript("BEGIN")
        try ChangeFeedStore.record(holder, tenant: tenant, Change(
            sequence: 0, kind: .eventUpdated, at: Date(), byUID: 1001, method: "io.trainingd.Events.UpdateEvent",
            eventID: event, eventCode: "OSH-2019-04-GULCHO"))
        let held: Int64 = try holder.query("SELECT max(seq) AS s FROM change_log WHERE tenant_id = \(tenant)")[0].decode("s")

        let entry = walkIn ? mark(gulnara, day1, .present, walkIn: true) : mark(aigul, day1, .present)
        let recording = Task { try await record([entry]) }
        let watcher = try db.ownerConnection()
        var waitedForTheLock = false
        for _ in 0..<400 {
            let row = try watcher.query("""
                SELECT (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted) AS waiting,
                       (SELECT count(*) FROM change_log WHERE tenant_id = \(tenant) AND seq > \(held)) AS committed_after
                """)[0]
            if try row.decode("committed_after", as: Int.self) > 0 { break }
            if try row.decode("waiting", as: Int.self) > 0 { waitedForTheLock = true; break }
            try await Task.sleep(for: .milliseconds(25))
        }
        #expect(waitedForTheLock, "RecordAttendance committed change rows while a lower seq was still uncommitted")
        try holder.executeScript("COMMIT")
        let result = try await recording.value
        #expect(result.outcomes.map(\.result) == [.recorded])
        #expect(result.outcomes.map(\.walkInRegistered) == [walkIn])
        let seqs = try watcher.query("""
            SELECT seq FROM change_log WHERE tenant_id = \(tenant) AND seq <> \(held)
            """).rows.map { try $0.decode("seq", as: Int64.self) }
        #expect(seqs.count == (walkIn ? 2 : 1) && seqs.allSatisfy { $0 > held })
    }
}
