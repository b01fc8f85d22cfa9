import Foundation
import Postgres
import TestSupport
import Varlink

/// A daemon with two tenants ("dpi" and "rival") whose events, people and registrations are
/// seeded with SQL as the database owner, so the attendance tests need no other interface.
struct AttendanceFixture {
    static let venue = "41706207814000"       // Gülchö
    static let bulolu = "41706207811000"      // target
    static let chongAlai = "41706259851000"   // target
    static let kashkaSuu = "41706259824000"   // neighbour
    static let lenin = "41706207830000"       // neighbour
    static let buudalyk = "41706207809000"    // neighbour

    let conninfo: PGConninfo
    let daemon: TestDaemon
    let owner: PGConnection
    let dpi: UUID
    let rival: UUID

    static func start(prefix: String, arguments: [String] = []) async throws -> AttendanceFixture {
        let conninfo = try TestPostgres.createDatabase(prefix: prefix)
        let daemon = try await TestDaemon.start(database: conninfo, arguments: arguments)
        _ = try await daemon.call("io.trainingd.System.CreateTenant", ["slug": "dpi", "name": "Development Policy Institute"])
        _ = try await daemon.call("io.trainingd.System.CreateTenant", ["slug": "rival", "name": "Another organisation"])
        let owner = try TestPostgres.connect(conninfo)
        let dpi = try owner.query("SELECT id FROM tenant WHERE slug = 'dpi'")[0].decode("id", as: UUID.self)
        let rival = try owner.query("SELECT id FROM tenant WHERE slug = 'rival'")[0].decode("id", as: UUID.self)
        return AttendanceFixture(conninfo: conninfo, daemon: daemon, owner: owner, dpi: dpi, rival: rival)
    }

    @discardableResult
    func event(_ tenant: UUID, code: String, status: String = "in_progress", first: String = "2019-04-16", last: String = "2019-04-17",
               capacity: Int = 30, invitations: [(String, String)] = []) throws -> UUID {
        let id = UUID()
        try owner.execute("""
            INSERT INTO event (tenant_id, id, code, title, venue_municipality, first_day, last_day, capacity, status)
            VALUES (\(tenant), \(id), \(code), \("Жергиликтүү маанидеги маселелерди чечүү боюнча биргелешкен пландоо"),
                    \(Self.venue), \(first)::date, \(last)::date, \(capacity), \(status))
            """)
        for (municipality, role) in invitations {
            try owner.execute("""
                INSERT INTO event_municipality (tenant_id, event_id, municipality_code, role) VALUES (\(tenant), \(id), \(municipality), \(role))
                """)
        }
        return id
    }

    /// A person, registered for `event` with `status` unless nil.
    @discardableResult
    func person(_ tenant: UUID, _ name: String, sex: String, category: String = "council_deputy", municipality: String? = bulolu,
                event: UUID? = nil, status: String? = "registered") throws -> UUID {
        let id = UUID()
        let key = name.lowercased().split(separator: " ").sorted().joined(separator: " ")
        try owner.execute("""
            INSERT INTO person (tenant_id, id, full_name, name_key, sex, category, municipality_code)
            VALUES (\(tenant), \(id), \(name), \(key), \(sex), \(category), \(municipality))
            """)
        if let event, let status {
            try owner.execute("""
                INSERT INTO registration (tenant_id, event_id, person_id, status, source, category, municipality_code, cancelled_at)
                VALUES (\(tenant), \(event), \(id), \(status), 'manual', \(category), \(municipality),
                        CASE WHEN \(status) = 'cancelled' THEN now() END)
                """)
        }
        return id
    }

    func count(_ table: String, _ tenant: UUID) throws -> Int {
        try owner.query(PGQuery(unsafeSQL: "SELECT count(*) AS n FROM \(try owner.quoteIdentifier(table)) WHERE tenant_id = $1",
                                bindings: { var b = PGBindings(); b.append(tenant); return b }()))[0].decode("n")
    }

    /// (audit rows, change rows, attendance rows, registrations) of a tenant.
    func footprint(_ tenant: UUID) throws -> [Int] {
        try ["audit_log", "change_log", "attendance", "registration"].map { try count($0, tenant) }
    }

    /// A call as a system administrator, in tenant dpi unless the parameters name one.
    func call(_ method: String, _ parameters: JSONValue) async throws -> JSONValue {
        var object = parameters.objectValue ?? JSONObject()
        if object["tenant"] == nil { object["tenant"] = "dpi" }
        return try await daemon.call(method, .object(object))
    }

    /// The Varlink error a call (as `call`) answers; nil if it succeeded.
    func failure(_ method: String, _ parameters: JSONValue) async -> VarlinkError? {
        do {
            _ = try await call(method, parameters)
            return nil
        } catch let error as VarlinkError {
            return error
        } catch {
            return VarlinkError("unexpected", parameters: ["error": .string("\(error)")])
        }
    }

    static func id(_ uuid: UUID) -> JSONValue { .string(uuid.uuidString.lowercased()) }
}
