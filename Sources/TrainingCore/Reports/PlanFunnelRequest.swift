/// A PlanFunnel report asked for, with every parameter checked. Events are still references:
/// the store resolves them.
public struct PlanFunnelRequest: Sendable, Equatable {
    /// The trainings: participant geography, the roles that make a municipality trained.
    public var filter: ParticipationFilter
    public var eventReferences: [String]?
    public var noPlanAfterDays: Int
    public var asOf: Day

    public static let defaultRoles: [MunicipalityRole] = [.target, .neighbour]

    public struct Input: Sendable {
        public var from: String?
        public var to: String?
        public var oblasts: [String]?
        public var districts: [String]?
        public var events: [String]?
        public var inviteRoles: [MunicipalityRole]?
        public var eventStatuses: [EventStatus]?
        public var minDaysPresent: Int64?
        public var noPlanAfterDays: Int64?
        public var asOf: String?

        public init() {}
    }

    public init(_ input: Input, today: Day) throws(ValidationError) {
        var participation = ParticipationRequest.Input()
        participation.from = input.from
        participation.to = input.to
        participation.oblasts = input.oblasts
        participation.districts = input.districts
        participation.events = input.events
        participation.inviteRoles = input.inviteRoles ?? Self.defaultRoles
        participation.eventStatuses = input.eventStatuses
        participation.minDaysPresent = input.minDaysPresent
        let checked = try ParticipationRequest(participation)
        filter = checked.filter
        eventReferences = checked.eventReferences
        let days = input.noPlanAfterDays ?? 90
        guard days >= 0 else { throw ValidationError(field: "no_plan_after_days", reason: "must be at least 0, got \(days)") }
        noPlanAfterDays = Int(clamping: min(days, 1_000_000))
        asOf = try input.asOf.map { text throws(ValidationError) in try Day(iso: text, field: "as_of") } ?? today
    }
}
