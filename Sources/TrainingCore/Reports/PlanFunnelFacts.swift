import Foundation

/// What the plan funnel is computed from, as the store reads it.
public enum PlanFunnelFacts {
    /// A municipality trained at an event: invited in one of the roles asked (or venue/other
    /// when asked) with at least one participation from it there.
    public struct Training: Sendable, Equatable {
        public var municipality: String
        public var district: String?
        public var oblast: String
        public var eventID: UUID
        public var eventCode: String
        public var firstDay: Day
        public var lastDay: Day
        public var role: MunicipalityRole

        public init(municipality: String, district: String?, oblast: String, eventID: UUID, eventCode: String,
                    firstDay: Day, lastDay: Day, role: MunicipalityRole) {
            self.municipality = municipality
            self.district = district
            self.oblast = oblast
            self.eventID = eventID
            self.eventCode = eventCode
            self.firstDay = firstDay
            self.lastDay = lastDay
            self.role = role
        }
    }

    /// A plan's dated steps up to as_of (none when it was linked later).
    public struct Plan: Sendable, Equatable {
        public var id: UUID
        public var municipality: String
        public var eventID: UUID
        /// (status, step date) in history order.
        public var steps: [(status: String, day: Day)]

        public init(id: UUID, municipality: String, eventID: UUID, steps: [(status: String, day: Day)]) {
            self.id = id
            self.municipality = municipality
            self.eventID = eventID
            self.steps = steps
        }

        public static func == (a: Plan, b: Plan) -> Bool {
            a.id == b.id && a.municipality == b.municipality && a.eventID == b.eventID
                && a.steps.map(\.status) == b.steps.map(\.status) && a.steps.map(\.day) == b.steps.map(\.day)
        }
    }
}
