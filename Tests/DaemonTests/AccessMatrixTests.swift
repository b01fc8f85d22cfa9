import Foundation
import TestSupport
import Testing
import Varlink

/// Every method of every io.trainingd interface, called by every kind of caller, is allowed or
/// refused exactly as the role table in docs/protocol.md §3 says.
///
/// The methods come from the daemon (GetInfo, GetInterfaceDescription) and the expectations from
/// the document, so a new method without a row in the table fails here. That RLS hides another
/// tenant's rows even from a query without a tenant filter is shown directly in SQL by
/// Tests/TrainingStoreTests/RowLevelSecurityTests.swift.
@Suite("Access matrix: every method, every kind of caller")
struct AccessMatrixTests {
    /// A caller and the tenant its calls name.
    struct Caller: CustomStringConvertible {
        var name: String
        var uid: UInt32
        var tenant: String
        /// Its role in `tenant`, nil when it holds none there.
        var role: String?
        var isSystemAdministrator = false
        /// Whether it holds a role in some tenant (not necessarily `tenant`).
        var hasSomeRole: Bool
        var description: String { "\(name) (uid \(uid)) naming \(tenant)" }

        func isAllowed(_ least: LeastRole) -> Bool {
            if isSystemAdministrator { return true }
            switch least {
            case .anyone: return true
            case .systemAdministrator: return false
            case .anyTenantRole: return hasSomeRole
            case .tenantRole(let required):
                guard let role, let held = AccessRoleTable.roleOrder.firstIndex(of: role),
                      let needed = AccessRoleTable.roleOrder.firstIndex(of: required) else { return false }
                return held >= needed
            }
        }
    }

    static let callers = [
        Caller(name: "root", uid: 0, tenant: "alpha", role: nil, isSystemAdministrator: true, hasSomeRole: false),
        Caller(name: "tenant admin of alpha", uid: 61001, tenant: "alpha", role: "tenant_admin", hasSomeRole: true),
        Caller(name: "viewer of alpha", uid: 61002, tenant: "alpha", role: "viewer", hasSomeRole: true),
        Caller(name: "registrar of beta", uid: 61003, tenant: "beta", role: "registrar", hasSomeRole: true),
        Caller(name: "registrar of beta", uid: 61003, tenant: "alpha", role: nil, hasSomeRole: true),
        Caller(name: "uid without a role", uid: 61004, tenant: "alpha", role: nil, hasSomeRole: false),
    ]

    /// A uid no caller is, for Grant and Revoke to act on.
    static let bystanderUID: JSONValue = 61999

    @Test func everyMethodAllowsExactlyTheDocumentedRoles() async throws {
        // 0666 so that every uid reaches the daemon and the daemon decides.
        let daemon = try await TestDaemon.start(database: try TestPostgres.createDatabase(prefix: "matrix"), arguments: ["--socket-mode", "0666"])
        _ = try await daemon.call("io.trainingd.System.CreateTenant", ["slug": "alpha", "name": "Alpha"])
        _ = try await daemon.call("io.trainingd.System.CreateTenant", ["slug": "beta", "name": "Beta"])
        for caller in Self.callers {
            guard let role = caller.role else { continue }
            _ = try await daemon.call("io.trainingd.System.Grant", ["tenant": .string(caller.tenant), "uid": .int(Int64(caller.uid)), "role": .string(role)])
        }

        let methods = try await ServedMethod.discover(daemon)
        let table = try AccessRoleTable.load()
        #expect(methods.count >= 30, "discovered \(methods.count) methods")
        for method in methods {
            #expect(table[method.shortName] != nil, "\(method) has no row in the role table of docs/protocol.md §3")
        }
        let served = Set(methods.map(\.shortName))
        for documented in table.keys.sorted() {
            #expect(served.contains(documented), "docs/protocol.md §3 lists \(documented), which the daemon does not serve")
        }

        var checked = 0
        var refused = 0
        var answers: [String: Int] = [:]
        for caller in Self.callers {
            let calls = methods.map { method in
                var example = AccessExampleParameters(interface: method.interface)
                example.overrides["uid"] = Self.bystanderUID
                return AccessCaller.Call(method: method.qualifiedName,
                                         parameters: example.parameters(for: method.method, tenant: caller.tenant),
                                         more: method.requiresMore)
            }
            let replies = try await AccessCaller.run(calls, as: caller.uid, socket: daemon.socketPath)
            for (method, reply) in zip(methods, replies) {
                guard let least = table[method.shortName] else { continue }
                check(reply, of: method, by: caller, least: least)
                checked += 1
                if !caller.isAllowed(least) { refused += 1 }
                answers[reply.error ?? "success", default: 0] += 1
            }
        }
        print("access matrix: \(methods.count) methods x \(Self.callers.count) callers = \(checked) calls checked, \(refused) refused; answers: \(answers.sorted { $0.key < $1.key })")
        #expect(checked == methods.count * Self.callers.count)
        #expect(await daemon.terminate() == 0)
    }

    func check(_ reply: AccessCaller.Reply, of method: ServedMethod, by caller: Caller, least: LeastRole) {
        let context = "\(method) by \(caller) (least role: \(least)) answered \(reply.error ?? "success") \(reply.parameters)"
        #expect(reply.transport == nil, "\(context): \(reply.transport ?? "")")
        if caller.isAllowed(least) {
            #expect(reply.error != "io.trainingd.System.PermissionDenied", "refused: \(context)")
            // Ill-typed example parameters would stop the call before the role check.
            #expect(reply.error != "org.varlink.service.InvalidParameter", "\(context)")
            #expect(reply.error != "org.varlink.service.MethodNotImplemented", "\(context)")
            #expect(reply.error != "io.trainingd.System.InternalError", "\(context)")
            return
        }
        #expect(reply.error == "io.trainingd.System.PermissionDenied", "allowed: \(context)")
        #expect(reply.parameters["method"] == .string(method.qualifiedName), "\(context)")
        switch least {
        case .tenantRole(let role): #expect(reply.parameters["required_role"] == .string(role), "\(context)")
        case .systemAdministrator: #expect(reply.parameters["required_role"] == "system_admin", "\(context)")
        case .anyone, .anyTenantRole: break
        }
    }
}
