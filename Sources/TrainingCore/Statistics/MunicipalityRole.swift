/// The role of a participant's municipality for an event (io.trainingd.Attendance
/// MunicipalityRole, the reports' invite_role). Declared in report order.
public enum MunicipalityRole: String, Sendable, CaseIterable, Comparable {
    /// Invited as one of the project's target municipalities.
    case target
    /// Invited as a neighbouring municipality.
    case neighbour
    /// The venue's municipality, not invited.
    case venue
    /// Not invited, or no municipality recorded.
    case other

    /// The role of `municipality` given the event's invitations (code -> target or
    /// neighbour) and its venue. An invitation wins over being the venue: a target village
    /// that hosts the training is still a target.
    public static func classify(_ municipality: String?, invitations: [String: InviteRole], venue: String) -> MunicipalityRole {
        guard let municipality else { return .other }
        if let invited = invitations[municipality] { return invited == .target ? .target : .neighbour }
        return municipality == venue ? .venue : .other
    }

    public static func < (lhs: MunicipalityRole, rhs: MunicipalityRole) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
