import Foundation
import Postgres
import TestSupport
import TrainingCore
import TrainingStore
import Testing

@Suite("System store: tenants, grants, audit")
struct SystemStoreTests {
    let db: StoreTestDatabase
    let store: SystemStore

    init() async throws {
        db = try await StoreTestDatabase(prefix: "sys")
        store = SystemStore(database: db.database)
    }

    @Test func createListAndRefuseDuplicateTenants() async throws {
        let a = try await store.createTenant(slug: try TenantSlug("dpi-osh"), name: "Институт политики развития", byUID: 0)
        _ = try await store.createTenant(slug: try TenantSlug("ayil-naryn"), name: "Айыл Нарын", byUID: 0)
        #expect(try await store.listTenants().map(\.slug.rawValue) == ["ayil-naryn", "dpi-osh"])
        #expect(try await store.tenant(slug: "dpi-osh") == a)
        #expect(try await store.tenant(slug: "nope") == nil)
        await #expect(throws: StoreError.alreadyExists(entity: "tenant", key: "dpi-osh")) {
            try await store.createTenant(slug: try TenantSlug("dpi-osh"), name: "Again", byUID: 0)
        }
        let audit = try db.ownerConnection().query("SELECT count(*) AS n FROM system_audit_log WHERE method = 'io.trainingd.System.CreateTenant'")
        #expect(try audit[0].decode("n", as: Int.self) == 2)
    }

    @Test func grantChangeAndRevokeAreAudited() async throws {
        let a = try await store.createTenant(slug: try TenantSlug("tenant-a"), name: "A", byUID: 0)
        let b = try await store.createTenant(slug: try TenantSlug("tenant-b"), name: "B", byUID: 0)
        #expect(try await store.grant(.viewer, to: 1001, in: a, byUID: 0) == nil)
        #expect(try await store.grant(.registrar, to: 1001, in: b, byUID: 0) == nil)
        #expect(try await store.grant(.coordinator, to: 1001, in: a, byUID: 0) == .viewer)
        let roles = try await store.roles(of: 1001)
        #expect(roles.map { "\($0.tenant.slug):\($0.role.rawValue)" } == ["tenant-a:coordinator", "tenant-b:registrar"])
        #expect(try await store.roles(of: 4242).isEmpty)
        try await store.revoke(uid: 1001, in: a, byUID: 0)
        #expect(try await store.roles(of: 1001).map(\.tenant.slug.rawValue) == ["tenant-b"])
        await #expect(throws: StoreError.self) { try await store.revoke(uid: 1001, in: a, byUID: 0) }
        let rows = try db.ownerConnection().query("""
            SELECT method, before->>'role' AS before, after->>'role' AS after FROM audit_log WHERE tenant_id = \(a.id) ORDER BY id
            """).rows.map { "\(try $0.decode("method", as: String.self)) \(try $0.decode("before", as: String?.self) ?? "-") \(try $0.decode("after", as: String?.self) ?? "-")" }
        #expect(rows == [
            "io.trainingd.System.Grant - viewer",
            "io.trainingd.System.Grant viewer coordinator",
            "io.trainingd.System.Revoke coordinator -",
        ])
    }

    @Test func schemaVersionIsTheLastMigration() async throws {
        let migrations = try MigrationLoader.load(from: TestPostgres.migrationsDirectory)
        #expect(try await store.schemaVersion() == migrations.count)
    }
}
