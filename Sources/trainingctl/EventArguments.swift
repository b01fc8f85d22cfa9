import ArgumentParser

/// io.trainingd.Events.EventStatus as a command-line value (a typo is a usage error listing
/// the choices, caught before anything is sent).
enum EventStatusArgument: String, CaseIterable, ExpressibleByArgument, Sendable {
    case draft, scheduled, held, closed, cancelled, postponed
    case inProgress = "in_progress"
}

/// io.trainingd.Events.InviteRole as a command-line value.
enum InviteRoleArgument: String, CaseIterable, ExpressibleByArgument, Sendable {
    case target, neighbour
}

/// io.trainingd.Events.ClearableField as a command-line value.
enum ClearableFieldArgument: String, CaseIterable, ExpressibleByArgument, Sendable {
    case settlement, capacity, funder, notes
}

/// io.trainingd.Events.ChangeKind as a command-line value.
enum ChangeKindArgument: String, CaseIterable, ExpressibleByArgument, Sendable {
    case eventCreated = "event_created"
    case eventUpdated = "event_updated"
    case eventStatusChanged = "event_status_changed"
    case invitationChanged = "invitation_changed"
    case registrationCreated = "registration_created"
    case registrationChanged = "registration_changed"
    case registrationCancelled = "registration_cancelled"
    case attendanceRecorded = "attendance_recorded"
}

/// `--invite CODE:ROLE`: a municipality (SOATE code or a name that finds exactly one) and its role.
struct InviteArgument: ExpressibleByArgument, Sendable {
    var municipality: String
    var role: InviteRoleArgument

    init?(argument: String) {
        guard let colon = argument.lastIndex(of: ":"),
              let role = InviteRoleArgument(rawValue: String(argument[argument.index(after: colon)...])),
              colon != argument.startIndex
        else { return nil }
        municipality = String(argument[..<colon])
        self.role = role
    }
}
