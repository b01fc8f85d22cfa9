import Foundation
import TrainingCore

/// A computed PlanFunnel: the funnel, the names of the places it mentions and the change-log
/// sequence it was read at.
public struct PlanFunnelReport: Sendable {
    public var funnel: PlanFunnel
    /// Uuids of the events filtered on, resolved from the codes or uuids given.
    public var eventIDs: [UUID]?
    public var names: [String: LocalizedNames]
    public var sequence: Int64
}
