/// An event with its counts, as ListEvents shows it (io.trainingd.Events.EventSummary).
public struct EventListing: Sendable, Equatable {
    public var event: Event
    public var counts: EventCounts
    /// Municipalities invited as target.
    public var targets: Int
    /// Municipalities invited as neighbour.
    public var neighbours: Int

    public init(event: Event, counts: EventCounts, targets: Int, neighbours: Int) {
        self.event = event
        self.counts = counts
        self.targets = targets
        self.neighbours = neighbours
    }
}
