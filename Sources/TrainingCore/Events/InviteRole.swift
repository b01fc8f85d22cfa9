/// Why a municipality is invited to an event; reports split participation by it.
public enum InviteRole: String, Sendable, CaseIterable, Codable, Comparable {
    /// A municipality the project works with.
    case target
    /// A neighbouring municipality invited to learn alongside.
    case neighbour

    /// Targets sort before neighbours (GetEvent orders invitations by role first).
    public static func < (lhs: InviteRole, rhs: InviteRole) -> Bool { lhs == .target && rhs == .neighbour }
}
