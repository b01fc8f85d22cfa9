/// Where an event is in its lifecycle (io.trainingd.Events.EventStatus). The allowed steps
/// between statuses are `EventLifecycle`'s business.
public enum EventStatus: String, Sendable, CaseIterable, Codable {
    /// Being prepared; not announced.
    case draft
    /// Announced with its dates.
    case scheduled
    /// Taking place now.
    case inProgress = "in_progress"
    /// Took place; attendance may still be completed.
    case held
    /// Final: data checked and frozen.
    case closed
    /// Final: will not take place.
    case cancelled
    /// Put off; goes back to scheduled or is cancelled.
    case postponed

    /// Closed and cancelled events can no longer be changed in any way (EventLocked).
    public var isFinal: Bool { self == .closed || self == .cancelled }

    /// Registrations are accepted until the event is closed or cancelled.
    public var acceptsRegistrations: Bool { !isFinal }

    /// Attendance is recorded while the event is scheduled, in progress or held.
    public var acceptsAttendance: Bool { self == .scheduled || self == .inProgress || self == .held }
}
