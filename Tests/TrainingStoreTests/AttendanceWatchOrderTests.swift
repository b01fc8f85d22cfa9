import Foundation
import Postgres
import TestSupport
import TrainingCore
import TrainingStore
import Testing

extension AttendanceStoreTests {
    /// Events.Watch streams "seq > last sent", so a reader must never see a seq while a lower
    /// one is still uncommitted, or it would skip that seq forever. Writers take the tenant's
    /// change-log lock shared (they must not wait for each other: a RecordAttendance completes
    /// while another transaction holds an uncommitted change), and readers take it exclusive
    /// (`changes` and `latestSequence` wait until that transaction ends, then include its row).
    /// Both shapes of the statement: marks only, and a walk-in (registration and mark).
    @Test(arguments: [false, true])
    func readersWaitForAnUncommittedChangeWhileWritersDoNot(walkIn: Bool) async throws {
        let holder = try db.ownerConnection()
        try holder.executeScript("BEGIN")
        try ChangeFeedStore.record(holder, tenant: tenant, Change(
            sequence: 0, kind: .eventUpdated, at: Date(), byUID: 1001, method: "io.trainingd.Events.UpdateEvent",
            eventID: event, eventCode: "OSH-2019-04-GULCHO"))
        let held: Int64 = try holder.query("SELECT max(seq) AS s FROM change_log WHERE tenant_id = \(tenant)")[0].decode("s")

        // A second writer does not wait for the first: it commits a higher seq meanwhile.
        let entry = walkIn ? mark(gulnara, day1, .present, walkIn: true) : mark(aigul, day1, .present)
        let recording = Task { try await record([entry]) }
        let watcher = try db.ownerConnection()
        var recorded = false
        for _ in 0..<400 {
            let row = try watcher.query("""
                SELECT count(*) AS n FROM change_log WHERE tenant_id = \(tenant) AND seq > \(held)
                """)[0]
            if try row.decode("n", as: Int.self) > 0 { recorded = true; break }
            try await Task.sleep(for: .milliseconds(25))
        }
        #expect(recorded, "RecordAttendance waited for another writer's uncommitted change")
        guard recorded else { try holder.executeScript("COMMIT"); _ = try await recording.value; return }
        let result = try await recording.value
        #expect(result.outcomes.map(\.result) == [.recorded])
        #expect(result.outcomes.map(\.walkInRegistered) == [walkIn])

        // Readers wait for the uncommitted lower seq instead of answering the higher one.
        let feed = ChangeFeedStore(database: db.database)
        let tenant = tenant
        let reading = Task { try await feed.changes(tenant: tenant, after: 0, event: nil, kinds: nil) }
        let latest = Task { try await feed.latestSequence(tenant: tenant) }
        let waiting = try await lockWaiters(watcher, atLeast: 2, advisoryOnly: true)
        #expect(waiting == 2, "a change-feed reader answered while a lower seq was still uncommitted")
        try holder.executeScript("COMMIT")

        let seqs = try await reading.value.map(\.sequence)
        let committed = try watcher.query("SELECT seq FROM change_log WHERE tenant_id = \(tenant) ORDER BY seq").rows
            .map { try $0.decode("seq", as: Int64.self) }
        #expect(seqs == committed && seqs.first == held && seqs.count == (walkIn ? 3 : 2))
        #expect(try await latest.value == committed.last)
    }

    /// A report's data_cursor promises every change up to it is counted, so it must not be
    /// read while a lower seq is uncommitted: the report waits for that writer first (a later
    /// writer has already committed a higher seq), then answers a cursor covering both.
    @Test func reportCursorWaitsForAnUncommittedLowerSeq() async throws {
        let holder = try db.ownerConnection()
        try holder.executeScript("BEGIN")
        try ChangeFeedStore.record(holder, tenant: tenant, Change(
            sequence: 0, kind: .eventUpdated, at: Date(), byUID: 1001, method: "io.trainingd.Events.UpdateEvent",
            eventID: event, eventCode: "OSH-2019-04-GULCHO"))
        let result = try await record([mark(aigul, day1, .present)])
        #expect(result.outcomes.map(\.result) == [.recorded])

        let indicators = IndicatorStore(database: db.database)
        let tenant = tenant
        let to = try Day(iso: "2019-12-31", field: "to")
        let computing = Task { try await indicators.compute(tenant: tenant, codes: nil, from: nil, to: to, ageBands: .standard) }
        let watcher = try db.ownerConnection()
        let waiting = try await lockWaiters(watcher, atLeast: 1, advisoryOnly: true)
        #expect(waiting == 1, "the report read its cursor while a lower seq was still uncommitted")
        try holder.executeScript("COMMIT")
        let report = try await computing.value
        let newest: Int64 = try watcher.query("SELECT max(seq) AS s FROM change_log WHERE tenant_id = \(tenant)")[0].decode("s")
        #expect(report.dataCursor == ChangeCursor(tenant: tenant, sequence: newest))
        // The report held the lock at session level only until its snapshot: nothing is left
        // on the pooled connection to block the tenant's writers.
        try watcher.executeScript("BEGIN")
        let free: Bool = try watcher.query(
            "SELECT pg_try_advisory_xact_lock(hashtext(\("trainingd_change_log/" + tenant.uuidString.lowercased()))) AS free")[0].decode("free")
        try watcher.executeScript("ROLLBACK")
        #expect(free)
        #expect(try await record([mark(aigul, day1, .late)]).outcomes.map(\.result) == [.updated])
    }
}
