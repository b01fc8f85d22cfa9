import ChildProcess
import Foundation
import TestSupport
import Testing
import Varlink

@Suite("trainingd with its private cluster")
struct PrivateClusterTests {
    @Test func createsItsClusterNotifiesReadyAndStopsItOnSIGTERM() async throws {
        let notify = try NotifySocket()
        let daemon = try await TestDaemon.start(database: nil, environment: ["NOTIFY_SOCKET": notify.path], waitForSocket: false)
        let ready = await notify.waitFor("READY=1", timeout: .seconds(120))
        #expect(ready != nil, "READY=1 received; log:\n\(daemon.log)")
        // READY is sent only once the socket listens.
        #expect(FileManager.default.fileExists(atPath: daemon.socketPath))
        let cluster = URL(fileURLWithPath: daemon.stateDirectory).appendingPathComponent("postgres/data")
        #expect(FileManager.default.fileExists(atPath: cluster.appendingPathComponent("PG_VERSION").path))
        #expect(FileManager.default.fileExists(atPath: cluster.appendingPathComponent("postmaster.pid").path))

        let status = try await daemon.call("io.trainingd.System.Status")
        #expect(status["managed_database"] == .bool(true))
        #expect(status["database_reachable"] == .bool(true))
        #expect(status["schema_version"]?.intValue == status["expected_schema_version"]?.intValue)
        #expect((status["schema_version"]?.intValue ?? 0) >= 8)

        let exit = await daemon.terminate()
        #expect(exit == 0, "clean exit; log:\n\(daemon.log)")
        #expect(await notify.waitFor("STOPPING=1", timeout: .seconds(5)) != nil)
        #expect(!FileManager.default.fileExists(atPath: cluster.appendingPathComponent("postmaster.pid").path), "cluster stopped")
        #expect(!FileManager.default.fileExists(atPath: daemon.socketPath), "socket removed")

        // A second start reuses the cluster it created.
        let again = try await TestDaemon.start(database: nil, arguments: ["--state-dir", daemon.stateDirectory])
        let tenants = try await again.call("io.trainingd.System.ListTenants")
        #expect(tenants["tenants"]?.arrayValue?.isEmpty == true)
        #expect(await again.terminate() == 0)
    }
}
