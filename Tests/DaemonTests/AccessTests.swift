import ChildProcess
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TestSupport
import Testing
import Varlink

/// Who may do what is decided from the caller's SO_PEERCRED uid; trainingctl reports refusals
/// with exit status 77.
@Suite("Access control through trainingctl")
struct AccessTests {
    /// An unprivileged uid that holds no role anywhere.
    static let outsider: UInt32 = 65534

    /// Runs trainingctl, as `uid` when given (through setpriv), and returns status and output.
    static func trainingctl(_ daemon: TestDaemon, as uid: UInt32? = nil, _ arguments: [String]) async throws -> ChildProcess.Result {
        let ctl = try TestDaemon.executable("trainingctl")
        let command = ["--socket", daemon.socketPath] + arguments
        guard let uid else { return try await ChildProcess.runDetached(ctl, command) }
        return try await ChildProcess.runDetached("/usr/bin/setpriv", ["--reuid=\(uid)", "--regid=\(uid)", "--clear-groups", ctl] + command)
    }

    @Test func roleComesFromTheCallersUID() async throws {
        // 0666 so that the outsider can reach the daemon at all; the daemon then decides.
        let daemon = try await TestDaemon.start(database: try TestPostgres.createDatabase(prefix: "access"), arguments: ["--socket-mode", "0666"])

        let refused = try await Self.trainingctl(daemon, as: Self.outsider, ["tenant", "create", "intruders", "Intruders"])
        #expect(refused.status == 77, "\(refused.output)")
        #expect(refused.output.contains("permission denied"))
        #expect(refused.output.contains("io.trainingd.System.CreateTenant"))

        let created = try await Self.trainingctl(daemon, ["tenant", "create", "dpi-osh", "Институт политики развития"])
        #expect(created.status == 0, "\(created.output)")
        let granted = try await Self.trainingctl(daemon, ["--tenant", "dpi-osh", "grant", String(Self.outsider), "viewer"])
        #expect(granted.status == 0, "\(granted.output)")

        let whoami = try await Self.trainingctl(daemon, as: Self.outsider, ["whoami", "--json"])
        #expect(whoami.status == 0, "\(whoami.output)")
        let identity = try JSONParser.parse(whoami.output)
        #expect(identity["uid"] == .int(Int64(Self.outsider)))
        #expect(identity["is_system_admin"] == .bool(false))
        #expect(identity["tenants"]?[0]?["tenant"] == .string("dpi-osh"))
        #expect(identity["tenants"]?[0]?["role"] == .string("viewer"))
        #expect(identity["default_tenant"] == .string("dpi-osh"))

        // A viewer may not grant, not even to itself.
        let escalate = try await Self.trainingctl(daemon, as: Self.outsider, ["grant", String(Self.outsider), "tenant_admin"])
        #expect(escalate.status == 77, "\(escalate.output)")
        #expect(escalate.output.contains("tenant_admin"))
        // Nor see the principals of its tenant (tenant admins and system administrators only).
        let listed = try await Self.trainingctl(daemon, as: Self.outsider, ["tenant", "list", "--json"])
        let tenants = try JSONParser.parse(listed.output)["tenants"]
        #expect(tenants?[0]?["slug"] == .string("dpi-osh"))
        #expect(tenants?[0]?["principals"] == nil)

        // After revoking, the outsider is refused again.
        #expect(try await Self.trainingctl(daemon, ["--tenant", "dpi-osh", "revoke", String(Self.outsider)]).status == 0)
        let after = try await Self.trainingctl(daemon, as: Self.outsider, ["--tenant", "dpi-osh", "call", "io.trainingd.Events.Watch", "--more"])
        #expect(after.status == 77, "\(after.output)")
        #expect(await daemon.terminate() == 0)
    }

    @Test func socketFileHasTheConfiguredMode() async throws {
        let daemon = try await TestDaemon.start(database: try TestPostgres.createDatabase(prefix: "mode"), arguments: ["--socket-mode", "0660"])
        let attributes = try FileManager.default.attributesOfItem(atPath: daemon.socketPath)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o660)
        #expect(attributes[.type] as? FileAttributeType == .typeSocket)
        // With 0660 and root's group, the outsider cannot even connect.
        let blocked = try await Self.trainingctl(daemon, as: Self.outsider, ["status"])
        #expect(blocked.status == 69)
        #expect(blocked.output.contains("Permission denied"))
        #expect(await daemon.terminate() == 0)
    }

    @Test func socketFileHasTheConfiguredGroup() async throws {
        let daemon = try await TestDaemon.start(database: try TestPostgres.createDatabase(prefix: "group"),
                                                arguments: ["--socket-mode", "0660", "--socket-group", "nogroup"])
        var info = stat()
        #expect(stat(daemon.socketPath, &info) == 0)
        #expect(info.st_mode & 0o7777 == 0o660)
        #expect(info.st_mode & S_IFMT == S_IFSOCK)
        #expect(info.st_gid == 65534, "group of the socket: \(info.st_gid)")
        // A member of the group connects (WhoAmI needs no role); anyone else cannot even connect.
        let whoami = AccessCaller.Call(method: "io.trainingd.System.WhoAmI", parameters: .emptyObject)
        let member = try await AccessCaller.run([whoami], as: 61010, gid: 65534, socket: daemon.socketPath)
        #expect(member.first?.transport == nil && member.first?.error == nil, "\(member)")
        #expect(member.first?.parameters["uid"] == 61010)
        let stranger = try await AccessCaller.run([whoami], as: 61011, socket: daemon.socketPath)
        #expect(stranger.first?.transport?.contains("PermissionError") == true, "\(stranger)")
        #expect(await daemon.terminate() == 0)
    }
}
