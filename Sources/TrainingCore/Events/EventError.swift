import Foundation

/// The ways an Events call can fail on the state of the data rather than on its input shape;
/// each maps to one io.trainingd.Events error (the service adds the event reference the caller
/// gave).
public enum EventError: Error, Sendable, Equatable {
    /// No event of the tenant has this code or uuid.
    case notFound
    /// Another event of the tenant already has this code.
    case codeExists(String)
    /// The caller's version is not the event's current one.
    case versionConflict(expected: Int, current: Int)
    /// The lifecycle forbids this step.
    case invalidTransition(from: EventStatus, to: EventStatus)
    /// The event is closed or cancelled.
    case locked(EventStatus)
    /// New dates would leave out days that have attendance.
    case attendanceOutsideDates(firstDay: Day, lastDay: Day, days: [Day])
    /// A well-formed municipality code that is not in the gazetteer.
    case municipalityNotFound(String)
    /// A well-formed oblast or district filter code that is not in the gazetteer.
    case areaNotFound(field: String, code: String)
}
