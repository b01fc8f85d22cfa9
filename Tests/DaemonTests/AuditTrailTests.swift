import Foundation
import Postgres
import TestSupport
import Testing
import Varlink

/// Every mutating method, called once successfully by an unprivileged caller, leaves exactly one
/// audit row naming that caller's uid and the method; read-only methods leave none.
///
/// The methods are discovered from the daemon, and each must be classified below as mutating or
/// read-only, so a new method fails here until someone decides which it is (and, if mutating,
/// adds its call to the scenario).
@Suite("Audit: one row per mutating call, naming the uid")
struct AuditTrailTests {
    static let mutating: Set<String> = [
        "System.CreateTenant", "System.Grant", "System.Revoke",
        "Events.CreateEvent", "Events.UpdateEvent", "Events.SetEventStatus", "Events.InviteMunicipality",
        "People.AddPerson", "People.MergePeople",
        "Registrations.Register", "Registrations.CancelRegistration", "Registrations.ImportRegistrations",
        "Attendance.RecordAttendance",
        "Plans.LinkPlan", "Plans.SetPlanStatus", "Plans.AddPlanItems",
        "Reports.DefineIndicator",
    ]
    static let readOnly: Set<String> = [
        "System.Status", "System.WhoAmI", "System.ListTenants",
        "Geography.ListOblasts", "Geography.ListDistricts", "Geography.ListMunicipalities",
        "Events.GetEvent", "Events.ListEvents", "Events.Watch",
        "People.FindPeople", "Registrations.ListRegistrations", "Attendance.EventStatistics",
        "Plans.GetPlan", "Plans.ListPlans",
        "Reports.Participation", "Reports.PlanFunnel", "Reports.ListIndicators", "Reports.ComputeIndicators",
    ]
    /// The tenant admin of "alpha" makes every call but CreateTenant (system administrators only).
    static let admin: UInt32 = 61001
    static let venue = "41706207814000"   // Gülchö
    static let bulolu = "41706207811000"

    /// One audit row, from either table.
    struct Row: Equatable, CustomStringConvertible {
        var table: String
        var uid: Int64
        var method: String
        var description: String { "\(table): uid \(uid) \(method)" }
    }

    /// A daemon, its database (as the owner, which row-level security does not filter) and the
    /// audit rows seen so far.
    final class Trail {
        let daemon: TestDaemon
        let owner: PGConnection
        private var seen: (tenant: Int64, system: Int64) = (0, 0)
        var audited: Set<String> = []

        init(daemon: TestDaemon, owner: PGConnection) {
            self.daemon = daemon
            self.owner = owner
        }

        /// Rows added to audit_log and system_audit_log since the last call.
        func newRows() throws -> [Row] {
            let tenant = try owner.query("SELECT id, uid, method FROM audit_log WHERE id > \(seen.tenant) ORDER BY id").rows.map { $0 }
            let system = try owner.query("SELECT id, uid, method FROM system_audit_log WHERE id > \(seen.system) ORDER BY id").rows.map { $0 }
            if let last = tenant.last { seen.tenant = try last.decode("id") }
            if let last = system.last { seen.system = try last.decode("id") }
            return try tenant.map { Row(table: "audit_log", uid: try $0.decode("uid"), method: try $0.decode("method")) }
                + system.map { Row(table: "system_audit_log", uid: try $0.decode("uid"), method: try $0.decode("method")) }
        }

        /// Calls `method` (short name) as `uid`, requires success, and checks its single audit row.
        @discardableResult
        func call(_ method: String, _ parameters: JSONObject, as uid: UInt32 = AuditTrailTests.admin,
                  sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue {
            _ = try newRows()
            var parameters = parameters
            let qualified = "io.trainingd.\(method)"
            if !method.hasPrefix("System.CreateTenant") && parameters["tenant"] == nil { parameters["tenant"] = "alpha" }
            let reply = try #require(try await AccessCaller.run([.init(method: qualified, parameters: .object(parameters))],
                                                                as: uid, socket: daemon.socketPath).first)
            try #require(reply.error == nil && reply.transport == nil,
                         "\(method) failed: \(reply.error ?? reply.transport ?? "") \(reply.parameters)", sourceLocation: sourceLocation)
            // Tenant actions go to the tenant's audit_log; CreateTenant (no tenant yet) to system_audit_log.
            let table = method == "System.CreateTenant" ? "system_audit_log" : "audit_log"
            #expect(try newRows() == [Row(table: table, uid: Int64(uid), method: qualified)], "\(method)", sourceLocation: sourceLocation)
            audited.insert(method)
            return reply.parameters
        }
    }

    @Test func everyMutatingMethodLeavesExactlyOneRowNamingTheUID() async throws {
        let conninfo = try TestPostgres.createDatabase(prefix: "audit")
        let daemon = try await TestDaemon.start(database: conninfo, arguments: ["--socket-mode", "0666"])
        let methods = try await ServedMethod.discover(daemon)
        for method in methods {
            #expect(Self.mutating.contains(method.shortName) != Self.readOnly.contains(method.shortName),
                    "\(method) must be classified as mutating or read-only (exactly one) in AuditTrailTests")
        }
        // docs/protocol.md §2 lists how each mutating call behaves on retry: all must be mutating here.
        let documented = try Self.retryTableMethods()
        #expect(documented.count >= 10)
        let mutatingNames = Set(Self.mutating.map { String($0.split(separator: ".").last ?? "") })
        #expect(documented.subtracting(mutatingNames).isEmpty, "documented as mutating but not here: \(documented.subtracting(mutatingNames))")
        let undocumented = mutatingNames.subtracting(documented).sorted()
        if !undocumented.isEmpty { print("audit: mutating methods without a row in the retry table of docs/protocol.md §2: \(undocumented)") }

        let trail = Trail(daemon: daemon, owner: try TestPostgres.connect(conninfo))
        try await trail.call("System.CreateTenant", ["slug": "alpha", "name": "Alpha"], as: 0)
        _ = try await daemon.call("io.trainingd.System.Grant", ["tenant": "alpha", "uid": .int(Int64(Self.admin)), "role": "tenant_admin"])
        try await scenario(trail)
        #expect(trail.audited == Self.mutating, "not exercised: \(Self.mutating.subtracting(trail.audited).sorted())")

        // Read-only methods, called with the access matrix's well-typed parameters, write nothing.
        _ = try trail.newRows()
        let reads = methods.filter { Self.readOnly.contains($0.shortName) }.map { method in
            AccessCaller.Call(method: method.qualifiedName,
                              parameters: AccessExampleParameters(interface: method.interface).parameters(for: method.method, tenant: "alpha"),
                              more: method.requiresMore)
        }
        let replies = try await AccessCaller.run(reads, as: Self.admin, socket: daemon.socketPath)
        #expect(replies.filter { $0.error == nil }.count >= 10, "most read-only calls succeed: \(replies.map(\.error))")
        #expect(try trail.newRows() == [], "read-only methods wrote audit rows")
        print("audit: \(trail.audited.count) mutating methods, one row each; \(reads.count) read-only methods, none")
        #expect(await daemon.terminate() == 0)
    }

    /// The method names in the retry table under "Transactions, audit and retries" in docs/protocol.md §2.
    static func retryTableMethods() throws -> Set<String> {
        let text = try String(contentsOf: AccessRoleTable.protocolDocument, encoding: .utf8)
        guard let start = text.range(of: "**Transactions, audit and retries.**"),
              let end = text.range(of: "**Order of checks.**", range: start.upperBound..<text.endIndex)
        else { throw AccessTableError("docs/protocol.md §2 has no retry table") }
        var names: Set<String> = []
        for line in text[start.upperBound..<end.lowerBound].split(separator: "\n") where line.hasPrefix("| `") {
            let firstCell = line.split(separator: "|").first ?? ""
            for (index, piece) in firstCell.split(separator: "`", omittingEmptySubsequences: false).enumerated() where index % 2 == 1 {
                names.insert(String(piece))
            }
        }
        return names
    }
}
