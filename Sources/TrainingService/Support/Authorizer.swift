import TrainingCore
import TrainingStore
import Varlink

/// Decides which tenant a call acts in and whether the caller may, from the SO_PEERCRED uid.
///
/// A caller learns nothing about tenants it holds no role in: naming one answers
/// PermissionDenied whether or not it exists (only system administrators see TenantNotFound).
struct Authorizer: Sendable {
    let store: SystemStore
    let runtime: ServiceRuntime
    let cache: DirectoryCache

    init(store: SystemStore, runtime: ServiceRuntime, cache: DirectoryCache = DirectoryCache()) {
        self.store = store
        self.runtime = runtime
        self.cache = cache
    }

    /// The caller's roles, from the cache when it is current.
    func roles(of uid: UInt32) async throws -> [TenantRole] {
        try await cache.roles(of: uid) { try await store.roles(of: uid) }
    }

    /// All tenants, from the cache when it is current.
    func allTenants() async throws -> [Tenant] {
        try await cache.tenants { try await store.listTenants() }
    }

    /// The tenant the call acts in, after checking the caller holds at least `required` there.
    func tenant(for call: VarlinkCall, slug: String?, requires required: Role) async throws -> Tenant {
        let uid = call.peer.uid
        if runtime.isSystemAdministrator(uid) {
            let tenants = try await allTenants()
            if let slug {
                guard let tenant = tenants.first(where: { $0.slug.rawValue == slug }) else { throw ServiceError.tenantNotFound(slug) }
                return tenant
            }
            guard tenants.count == 1, let only = tenants.first else {
                throw ServiceError.tenantRequired(tenants: tenants.map(\.slug.rawValue))
            }
            return only
        }
        let held = try await roles(of: uid)
        let chosen: TenantRole
        if let slug {
            guard let match = held.first(where: { $0.tenant.slug.rawValue == slug }) else {
                throw ServiceError.permissionDenied(method: call.method, tenant: slug, requiredRole: required.rawValue)
            }
            chosen = match
        } else {
            switch held.count {
            case 0: throw ServiceError.permissionDenied(method: call.method, tenant: nil, requiredRole: required.rawValue)
            case 1: chosen = held[0]
            default: throw ServiceError.tenantRequired(tenants: held.map(\.tenant.slug.rawValue))
            }
        }
        guard chosen.role.allows(required) else {
            throw ServiceError.permissionDenied(method: call.method, tenant: chosen.tenant.slug.rawValue, requiredRole: required.rawValue)
        }
        return chosen.tenant
    }

    /// Refuses callers that are not system administrators.
    func requireSystemAdministrator(_ call: VarlinkCall) throws {
        guard runtime.isSystemAdministrator(call.peer.uid) else {
            throw ServiceError.permissionDenied(method: call.method, tenant: nil, requiredRole: "system_admin")
        }
    }
}
