import Foundation
import Postgres
import TrainingCore

/// Tenants, principals and the audit logs: the SQL behind io.trainingd.System.
public struct SystemStore: Sendable {
    public let database: TrainingDatabase

    public init(database: TrainingDatabase) { self.database = database }

    /// Creates a tenant and records it in the system audit log, in one transaction.
    public func createTenant(slug: TenantSlug, name: String, byUID uid: UInt32) async throws -> Tenant {
        try await database.withoutTenant { c in
            let row: PGRow
            do {
                row = try c.query("""
                    INSERT INTO tenant (slug, name) VALUES (\(slug.rawValue), \(name))
                    RETURNING id, slug, name, created_at
                    """)[0]
            } catch let error as PGError where error.isUniqueViolation {
                throw StoreError.alreadyExists(entity: "tenant", key: slug.rawValue)
            }
            let tenant = try Self.tenant(row)
            try Self.notifyDirectoryChanged(c)
            try c.execute("""
                INSERT INTO system_audit_log (uid, method, tenant_id, object_type, object_id, after)
                VALUES (\(Int64(uid)), 'io.trainingd.System.CreateTenant', \(tenant.id), 'tenant', \(slug.rawValue), \(try PGJSON(encoding: tenant)))
                """)
            return tenant
        }
    }

    public func listTenants() async throws -> [Tenant] {
        try await database.withoutTenant(readOnly: true) { c in
            try c.query("SELECT id, slug, name, created_at FROM tenant ORDER BY slug").rows.map(Self.tenant)
        }
    }

    public func tenant(slug: String) async throws -> Tenant? {
        try await database.withoutTenant(readOnly: true) { c in
            try c.query("SELECT id, slug, name, created_at FROM tenant WHERE slug = \(slug)").first.map(Self.tenant)
        }
    }

    /// Every tenant in which `uid` holds a role, ordered by slug.
    public func roles(of uid: UInt32) async throws -> [TenantRole] {
        try await database.withoutTenant(readOnly: true) { c in
            try c.query("""
                SELECT r.tenant_id AS id, r.slug, r.tenant_name AS name, t.created_at, r.role
                FROM trainingd_roles_of(\(Int64(uid))) AS r JOIN tenant AS t ON t.id = r.tenant_id
                ORDER BY r.slug
                """).rows.map { row in
                guard let role = Role(rawValue: try row.decode("role")) else {
                    throw PGError(code: .protocolViolation, message: "unknown role in principal table")
                }
                return TenantRole(tenant: try Self.tenant(row), role: role)
            }
        }
    }

    /// Grants (or changes) a uid's role in a tenant. Returns the previous role, if any.
    @discardableResult
    public func grant(_ role: Role, to uid: UInt32, in tenant: Tenant, byUID caller: UInt32) async throws -> Role? {
        try await database.inTenant(tenant.id) { c in
            let previous = try Self.currentRole(uid, c)
            try c.execute("""
                INSERT INTO principal (tenant_id, uid, role, granted_by) VALUES (\(tenant.id), \(Int64(uid)), \(role.rawValue), \(Int64(caller)))
                ON CONFLICT (tenant_id, uid) DO UPDATE SET role = EXCLUDED.role, granted_at = now(), granted_by = EXCLUDED.granted_by
                """)
            try Self.notifyDirectoryChanged(c)
            try AuditLog.record(c, tenant: tenant.id, uid: caller, method: "io.trainingd.System.Grant", objectType: "principal",
                                objectID: String(uid), before: previous.map { ["role": $0.rawValue] }, after: ["role": role.rawValue])
            return previous
        }
    }

    /// Removes a uid's role in a tenant; `StoreError.notFound` when it held none.
    public func revoke(uid: UInt32, in tenant: Tenant, byUID caller: UInt32) async throws {
        try await database.inTenant(tenant.id) { c in
            guard let previous = try Self.currentRole(uid, c) else {
                throw StoreError.notFound(entity: "principal", key: "\(uid) in \(tenant.slug)")
            }
            try c.execute("DELETE FROM principal WHERE tenant_id = \(tenant.id) AND uid = \(Int64(uid))")
            try Self.notifyDirectoryChanged(c)
            try AuditLog.record(c, tenant: tenant.id, uid: caller, method: "io.trainingd.System.Revoke", objectType: "principal",
                                objectID: String(uid), before: ["role": previous.rawValue], after: Optional<[String: String]>.none)
        }
    }

    /// Everyone holding a role in a tenant, ordered by uid.
    public func principals(of tenant: Tenant) async throws -> [Principal] {
        try await database.inTenant(tenant.id, readOnly: true) { c in
            try c.query("SELECT uid, role, granted_at, granted_by FROM principal ORDER BY uid").rows.map { row in
                guard let role = Role(rawValue: try row.decode("role")) else {
                    throw PGError(code: .protocolViolation, message: "unknown role in principal table")
                }
                return Principal(uid: UInt32(try row.decode("uid", as: Int64.self)), role: role,
                                 grantedAt: try row.decode("granted_at"),
                                 grantedBy: try row.decode("granted_by", as: Int64?.self).map { UInt32($0) })
            }
        }
    }

    /// The highest applied migration, for Status.
    public func schemaVersion() async throws -> Int {
        try await database.withoutTenant(readOnly: true) { c in
            try c.query("SELECT coalesce(max(version), 0) AS v FROM schema_migrations")[0].decode("v", as: Int.self)
        }
    }

    /// Tells every daemon on this database (on commit) to drop its cached roles and tenants.
    static func notifyDirectoryChanged(_ c: PGConnection) throws {
        try c.execute("SELECT pg_notify('trainingd_changes', 'directory')")
    }

    static func currentRole(_ uid: UInt32, _ c: PGConnection) throws -> Role? {
        try c.query("SELECT role FROM principal WHERE uid = \(Int64(uid)) FOR UPDATE").first
            .flatMap { Role(rawValue: try $0.decode("role")) }
    }

    static func tenant(_ row: PGRow) throws -> Tenant {
        Tenant(id: try row.decode("id"), slug: try TenantSlug(try row.decode("slug", as: String.self)),
               name: try row.decode("name"), createdAt: try row.decode("created_at"))
    }
}
