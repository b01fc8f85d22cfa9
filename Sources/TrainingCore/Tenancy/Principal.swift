import Foundation

/// A Unix uid holding a role in a tenant.
public struct Principal: Sendable, Equatable, Codable {
    public var uid: UInt32
    public var role: Role
    public var grantedAt: Date
    /// uid of whoever granted it; nil when unknown.
    public var grantedBy: UInt32?

    public init(uid: UInt32, role: Role, grantedAt: Date, grantedBy: UInt32?) {
        self.uid = uid
        self.role = role
        self.grantedAt = grantedAt
        self.grantedBy = grantedBy
    }
}
