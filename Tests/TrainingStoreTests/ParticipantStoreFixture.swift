import Foundation
import Postgres
import TestSupport
import TrainingCore
import TrainingStore

/// A migrated database with one tenant, and events created with plain SQL as the owner (so
/// these tests depend on nothing of the Events store).
struct ParticipantStoreFixture {
    static let bulolu = "41706207811000"
    static let chongAlai = "41706259851000"
    static let gulcho = "41706207814000"

    let db: StoreTestDatabase
    let tenant: Tenant
    let people: PeopleStore
    let registrations: RegistrationStore

    init(prefix: String) async throws {
        db = try await StoreTestDatabase(prefix: prefix)
        tenant = try await SystemStore(database: db.database).createTenant(slug: try TenantSlug("dpi-\(prefix)"), name: "DPI", byUID: 0)
        people = PeopleStore(database: db.database)
        registrations = RegistrationStore(database: db.database)
    }

    /// Creates an event with `capacity` seats (nil: no limit) and returns its code.
    @discardableResult
    func event(_ code: String, capacity: Int?, status: String = "scheduled") throws -> String {
        try db.ownerConnection().execute("""
            INSERT INTO event (tenant_id, code, title, venue_municipality, first_day, last_day, capacity, status)
            VALUES (\(tenant.id), \(code), \("Биргелешкен пландоо"), \(Self.gulcho), '2019-04-16', '2019-04-17', \(capacity), \(status))
            """)
        return code
    }

    func draft(_ name: String, sex: Sex = .female, category: PersonCategory = .councilDeputy, municipality: String? = bulolu,
               phone: String? = nil) throws -> PersonDraft {
        try PersonDraft(fullName: name, sex: sex, birthYear: nil, disability: nil, category: category, municipality: municipality,
                        phone: phone, currentYear: 2026)
    }

    func add(_ name: String, municipality: String? = bulolu, phone: String? = nil, allowDuplicate: Bool = false) async throws -> PersonRecord {
        try await people.add(tenant: tenant.id, uid: 1000, try draft(name, municipality: municipality, phone: phone), allowDuplicate: allowDuplicate)
    }

    func register(_ event: String, _ person: UUID) async throws -> RegistrationStore.RegisterResult {
        try await registrations.register(tenant: tenant.id, uid: 1000, .init(event: event, subject: .existing(person)))
    }

    /// Rows of a table of the tenant, counted as the owner.
    func count(_ table: String, where condition: String = "true") throws -> Int {
        try db.ownerConnection().query(PGQuery(unsafeSQL: "SELECT count(*) AS n FROM \(table) WHERE tenant_id = $1 AND \(condition)",
                                               bindings: { var b = PGBindings(); b.append(tenant.id); return b }()))[0].decode("n")
    }

    /// Attendance written as the owner (the Attendance store is not under test here).
    func attend(_ event: String, _ person: UUID, day: String, status: String) throws {
        try db.ownerConnection().execute("""
            INSERT INTO attendance (tenant_id, event_id, person_id, day, status, recorded_by)
            SELECT \(tenant.id), id, \(person), \(day)::date, \(status), 1000 FROM event WHERE tenant_id = \(tenant.id) AND code = \(event)
            """)
    }
}
