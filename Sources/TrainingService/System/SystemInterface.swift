import Foundation
import Postgres
import Synchronization
import TrainingCore
import TrainingStore
import Varlink

/// io.trainingd.System: health, identity, tenants and grants.
struct SystemInterface: Sendable {
    let store: SystemStore
    let authorizer: Authorizer
    let runtime: ServiceRuntime

    func register(in interface: inout VarlinkInterface, wrap: (@escaping VarlinkMethodHandler) -> VarlinkMethodHandler) throws {
        try interface.implement("Status", wrap(status))
        try interface.implement("WhoAmI", wrap(whoAmI))
        try interface.implement("CreateTenant", wrap(createTenant))
        try interface.implement("ListTenants", wrap(listTenants))
        try interface.implement("Grant", wrap(grant))
        try interface.implement("Revoke", wrap(revoke))
    }

    @Sendable func status(_ call: VarlinkCall) async throws -> JSONValue {
        var schemaVersion: JSONValue = .null
        var databaseError: JSONValue = .null
        do {
            schemaVersion = .int(Int64(try await store.schemaVersion()))
        } catch let error as PGError {
            databaseError = .string(error.message)
        }
        let limits = runtime.limits
        let pool = store.database.pool
        return [
            "version": .string(runtime.version),
            "schema_version": schemaVersion,
            "expected_schema_version": .int(Int64(runtime.expectedSchemaVersion)),
            "database_reachable": .bool(databaseError.isNull),
            "database_error": databaseError,
            "managed_database": .bool(runtime.managedDatabase),
            "started_at": Wire.timestamp(runtime.startedAt),
            "uptime_seconds": .int(Int64(Date().timeIntervalSince(runtime.startedAt))),
            "pid": .int(Int64(getpid())),
            "connections": .int(Int64(runtime.connectionCount)),
            "calls_in_flight": .int(Int64(runtime.callsInFlight.load(ordering: .relaxed))),
            "pool_size": .int(Int64(pool.configuration.maxConnections)),
            "pool_in_use": .int(Int64(await pool.leasedConnections)),
            "limits": [
                "max_message_bytes": .int(Int64(limits.maxMessageSize)),
                "max_connections": .int(Int64(limits.maxConnections)),
                "idle_timeout_seconds": .int(limits.idleTimeout.components.seconds),
                "read_timeout_seconds": .int(limits.readTimeout.components.seconds),
                "max_import_rows": .int(Int64(runtime.maxImportRows)),
            ],
        ]
    }

    @Sendable func whoAmI(_ call: VarlinkCall) async throws -> JSONValue {
        let uid = call.peer.uid
        let roles = try await store.roles(of: uid)
        let isAdmin = runtime.isSystemAdministrator(uid)
        var defaultTenant: String?
        if isAdmin {
            let all = try await store.listTenants()
            defaultTenant = all.count == 1 ? all[0].slug.rawValue : nil
        } else {
            defaultTenant = roles.count == 1 ? roles[0].tenant.slug.rawValue : nil
        }
        return [
            "uid": .int(Int64(uid)),
            "gid": .int(Int64(call.peer.gid)),
            "pid": .int(Int64(call.peer.pid)),
            "user_name": Wire.optional(UserNames.name(of: uid)),
            "is_system_admin": .bool(isAdmin),
            "tenants": .array(roles.map { ["tenant": .string($0.tenant.slug.rawValue), "name": .string($0.tenant.name), "role": .string($0.role.rawValue)] }),
            "default_tenant": Wire.optional(defaultTenant),
        ]
    }

    @Sendable func createTenant(_ call: VarlinkCall) async throws -> JSONValue {
        try authorizer.requireSystemAdministrator(call)
        let p = Parameters(call: call)
        let slug = try TenantSlug(try p.string("slug"))
        let name = try TextField.clean(try p.string("name"), field: "name", maxLength: 200)
        do {
            let tenant = try await store.createTenant(slug: slug, name: name, byUID: call.peer.uid)
            authorizer.cache.invalidate()
            return ["tenant": try await render(tenant, callerRole: nil, for: call)]  // nobody holds a role in it yet
        } catch StoreError.alreadyExists {
            throw ServiceError.tenantExists(slug.rawValue)
        }
    }

    @Sendable func listTenants(_ call: VarlinkCall) async throws -> JSONValue {
        let uid = call.peer.uid
        // The caller's roles are read once, not once per tenant.
        let held = try await store.roles(of: uid)
        let tenants = runtime.isSystemAdministrator(uid) ? try await store.listTenants() : held.map(\.tenant)
        var rendered: [JSONValue] = []
        for tenant in tenants {
            let role = held.first { $0.tenant.id == tenant.id }?.role
            rendered.append(try await render(tenant, callerRole: role, for: call))
        }
        return ["tenants": .array(rendered)]
    }

    @Sendable func grant(_ call: VarlinkCall) async throws -> JSONValue {
        let p = Parameters(call: call)
        let tenant = try await authorizer.tenant(for: call, slug: p.optionalString("tenant"), requires: .tenantAdmin)
        let uid = try p.uid("uid")
        guard let role = Role(rawValue: try p.string("role")) else { throw VarlinkError.invalidParameter("role") }
        let previous = try await store.grant(role, to: uid, in: tenant, byUID: call.peer.uid)
        authorizer.cache.invalidate()  // this daemon at once; the others on the NOTIFY
        let principal = try await store.principals(of: tenant).first { $0.uid == uid }
        guard let principal else { throw ServiceError.internalError }
        return ["principal": render(principal, in: tenant), "previous_role": previous.map { .string($0.rawValue) } ?? .null]
    }

    @Sendable func revoke(_ call: VarlinkCall) async throws -> JSONValue {
        let p = Parameters(call: call)
        let tenant = try await authorizer.tenant(for: call, slug: p.optionalString("tenant"), requires: .tenantAdmin)
        let uid = try p.uid("uid")
        guard let principal = try await store.principals(of: tenant).first(where: { $0.uid == uid }) else {
            throw ServiceError.principalNotFound(tenant: tenant.slug.rawValue, uid: uid)
        }
        do {
            try await store.revoke(uid: uid, in: tenant, byUID: call.peer.uid)
            authorizer.cache.invalidate()
        } catch StoreError.notFound {
            throw ServiceError.principalNotFound(tenant: tenant.slug.rawValue, uid: uid)
        }
        return ["principal": render(principal, in: tenant)]
    }

    /// A tenant as the caller may see it: principals only for system administrators and the
    /// tenant's own tenant_admins.
    private func render(_ tenant: Tenant, callerRole role: Role?, for call: VarlinkCall) async throws -> JSONValue {
        let uid = call.peer.uid
        var object: JSONObject = [
            "slug": .string(tenant.slug.rawValue), "name": .string(tenant.name), "created_at": Wire.timestamp(tenant.createdAt),
        ]
        if let role { object["role"] = .string(role.rawValue) }
        if runtime.isSystemAdministrator(uid) || role == .tenantAdmin {
            object["principals"] = .array(try await store.principals(of: tenant).map { render($0, in: tenant) })
        }
        return .object(object)
    }

    private func render(_ principal: Principal, in tenant: Tenant) -> JSONValue {
        [
            "tenant": .string(tenant.slug.rawValue), "uid": .int(Int64(principal.uid)),
            "user_name": Wire.optional(UserNames.name(of: principal.uid)), "role": .string(principal.role.rawValue),
            "granted_at": Wire.timestamp(principal.grantedAt), "granted_by_uid": .int(Int64(principal.grantedBy ?? 0)),
        ]
    }
}
