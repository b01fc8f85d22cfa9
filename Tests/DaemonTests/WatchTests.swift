import ChildProcess
import Foundation
import Postgres
import TestSupport
import Testing
import Varlink

/// Events.Watch over the tenant's change log: live changes, resuming with `since`, and the end
/// of the stream at shutdown.
@Suite("Events.Watch")
struct WatchTests {
    @Test func streamsCommittedChangesAndResumes() async throws {
        let conninfo = try TestPostgres.createDatabase(prefix: "watch")
        let daemon = try await TestDaemon.start(database: conninfo)
        _ = try await daemon.call("io.trainingd.System.CreateTenant", ["slug": "dpi-osh", "name": "DPI"])
        let owner = try TestPostgres.connect(conninfo)
        let tenant = try owner.query("SELECT id FROM tenant WHERE slug = 'dpi-osh'")[0].decode("id", as: UUID.self)
        let event = UUID()
        try owner.execute("""
            INSERT INTO event (tenant_id, id, code, title, venue_municipality, first_day, last_day, capacity)
            VALUES (\(tenant), \(event), 'GULCHO-2019', \("Биргелешкен пландоо"), '41706207814000', '2019-04-16', '2019-04-16', 30)
            """)

        let client = try await daemon.connect()
        var replies = try await client.callMore("io.trainingd.Events.Watch").makeAsyncIterator()
        let first = try #require(try await replies.next())
        let startCursor = try #require(first["cursor"]?.stringValue)
        #expect(first["change"] == nil)

        func record(_ kind: String) throws {
            try owner.execute("""
                INSERT INTO change_log (tenant_id, by_uid, method, kind, event_id, event_code, event_status, version)
                VALUES (\(tenant), 0, 'io.trainingd.Events.CreateEvent', \(kind), \(event), 'GULCHO-2019', 'draft', 1)
                """)
        }
        try record("event_created")
        let live = try #require(try await replies.next())
        #expect(live["change"]?["kind"] == .string("event_created"))
        #expect(live["change"]?["event_code"] == .string("GULCHO-2019"))
        #expect(live["change"]?["event_id"] == .string(event.uuidString.lowercased()))
        #expect(live["change"]?["version"] == .int(1))
        #expect(live["cursor"] != first["cursor"])

        // A rolled-back change is never seen; the next committed one is.
        try owner.executeScript("BEGIN")
        try record("event_updated")
        try owner.executeScript("ROLLBACK")
        try record("event_status_changed")
        let next = try #require(try await replies.next())
        #expect(next["change"]?["kind"] == .string("event_status_changed"))
        await client.close()

        // Resuming from the first cursor replays both committed changes, then the up-to-date reply.
        let resumed = try await daemon.connect()
        var again = try await resumed.callMore("io.trainingd.Events.Watch", ["since": .string(startCursor)]).makeAsyncIterator()
        let kinds = [try await again.next(), try await again.next()].compactMap { $0?["change"]?["kind"]?.stringValue }
        #expect(kinds == ["event_created", "event_status_changed"])
        let upToDate = try #require(try await again.next())
        #expect(upToDate["change"] == nil)
        #expect(upToDate["cursor"] == next["cursor"])

        // Filters: only one kind, and an unknown event is an error naming it.
        let filtered = try await daemon.connect()
        var only = try await filtered.callMore("io.trainingd.Events.Watch", ["since": .string(startCursor), "kinds": ["event_status_changed"]]).makeAsyncIterator()
        #expect(try await only.next()?["change"]?["kind"] == .string("event_status_changed"))
        let missing = await #expect(throws: VarlinkError.self) {
            var it = try await daemon.connect().callMore("io.trainingd.Events.Watch", ["event": "NOPE"]).makeAsyncIterator()
            _ = try await it.next()
        }
        #expect(missing?.name == "io.trainingd.Events.EventNotFound")
        let badCursor = await #expect(throws: VarlinkError.self) {
            var it = try await daemon.connect().callMore("io.trainingd.Events.Watch", ["since": "12345678.1"]).makeAsyncIterator()
            _ = try await it.next()
        }
        #expect(badCursor?.name == "io.trainingd.Events.InvalidCursor")

        // SIGTERM ends open streams with ShuttingDown and the daemon exits promptly.
        let ending = Task { () -> String? in
            do {
                while try await again.next() != nil {}
                return nil
            } catch let error as VarlinkError {
                return error.name
            }
        }
        #expect(await daemon.terminate(timeout: .seconds(20)) == 0, "log:\n\(daemon.log)")
        #expect(try await ending.value == "io.trainingd.System.ShuttingDown")
    }

    /// Many calls watching one tenant share its one reader (ChangeFeedHub) and each still gets
    /// exactly its changes, in order, once: live calls, a call resuming from before the shared
    /// window (read from the log, then from the window), and filtered calls.
    @Test(.timeLimit(.minutes(2))) func manyWatchersEachGetEveryChangeOnce() async throws {
        let conninfo = try TestPostgres.createDatabase(prefix: "watchmany")
        let daemon = try await TestDaemon.start(database: conninfo)
        _ = try await daemon.call("io.trainingd.System.CreateTenant", ["slug": "dpi-osh", "name": "DPI"])
        let owner = try TestPostgres.connect(conninfo)
        let tenant = try owner.query("SELECT id FROM tenant WHERE slug = 'dpi-osh'")[0].decode("id", as: UUID.self)
        let events = [UUID(), UUID()]
        for (index, event) in events.enumerated() {
            try owner.execute("""
                INSERT INTO event (tenant_id, id, code, title, venue_municipality, first_day, last_day, capacity)
                VALUES (\(tenant), \(event), \("WATCH-\(index)"), 'Watch', '41706207814000', '2019-04-16', '2019-04-16', 30)
                """)
        }
        // As writers do: the change-log lock shared, then the rows, in one transaction; row n
        // is of events[n % 2], and every third one a status change.
        func record(_ count: Int, together: Bool = false, locking: Bool = true) throws {
            for batch in together ? [0..<count] : (0..<count).map({ $0..<$0 + 1 }) {
                try owner.executeScript("BEGIN")
                if locking {
                    try owner.query("SELECT pg_advisory_xact_lock_shared(hashtext(\("trainingd_change_log/" + tenant.uuidString.lowercased())))")
                }
                try owner.execute("""
                    INSERT INTO change_log (tenant_id, by_uid, method, kind, event_id, event_code, event_status, version)
                    SELECT \(tenant), 0, 'io.trainingd.Events.UpdateEvent',
                           CASE WHEN n % 3 = 0 THEN 'event_status_changed' ELSE 'event_updated' END,
                           (\([events[0].uuidString, events[1].uuidString])::uuid[])[1 + n % 2], 'WATCH-' || n % 2, 'draft', n
                    FROM generate_series(\(batch.lowerBound), \(batch.upperBound - 1)) AS n ORDER BY n
                    """)
                try owner.executeScript("COMMIT")
            }
        }
        func seqs(after cursor: String, event: UUID? = nil, kind: String? = nil) throws -> [Int64] {
            let after = Int64(cursor.split(separator: ".").last ?? "") ?? -1
            return try owner.query("""
                SELECT seq FROM change_log WHERE tenant_id = \(tenant) AND seq > \(after)
                  AND (\(event)::uuid IS NULL OR event_id = \(event)) AND (\(kind)::text IS NULL OR kind = \(kind))
                ORDER BY seq
                """).rows.map { try $0.decode("seq", as: Int64.self) }
        }
        typealias Replies = AsyncThrowingStream<JSONValue, any Error>.AsyncIterator
        func sequence(_ reply: JSONValue) throws -> Int64 {
            guard let cursor = reply["change"]?["cursor"]?.stringValue, let sequence = Int64(cursor.split(separator: ".").last ?? "") else {
                throw TestSetupError("a Watch reply without a change and its cursor: \(reply)")
            }
            return sequence
        }
        /// A Watch call's replies after its up-to-date reply, that reply's cursor, and the
        /// changes it sent before it.
        func watch(_ parameters: JSONObject = [:]) async throws -> (replies: Replies, cursor: String, backlog: [Int64]) {
            var replies = try await daemon.connect().callMore("io.trainingd.Events.Watch", .object(parameters)).makeAsyncIterator()
            var backlog: [Int64] = []
            while let reply = try await replies.next() {
                guard reply["change"] != nil else {
                    guard let cursor = reply["cursor"]?.stringValue else { throw TestSetupError("a Watch reply without a cursor: \(reply)") }
                    return (replies, cursor, backlog)
                }
                backlog.append(try sequence(reply))
            }
            throw TestSetupError("Watch ended before its up-to-date reply")
        }
        func received(_ replies: inout Replies, _ count: Int) async throws -> [Int64] {
            var seqs: [Int64] = []
            while seqs.count < count, let reply = try await replies.next() { seqs.append(try sequence(reply)) }
            return seqs
        }

        var first = try await watch()
        try record(12)
        // More than the window holds, in one transaction: once the first call has it all, the
        // window starts after `first.cursor`.
        try record(4_200, together: true)
        let before = try seqs(after: first.cursor)
        #expect(before.count == 4_212)
        #expect(try await received(&first.replies, before.count) == before)

        var resumed = try await watch(["since": .string(first.cursor)])
        #expect(resumed.backlog == before, "everything after its cursor, read from the log")
        var lives: [(replies: Replies, cursor: String, backlog: [Int64])] = []
        for _ in 0..<8 { lives.append(try await watch()) }
        var onlyEvent = try await watch(["event": "WATCH-1"])
        var onlyKind = try await watch(["kinds": ["event_status_changed"]])
        #expect(resumed.cursor == lives[0].cursor, "the resumed call is up to date once it has read the log")
        try record(60)

        let all = try seqs(after: first.cursor)
        #expect(all.count == 4_272)
        #expect(try await received(&first.replies, 60) == Array(all.suffix(60)))
        #expect(try await received(&resumed.replies, 60) == Array(all.suffix(60)))
        for index in lives.indices {
            let wanted = try seqs(after: lives[index].cursor)
            #expect(wanted.count == 60)
            #expect(try await received(&lives[index].replies, wanted.count) == wanted)
        }
        let oneEvent = try seqs(after: onlyEvent.cursor, event: events[1])
        #expect(oneEvent.count == 30)
        #expect(try await received(&onlyEvent.replies, oneEvent.count) == oneEvent)
        let oneKind = try seqs(after: onlyKind.cursor, kind: "event_status_changed")
        #expect(oneKind.count == 20)
        #expect(try await received(&onlyKind.replies, oneKind.count) == oneKind)

        // One reader for all twelve calls: while a writer holds the change-log lock (shared),
        // a new change leaves exactly one reader of this database waiting for it (exclusive),
        // not one per call. The change is written without the lock (the only other writer is
        // `writer`), so it cannot queue behind a reader that waits for `writer`.
        func waitingReaders() throws -> Int {
            try owner.query("""
                SELECT count(*) AS n FROM pg_locks
                WHERE locktype = 'advisory' AND mode = 'ExclusiveLock' AND NOT granted
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                """)[0].decode("n", as: Int.self)
        }
        let writer = try TestPostgres.connect(conninfo)
        try writer.executeScript("BEGIN")
        defer { _ = try? writer.executeScript("ROLLBACK") }
        try writer.query("SELECT pg_advisory_xact_lock_shared(hashtext(\("trainingd_change_log/" + tenant.uuidString.lowercased())))")
        try record(1, locking: false)
        let deadline = ContinuousClock.now + .seconds(20)
        var waiting = try waitingReaders()
        while waiting == 0 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
            waiting = try waitingReaders()
        }
        try await Task.sleep(for: .milliseconds(500))
        #expect(try waitingReaders() == 1)
        try writer.executeScript("COMMIT")

        // Nothing more comes than was committed: that change is each call's next reply.
        let last = try seqs(after: first.cursor).last
        #expect(try await received(&first.replies, 1) == [last].compactMap { $0 })
        #expect(try await received(&onlyKind.replies, 1) == [last].compactMap { $0 })
        #expect(await daemon.terminate(timeout: .seconds(20)) == 0, "log:\n\(daemon.log)")
    }
}
