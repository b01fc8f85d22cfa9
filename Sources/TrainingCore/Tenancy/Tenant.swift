import Foundation

/// An organisation served by the daemon. Its data is invisible to every other tenant.
public struct Tenant: Sendable, Equatable, Codable {
    public var id: UUID
    public var slug: TenantSlug
    public var name: String
    public var createdAt: Date

    public init(id: UUID, slug: TenantSlug, name: String, createdAt: Date) {
        self.id = id
        self.slug = slug
        self.name = name
        self.createdAt = createdAt
    }
}

/// A role held in one tenant.
public struct TenantRole: Sendable, Equatable, Codable {
    public var tenant: Tenant
    public var role: Role

    public init(tenant: Tenant, role: Role) {
        self.tenant = tenant
        self.role = role
    }
}
