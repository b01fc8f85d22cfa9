import Foundation
import Postgres
import Testing
import TrainingStore
import UUIDText

/// sql/0013: registration and change_log name their event through statement-level triggers
/// instead of foreign keys. They must refuse and cascade exactly as the foreign keys did, with
/// the same SQLSTATE and constraint names.
@Suite("Event references kept per statement")
struct EventReferenceTests {
    let db: StoreTestDatabase
    let tenant = UUID()
    let other = UUID()
    let event = UUID()
    let otherEvent = UUID()
    let person = UUID()

    init() async throws {
        db = try await StoreTestDatabase(prefix: "eventref")
        let owner = try db.ownerConnection()
        for (tenant, slug, event) in [(tenant, "ref-a", event), (other, "ref-b", otherEvent)] {
            try owner.execute("INSERT INTO tenant (id, slug, name) VALUES (\(tenant), \(slug), \(slug))")
            try owner.execute("""
                INSERT INTO event (tenant_id, id, code, title, venue_municipality, first_day, last_day)
                VALUES (\(tenant), \(event), 'REF-1', 'Reference test', '41706207814000', '2026-04-16', '2026-04-17')
                """)
        }
        try owner.execute("INSERT INTO person (tenant_id, id, full_name, name_key, sex, category) VALUES (\(tenant), \(person), 'Айгүл', 'айгүл', 'female', 'other')")
    }

    private func changeRow(tenant: UUID, event: UUID) -> PGQuery {
        "INSERT INTO change_log (tenant_id, by_uid, method, kind, event_id, event_code) VALUES (\(tenant), 0, 'test', 'event_created', \(event), 'REF-1')"
    }

    private func count(_ c: PGConnection, _ table: String) throws -> Int {
        try c.query(PGQuery(unsafeSQL: "SELECT count(*) AS n FROM \(table)"))[0].decode("n", as: Int.self)
    }

    @Test func rowsNamingNoEventOfTheirTenantAreRefused() async throws {
        let (tenant, person, otherEvent) = (tenant, person, otherEvent)
        let missing = UUID()
        // A missing event, and another tenant's event (the key includes the tenant).
        for event in [missing, otherEvent] {
            let change = await #expect(throws: PGError.self) {
                try await db.database.inTenant(tenant) { c in try c.execute(changeRow(tenant: tenant, event: event)) }
            }
            #expect(change?.sqlState == .foreignKeyViolation)
            #expect(change?.constraint == "change_log_event_fkey")
            #expect(change?.table == "change_log")
            #expect(change?.detail?.contains(event.lowercasedText) == true)
            let registration = await #expect(throws: PGError.self) {
                try await db.database.inTenant(tenant) { c in
                    try c.execute("""
                        INSERT INTO registration (tenant_id, event_id, person_id, status, source, category)
                        VALUES (\(tenant), \(event), \(person), 'registered', 'manual', 'other')
                        """)
                }
            }
            #expect(registration?.sqlState == .foreignKeyViolation)
            #expect(registration?.constraint == "registration_event_fkey")
        }
        let owner = try db.ownerConnection()
        #expect(try count(owner, "change_log") == 0)
        #expect(try count(owner, "registration") == 0)
    }

    @Test func oneBadRowRefusesTheWholeStatement() async throws {
        let (tenant, event) = (tenant, event)
        let error = await #expect(throws: PGError.self) {
            try await db.database.inTenant(tenant) { c in
                try c.execute("""
                    INSERT INTO change_log (tenant_id, by_uid, method, kind, event_id, event_code)
                    SELECT \(tenant), 0, 'test', 'event_created', e, 'REF-1' FROM unnest(ARRAY[\(event), \(event), \(UUID())]::uuid[]) AS e
                    """)
            }
        }
        #expect(error?.constraint == "change_log_event_fkey")
        #expect(try count(try db.ownerConnection(), "change_log") == 0)
        // The same statement naming existing events writes every row.
        let written = try await db.database.inTenant(tenant) { c in
            try c.execute("""
                INSERT INTO change_log (tenant_id, by_uid, method, kind, event_id, event_code)
                SELECT \(tenant), 0, 'test', 'event_created', \(event), 'REF-1' FROM generate_series(1, 3)
                """)
        }
        #expect(written == 3)
    }

    @Test func changingARegistrationsEventIsChecked() async throws {
        let (tenant, event, person) = (tenant, event, person)
        let owner = try db.ownerConnection()
        try owner.execute("INSERT INTO registration (tenant_id, event_id, person_id, status, source, category) VALUES (\(tenant), \(event), \(person), 'registered', 'manual', 'other')")
        let error = #expect(throws: PGError.self) {
            try owner.execute("UPDATE registration SET event_id = \(UUID()) WHERE person_id = \(person)")
        }
        #expect(error?.constraint == "registration_event_fkey")
        let second = UUID()
        try owner.execute("""
            INSERT INTO event (tenant_id, id, code, title, venue_municipality, first_day, last_day)
            VALUES (\(tenant), \(second), 'REF-2', 'Second', '41706207814000', '2026-05-16', '2026-05-17')
            """)
        #expect(try owner.execute("UPDATE registration SET event_id = \(second) WHERE person_id = \(person)") == 1)
    }

    @Test func deletingAnEventCascadesItsChangesAndIsRefusedWhileRegistered() async throws {
        let owner = try db.ownerConnection()
        try owner.execute(changeRow(tenant: tenant, event: event))
        try owner.execute(changeRow(tenant: other, event: otherEvent))
        // Changing the key of an event with change rows is refused.
        let rekey = #expect(throws: PGError.self) { try owner.execute("UPDATE event SET id = \(UUID()) WHERE id = \(event)") }
        #expect(rekey?.sqlState == .foreignKeyViolation)
        #expect(rekey?.constraint == "change_log_event_fkey")
        // A registered event cannot be deleted; its change rows stay.
        try owner.execute("INSERT INTO registration (tenant_id, event_id, person_id, status, source, category) VALUES (\(tenant), \(event), \(person), 'registered', 'manual', 'other')")
        let refused = #expect(throws: PGError.self) { try owner.execute("DELETE FROM event WHERE id = \(event)") }
        #expect(refused?.constraint == "registration_event_fkey")
        #expect(try count(owner, "change_log") == 2)
        // Without registrations it goes, with its change rows only.
        try owner.execute("DELETE FROM registration WHERE event_id = \(event)")
        #expect(try owner.execute("DELETE FROM event WHERE id = \(event)") == 1)
        let left = try owner.query("SELECT event_id FROM change_log").rows.map { try $0.decode("event_id", as: UUID.self) }
        #expect(left == [otherEvent])
    }

    @Test func truncatingAndRepeatableReadDeletesAreRefused() async throws {
        let owner = try db.ownerConnection()
        let truncate = #expect(throws: PGError.self) { try owner.execute("TRUNCATE event CASCADE") }
        #expect(truncate?.sqlState == SQLState("0A000"))
        // Under REPEATABLE READ the trigger could miss a registration committed after the
        // snapshot, where a foreign key looks at the latest rows.
        try owner.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        let delete = #expect(throws: PGError.self) { try owner.execute("DELETE FROM event WHERE id = \(event)") }
        #expect(delete?.sqlState == .serializationFailure)
        try owner.execute("ROLLBACK")
        #expect(try count(owner, "event") == 2)
    }

    @Test func aWriterHoldsItsEventAgainstDeletionUntilItEnds() async throws {
        let (tenant, event) = (tenant, event)
        let writer = try db.ownerConnection()
        try writer.execute("BEGIN")
        try writer.execute(changeRow(tenant: tenant, event: event))
        let deleter = try db.ownerConnection()
        try deleter.execute("SET lock_timeout = '300ms'")
        let blocked = #expect(throws: PGError.self) { try deleter.execute("DELETE FROM event WHERE id = \(event)") }
        #expect(blocked?.sqlState == SQLState("55P03"), "the event is locked FOR KEY SHARE by the writer")
        try writer.execute("ROLLBACK")
        #expect(try deleter.execute("DELETE FROM event WHERE id = \(event)") == 1)
    }
}
