import Foundation

/// Whether a record is one an indicator counts: its filters and its window.
enum IndicatorMatch {
    /// A participation counts when its event's first day is in the window, the person was
    /// there on enough days (min_days_present, capped at the event's length) and it passes
    /// every filter given.
    static func matches(_ p: IndicatorParticipation, filters f: IndicatorFilters, window: IndicatorWindow) -> Bool {
        window.contains(p.firstDay)
            && p.daysAttended >= min(f.effectiveMinDays, p.eventDays)
            && allows(f.categories, p.category) && allows(f.inviteRoles, p.inviteRole) && allows(f.sexes, p.sex)
            && allowsOptional(f.oblasts, p.oblast) && allowsOptional(f.districts, p.district)
            && allowsOptional(f.municipalities, p.municipality)
            && allows(f.events, p.eventID.uuidString.lowercased())
    }

    /// The first day in the window on which the plan reached one of the statuses counted
    /// (default council_approved), if it did and the plan passes the place and event filters.
    static func reached(_ plan: IndicatorPlan, filters f: IndicatorFilters, window: IndicatorWindow) -> Day? {
        guard allows(f.oblasts, plan.oblast), allowsOptional(f.districts, plan.district), allows(f.municipalities, plan.municipality),
              allows(f.events, plan.eventID.uuidString.lowercased()), allows(f.inviteRoles, plan.inviteRole)
        else { return nil }
        let statuses = f.effectivePlanStatuses
        return plan.steps.filter { statuses.contains($0.status) && window.contains($0.day) }.map(\.day).min()
    }

    /// Municipalities with a plan linked to one of their matched trainings that had reached
    /// one of `statuses` by `end`.
    static func planningMunicipalities(_ matched: [IndicatorParticipation], plans: [IndicatorPlan], statuses: [IndicatorPlanStatus],
                                       by end: Day) -> Set<String> {
        let trainings = Set(matched.compactMap { p in p.municipality.map { Pair(municipality: $0, event: p.eventID.uuidString) } })
        var planning = Set<String>()
        for plan in plans where trainings.contains(Pair(municipality: plan.municipality, event: plan.eventID.uuidString)) {
            if plan.steps.contains(where: { statuses.contains($0.status) && $0.day <= end }) { planning.insert(plan.municipality) }
        }
        return planning
    }

    private struct Pair: Hashable {
        var municipality: String
        var event: String
    }

    private static func allows<T: Equatable>(_ list: [T]?, _ value: T) -> Bool { list.map { $0.contains(value) } ?? true }

    private static func allowsOptional<T: Equatable>(_ list: [T]?, _ value: T?) -> Bool {
        guard let list else { return true }
        return value.map { list.contains($0) } ?? false
    }
}
