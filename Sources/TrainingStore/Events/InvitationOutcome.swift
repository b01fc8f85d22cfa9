import TrainingCore

/// What InviteMunicipality did: the invitation as it is now (nil after a removal), the role
/// before the call (nil if the municipality was not invited) and the event's version after it.
public struct InvitationOutcome: Sendable, Equatable {
    public var invitation: Invitation?
    public var previousRole: InviteRole?
    public var version: Int
}
