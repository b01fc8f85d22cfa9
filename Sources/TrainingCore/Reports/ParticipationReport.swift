import Foundation

/// A computed Participation report: the groups in the IDL's order, the total, and the change
/// log sequence the numbers were read at (same snapshot).
public struct ParticipationReport: Sendable, Equatable {
    public var groups: [ParticipationGroup]
    public var total: ParticipationMeasures
    /// Uuids of the events filtered on, resolved from the codes or uuids given.
    public var eventIDs: [UUID]?
    public var sequence: Int64

    public init(groups: [ParticipationGroup], total: ParticipationMeasures, eventIDs: [UUID]?, sequence: Int64) {
        self.groups = groups
        self.total = total
        self.eventIDs = eventIDs
        self.sequence = sequence
    }
}
