import Foundation
import Postgres
import TestSupport
import TrainingStore
import Testing

/// DESIGN §4 isolation: as the application role, a tenant sees only its rows, and with no
/// tenant chosen every tenant table is empty, even for queries with no WHERE clause at all.
@Suite("Row-level security")
struct RowLevelSecurityTests {
    let db: StoreTestDatabase
    let tenantA = UUID()
    let tenantB = UUID()

    init() async throws {
        db = try await StoreTestDatabase(prefix: "rls")
        let owner = try db.ownerConnection()
        try seed(owner, tenant: tenantA, slug: "tenant-a")
        try seed(owner, tenant: tenantB, slug: "tenant-b")
    }

    /// Tables holding tenant data: every table with a tenant_id column except the tenant
    /// directory itself and the system-level audit log.
    static func tenantTables(_ c: PGConnection) throws -> [String] {
        try c.query("""
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
            WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname NOT IN ('tenant', 'system_audit_log')
            ORDER BY c.relname
            """).rows.map { try $0.decode("relname", as: String.self) }
    }

    /// One row in every tenant table, as the owner (who bypasses RLS as a superuser).
    func seed(_ c: PGConnection, tenant: UUID, slug: String) throws {
        let event = UUID(), person = UUID(), plan = UUID()
        let statements: [PGQuery] = [
            "INSERT INTO tenant (id, slug, name) VALUES (\(tenant), \(slug), \("Организация \(slug)"))",
            "INSERT INTO principal (tenant_id, uid, role) VALUES (\(tenant), 1000, 'viewer')",
            "INSERT INTO audit_log (tenant_id, uid, method) VALUES (\(tenant), 0, 'seed')",
            """
            INSERT INTO event (tenant_id, id, code, title, venue_municipality, first_day, last_day, capacity)
            VALUES (\(tenant), \(event), 'GULCHO-2019', \("Биргелешкен пландоо"), '41706207814000', '2019-04-16', '2019-04-16', 30)
            """,
            "INSERT INTO event_municipality (tenant_id, event_id, municipality_code, role) VALUES (\(tenant), \(event), '41706207811000', 'target')",
            "INSERT INTO person (tenant_id, id, full_name, name_key, sex, category) VALUES (\(tenant), \(person), \("Айгүл"), \("айгүл"), 'female', 'other')",
            "INSERT INTO registration (tenant_id, event_id, person_id, status, source, category) VALUES (\(tenant), \(event), \(person), 'registered', 'manual', 'other')",
            "INSERT INTO attendance (tenant_id, event_id, person_id, day, status, recorded_by) VALUES (\(tenant), \(event), \(person), '2019-04-16', 'present', 0)",
            "INSERT INTO import_batch (tenant_id, idempotency_key, event_id, request_hash, outcome) VALUES (\(tenant), 'k1', \(event), 'h', '{}')",
            "INSERT INTO action_plan (tenant_id, id, municipality_code, period_start, period_end, event_id, status_date, created_by) VALUES (\(tenant), \(plan), '41706207811000', '2019-05-01', '2021-12-31', \(event), '2019-04-17', 0)",
            "INSERT INTO action_plan_status (tenant_id, plan_id, seq, status, step_date, recorded_by) VALUES (\(tenant), \(plan), 1, 'drafting', '2019-04-17', 0)",
            "INSERT INTO action_plan_item (tenant_id, id, plan_id, item_no, priority_issue, activity, responsible) VALUES (\(tenant), gen_random_uuid(), \(plan), 1, \("Суу"), \("Түтүк"), \("Айыл өкмөтү"))",
            "INSERT INTO indicator (tenant_id, code, title, unit, counting_rule) VALUES (\(tenant), 'LSG-TRAINED', 'Trained', 'persons', 'unique_per_period')",
            "INSERT INTO change_log (tenant_id, by_uid, method, kind, event_id, event_code) VALUES (\(tenant), 0, 'seed', 'event_created', \(event), 'GULCHO-2019')",
            "INSERT INTO event_status_history (tenant_id, event_id, to_status, by_uid) VALUES (\(tenant), \(event), 'draft', 0)",
            // The kept report base (sql/0014): report_stale already has the triggers' markers.
            """
            INSERT INTO report_participation (tenant_id, event_id, person_id, days, event_status, first_day, last_day, sex, category, invite_role)
            VALUES (\(tenant), \(event), \(person), 1, 'draft', '2019-04-16', '2019-04-16', 'female', 'other', 'other')
            """,
            "INSERT INTO report_participation_state (tenant_id) VALUES (\(tenant))",
        ]
        for statement in statements { try c.execute(statement) }
    }

    @Test func everyTenantTableIsProtected() throws {
        let c = try db.ownerConnection()
        let tables = try Self.tenantTables(c)
        #expect(tables.count >= 12)
        for table in tables {
            let row = try c.query("""
                SELECT c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
                       (SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                        WHERE i.indrelid = c.oid AND i.indisprimary) AS first_key
                FROM pg_class c WHERE c.oid = to_regclass(\(table))
                """)[0]
            #expect(try row.decode("rls", as: Bool.self), "\(table) has RLS enabled")
            #expect(try row.decode("forced", as: Bool.self), "\(table) forces RLS")
            #expect(try row.decode("first_key", as: String?.self) == "tenant_id", "\(table) leads its key with tenant_id")
        }
        let app = try c.query("SELECT rolbypassrls, rolsuper FROM pg_roles WHERE rolname = 'trainingd_app'")[0]
        #expect(try !app.decode("rolbypassrls", as: Bool.self))
        #expect(try !app.decode("rolsuper", as: Bool.self))
    }

    @Test func tenantSeesOnlyItsRows() async throws {
        let tables = try Self.tenantTables(try db.ownerConnection())
        for (tenant, other) in [(tenantA, tenantB), (tenantB, tenantA)] {
            let seen = try await db.database.inTenant(tenant, readOnly: true) { c in
                try tables.map { table in
                    (table, try c.query(PGQuery(unsafeSQL: "SELECT tenant_id FROM \(try c.quoteIdentifier(table))")).rows
                        .map { try $0.decode("tenant_id", as: UUID.self) })
                }
            }
            for (table, ids) in seen {
                #expect(!ids.isEmpty, "\(table) shows the tenant's own row")
                #expect(ids.allSatisfy { $0 == tenant }, "\(table) shows only the tenant's rows")
                #expect(!ids.contains(other))
            }
        }
    }

    @Test func noTenantMeansNoRows() async throws {
        let tables = try Self.tenantTables(try db.ownerConnection())
        let counts = try await db.database.withoutTenant(readOnly: true) { c in
            try tables.map { table in
                (table, try c.query(PGQuery(unsafeSQL: "SELECT count(*) AS n FROM \(try c.quoteIdentifier(table))"))[0].decode("n", as: Int.self))
            }
        }
        for (table, count) in counts { #expect(count == 0, "\(table) is empty without a tenant") }
        // The tenant directory and reference data stay visible.
        let tenants = try await db.database.withoutTenant(readOnly: true) { c in
            try c.query("SELECT count(*) AS n FROM tenant")[0].decode("n", as: Int.self)
        }
        #expect(tenants == 2)
    }

    @Test func writingAnotherTenantsRowIsRefused() async throws {
        let b = tenantB
        let error = await #expect(throws: PGError.self) {
            try await db.database.inTenant(tenantA) { c in
                try c.execute("INSERT INTO indicator (tenant_id, code, title, unit, counting_rule) VALUES (\(b), 'SNEAK', 'x', 'persons', 'cumulative')")
            }
        }
        #expect(error?.sqlState == .insufficientPrivilege)
        let changed = try await db.database.inTenant(tenantA) { c in
            try c.execute("UPDATE person SET full_name = \("Changed")")  // no WHERE: still only A's rows
        }
        #expect(changed == 1)
        let untouched = try db.ownerConnection().query("SELECT full_name FROM person WHERE tenant_id = \(tenantB)")[0]
        #expect(try untouched.decode("full_name", as: String.self) == "Айгүл")
    }

    @Test func applicationRoleCannotChangeTheSchemaOrEscape() async throws {
        await #expect(throws: PGError.self) {
            try await db.database.withoutTenant { c in try c.executeScript("CREATE TABLE sneaky (id int)") }
        }
        await #expect(throws: PGError.self) {
            try await db.database.withoutTenant { c in try c.executeScript("ALTER TABLE person DISABLE ROW LEVEL SECURITY") }
        }
        let user = try await db.database.withoutTenant(readOnly: true) { c in
            try c.query("SELECT current_user AS u")[0].decode("u", as: String.self)
        }
        #expect(user == "trainingd_app")
    }
}
