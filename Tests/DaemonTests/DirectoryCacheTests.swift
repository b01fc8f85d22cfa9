import Foundation
import TestSupport
import Testing
import Varlink

/// Several daemons on one database: a directory change made through one reaches the others'
/// cached roles and tenants through NOTIFY.
@Suite("Directory cache across daemons")
struct DirectoryCacheTests {
    @Test func tenantCreatedThroughOneDaemonIsSeenByAnother() async throws {
        let conninfo = try TestPostgres.createDatabase(prefix: "dircache")
        let a = try await TestDaemon.start(database: conninfo)
        let b = try await TestDaemon.start(database: conninfo)
        _ = try await a.call("io.trainingd.System.CreateTenant", ["slug": "first", "name": "First"])

        // On b, root's call without a tenant resolves to the only tenant (and caches the list).
        func watchWithoutTenant(_ daemon: TestDaemon) async throws -> String {
            let client = try await daemon.connect()
            defer { Task { await client.close() } }
            do {
                var replies = try await client.callMore("io.trainingd.Events.Watch").makeAsyncIterator()
                _ = try await replies.next()
                return "ok"
            } catch let error as VarlinkError {
                return error.name
            }
        }
        #expect(try await watchWithoutTenant(b) == "ok")

        _ = try await a.call("io.trainingd.System.CreateTenant", ["slug": "second", "name": "Second"])
        var outcome = "ok"
        for _ in 0..<100 where outcome == "ok" {
            outcome = try await watchWithoutTenant(b)
            if outcome == "ok" { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(outcome == "io.trainingd.System.TenantRequired", "b learned of the second tenant")
        #expect(await a.terminate() == 0)
        #expect(await b.terminate() == 0)
    }
}
