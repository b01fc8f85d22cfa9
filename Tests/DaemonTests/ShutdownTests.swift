import ChildProcess
import Foundation
import Postgres
import TestSupport
import Testing
import Varlink

@Suite("Graceful shutdown")
struct ShutdownTests {
    /// A Status call blocked on a table lock is in flight when SIGTERM arrives: it must still be
    /// answered, and the daemon must then exit 0.
    @Test func sigtermLetsACallInFlightFinish() async throws {
        let conninfo = try TestPostgres.createDatabase(prefix: "shutdown")
        let daemon = try await TestDaemon.start(database: conninfo)
        let blocker = try TestPostgres.connect(conninfo)
        // pg_stat_activity is a snapshot per transaction, so it is watched from elsewhere.
        let monitor = try TestPostgres.connect(conninfo)
        try blocker.executeScript("BEGIN; LOCK TABLE schema_migrations IN ACCESS EXCLUSIVE MODE")

        let client = try await daemon.connect()
        let call = Task { try await client.call("io.trainingd.System.Status") }
        // Wait until the daemon's query is really waiting on the lock.
        var waiting = false
        for _ in 0..<200 where !waiting {
            let n = try monitor.query("""
                SELECT count(*) AS n FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%schema_migrations%'
                """)[0].decode("n", as: Int.self)
            waiting = n > 0
            if !waiting { try await Task.sleep(for: .milliseconds(25)) }
        }
        #expect(waiting, "Status is blocked on the lock")

        daemon.process.signal(SIGTERM)
        try await Task.sleep(for: .milliseconds(500))
        #expect(await daemon.process.exitStatus(timeout: .zero) == nil, "daemon waits for the call in flight")
        // New connections are refused while draining.
        await #expect(throws: (any Error).self) { _ = try await daemon.call("io.trainingd.System.WhoAmI") }

        try blocker.executeScript("COMMIT")
        let reply = try await call.value
        #expect(reply["schema_version"]?.intValue ?? 0 >= 8)
        #expect(await daemon.process.exitStatus(timeout: .seconds(30)) == 0, "exit 0; log:\n\(daemon.log)")
    }
}
