/// The lifecycle of a training event, as the Events IDL fixes it:
///
///     draft -> scheduled -> in_progress -> held -> closed
///     draft, scheduled -> cancelled | postponed
///     postponed -> scheduled | cancelled
///
/// closed and cancelled are final. Pure so that every step is unit-tested without a database;
/// the store asks it before writing anything.
public enum EventLifecycle {
    /// The statuses an event in `status` may move to in one step.
    public static func successors(of status: EventStatus) -> Set<EventStatus> {
        switch status {
        case .draft: [.scheduled, .cancelled, .postponed]
        case .scheduled: [.inProgress, .cancelled, .postponed]
        case .inProgress: [.held]
        case .held: [.closed]
        case .postponed: [.scheduled, .cancelled]
        case .closed, .cancelled: []
        }
    }

    /// What asking to move from `from` to `to` amounts to.
    public enum Step: Sendable, Equatable {
        /// Already there: nothing to do (SetEventStatus succeeds without writing).
        case unchanged
        /// An allowed step.
        case move
    }

    /// Checks one step; throws `EventError.invalidTransition` for a step the lifecycle forbids.
    public static func step(from: EventStatus, to: EventStatus) throws(EventError) -> Step {
        if from == to { return .unchanged }
        guard successors(of: from).contains(to) else { throw .invalidTransition(from: from, to: to) }
        return .move
    }
}
