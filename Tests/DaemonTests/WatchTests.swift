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
}
