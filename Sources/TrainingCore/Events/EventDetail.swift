/// Everything GetEvent answers about one event.
public struct EventDetail: Sendable, Equatable {
    public var event: Event
    /// Targets first, then by municipality code.
    public var invitations: [Invitation]
    public var counts: EventCounts
    /// Oldest first, starting with the creation.
    public var history: [StatusChange]

    public init(event: Event, invitations: [Invitation], counts: EventCounts, history: [StatusChange]) {
        self.event = event
        self.invitations = invitations
        self.counts = counts
        self.history = history
    }
}
