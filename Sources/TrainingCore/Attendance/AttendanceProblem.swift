/// Why a RecordAttendance call is refused after its entries were read against the database.
/// Each case maps to one error of io.trainingd.Attendance and names the entry at fault, so
/// the registrar can correct exactly that line of the sheet.
public enum AttendanceProblem: Error, Sendable, Equatable {
    /// The event takes no attendance in this status.
    case eventNotOpen(status: EventStatus)
    /// Entry `entry`'s day is not one of the event's days.
    case dayOutsideEvent(entry: Int, day: Day, firstDay: Day, lastDay: Day)
    /// Entry `entry` names a person the tenant does not have.
    case personNotFound(entry: Int)
    /// Entry `entry`'s person has no active registration and the entry is not a walk-in;
    /// `registrationStatus` is the registration's status, nil when never registered.
    case notRegistered(entry: Int, registrationStatus: RegistrationStatus?)
}
