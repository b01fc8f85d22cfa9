/// Head counts of an event (io.trainingd.Events.EventCounts).
public struct EventCounts: Sendable, Equatable {
    /// Registrations with status registered (walk-ins included).
    public var registered: Int
    public var waitlisted: Int
    public var cancelled: Int
    /// Registrations created by a walk-in (source walk_in).
    public var walkIns: Int
    /// Distinct persons present or late on at least one day.
    public var attended: Int

    public init(registered: Int = 0, waitlisted: Int = 0, cancelled: Int = 0, walkIns: Int = 0, attended: Int = 0) {
        self.registered = registered
        self.waitlisted = waitlisted
        self.cancelled = cancelled
        self.walkIns = walkIns
        self.attended = attended
    }

    /// capacity - registered, never below 0; nil when capacity is unlimited.
    public func seatsLeft(capacity: Int?) -> Int? {
        capacity.map { max(0, $0 - registered) }
    }
}
