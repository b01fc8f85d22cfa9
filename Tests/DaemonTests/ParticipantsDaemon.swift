import ChildProcess
import Foundation
import Postgres
import TestSupport
import Testing
import Varlink

/// A daemon with tenants "dpi" and "rival" for the People and Registrations suites. Events
/// are inserted with SQL as the database owner (the tests depend on no Events method), with
/// the Gülchö invitations when asked. Calls go over the real socket as root.
struct ParticipantsDaemon: Sendable {
    static let gulcho = "41706207814000"
    static let bulolu = "41706207811000"
    static let chongAlai = "41706259851000"
    static let kashkaSuu = "41706259824000"
    static let lenin = "41706207830000"
    static let buudalyk = "41706207809000"

    /// The 26 participants of Gülchö, 16 April 2019 (semicolon-separated, with BOM).
    static var gulchoCSV: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/gulcho-2019-participants.csv").path
    }

    let daemon: TestDaemon
    let conninfo: PGConninfo
    let dpi: UUID
    let rival: UUID

    static func start(prefix: String, arguments: [String] = []) async throws -> ParticipantsDaemon {
        let conninfo = try TestPostgres.createDatabase(prefix: prefix)
        let daemon = try await TestDaemon.start(database: conninfo, arguments: ["--socket-mode", "0666"] + arguments)
        _ = try await daemon.call("io.trainingd.System.CreateTenant", ["slug": "dpi", "name": "Development Policy Institute"])
        _ = try await daemon.call("io.trainingd.System.CreateTenant", ["slug": "rival", "name": "Another organisation"])
        let owner = try TestPostgres.connect(conninfo)
        func id(_ slug: String) throws -> UUID { try owner.query("SELECT id FROM tenant WHERE slug = \(slug)")[0].decode("id") }
        return ParticipantsDaemon(daemon: daemon, conninfo: conninfo, dpi: try id("dpi"), rival: try id("rival"))
    }

    /// A connection as the database owner (bypasses row-level security).
    var owner: PGConnection { get throws { try TestPostgres.connect(conninfo) } }

    /// Inserts an event (as the owner) and returns its id.
    @discardableResult
    func event(_ code: String, tenant: UUID? = nil, capacity: Int? = 30, status: String = "scheduled", invite: Bool = true) throws -> UUID {
        let tenant = tenant ?? dpi
        let id = UUID()
        let owner = try self.owner
        try owner.execute("""
            INSERT INTO event (tenant_id, id, code, title, venue_municipality, first_day, last_day, capacity, status)
            VALUES (\(tenant), \(id), \(code), \("Joint planning of actions of the local community and LSG bodies"),
                    \(Self.gulcho), '2019-04-16', '2019-04-16', \(capacity), \(status))
            """)
        if invite {
            for (code, role) in [(Self.bulolu, "target"), (Self.chongAlai, "target"), (Self.kashkaSuu, "neighbour"),
                                 (Self.lenin, "neighbour"), (Self.buudalyk, "neighbour")] {
                try owner.execute("""
                    INSERT INTO event_municipality (tenant_id, event_id, municipality_code, role) VALUES (\(tenant), \(id), \(code), \(role))
                    """)
            }
        }
        return id
    }

    func call(_ method: String, _ parameters: JSONObject = JSONObject()) async throws -> JSONValue {
        var parameters = parameters
        if parameters["tenant"] == nil { parameters["tenant"] = "dpi" }
        return try await daemon.call(method, .object(parameters))
    }

    /// The error a call answers (a test failure if it succeeds).
    func error(_ method: String, _ parameters: JSONObject, sourceLocation: SourceLocation = #_sourceLocation) async -> VarlinkError? {
        do {
            let reply = try await call(method, parameters)
            Issue.record("\(method) succeeded but should fail: \(reply)", sourceLocation: sourceLocation)
            return nil
        } catch let error as VarlinkError {
            return error
        } catch {
            Issue.record("\(method) failed with \(error) instead of a Varlink error", sourceLocation: sourceLocation)
            return nil
        }
    }

    func addPerson(_ name: String, sex: String = "female", category: String = "council_deputy", municipality: String? = bulolu,
                   tenant: String = "dpi") async throws -> String {
        var parameters: JSONObject = ["tenant": .string(tenant), "full_name": .string(name), "sex": .string(sex), "category": .string(category)]
        if let municipality { parameters["municipality"] = .string(municipality) }
        let reply = try await call("io.trainingd.People.AddPerson", parameters)
        return try #require(reply["person"]?["person_id"]?.stringValue)
    }

    /// Rows of a tenant table (as the owner), optionally filtered by a constant condition.
    func count(_ table: String, tenant: UUID? = nil, where condition: String = "true") throws -> Int {
        var bindings = PGBindings()
        bindings.append(tenant ?? dpi)
        return try owner.query(PGQuery(unsafeSQL: "SELECT count(*) AS n FROM \(table) WHERE tenant_id = $1 AND \(condition)", bindings: bindings))[0]
            .decode("n")
    }

    /// Every tenant table's row count, to show a refused call changed nothing.
    func snapshot(_ tenant: UUID) throws -> [Int] {
        try ["person", "registration", "attendance", "import_batch", "change_log", "audit_log"].map { try count($0, tenant: tenant) }
    }

    func ctl(as uid: UInt32? = nil, _ arguments: [String]) async throws -> ChildProcess.Result {
        try await AccessTests.trainingctl(daemon, as: uid, arguments)
    }

    /// The JSON document in trainingctl's output, without the stderr lines around it.
    static func jsonDocument(_ output: String) -> String {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("{") }), let end = lines.lastIndex(where: { $0 == "}" }) else { return output }
        return lines[start...end].joined(separator: "\n")
    }
}
