import Foundation

/// A municipality invited to an event, with its role.
public struct Invitation: Sendable, Equatable {
    public var municipality: MunicipalityRef
    public var role: InviteRole
    /// When it was invited or its role last changed.
    public var invitedAt: Date

    public init(municipality: MunicipalityRef, role: InviteRole, invitedAt: Date) {
        self.municipality = municipality
        self.role = role
        self.invitedAt = invitedAt
    }
}
