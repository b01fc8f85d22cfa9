import Foundation

/// The plan funnel (io.trainingd.Reports.PlanFunnel) from trained municipalities and their
/// plans' dated steps.
///
/// Rules: a municipality has a plan when one is linked to one of its trainings in the period
/// and was created (first step) by as_of; its stage is the furthest any such plan reached by
/// as_of (a plan approved by the council and abandoned later still reached council_approved);
/// abandoned counts municipalities whose plans were all abandoned by as_of. Oblasts and
/// districts ordered by code, the row without district last; without_plan ordered by days
/// since the first training, longest first (then by code).
public struct PlanFunnel: Sendable, Equatable {
    public struct District: Sendable, Equatable {
        /// nil for cities outside any district.
        public var code: String?
        public var counts: FunnelCounts
    }

    public struct Oblast: Sendable, Equatable {
        public var code: String
        public var counts: FunnelCounts
        public var districts: [District]
    }

    public struct Unplanned: Sendable, Equatable {
        public var municipality: String
        public var district: String?
        public var oblast: String
        public var role: MunicipalityRole
        public var events: [String]
        public var firstTrainedOn: Day
        public var lastTrainedOn: Day
        public var daysSinceTraining: Int
        public var participants: Int
    }

    /// A municipality's standing as of the date.
    struct MunicipalityState {
        /// Rank of the furthest forward stage reached; nil without a plan.
        var furthestStage: Int?
        var allAbandoned = false
    }

    public var oblasts: [Oblast]
    public var total: FunnelCounts
    public var withoutPlan: [Unplanned]

    static let stages = ["drafting", "community_agreed", "council_approved", "implementing", "completed"]

    static func stage(_ status: String) -> Int { stages.firstIndex(of: status) ?? -1 }

    /// `participants`: distinct persons per municipality at its trainings.
    public init(trainings: [PlanFunnelFacts.Training], participants: [String: Int], plans: [PlanFunnelFacts.Plan],
                asOf: Day, noPlanAfterDays: Int) {
        let byMunicipality = Dictionary(grouping: trainings, by: \.municipality)
        var states: [String: MunicipalityState] = [:]
        for (code, own) in byMunicipality {
            let events = Set(own.map(\.eventID))
            states[code] = Self.state(plans.filter { $0.municipality == code && events.contains($0.eventID) && !$0.steps.isEmpty })
        }
        total = FunnelCounts()
        var perOblast: [String: FunnelCounts] = [:]
        var perDistrict: [String: [String?: FunnelCounts]] = [:]
        for (code, own) in byMunicipality {
            let state = states[code]!
            total.add(state)
            perOblast[own[0].oblast, default: FunnelCounts()].add(state)
            perDistrict[own[0].oblast, default: [:]][own[0].district, default: FunnelCounts()].add(state)
        }
        oblasts = perOblast.keys.sorted().map { oblast in
            let districts = perDistrict[oblast]!.map { District(code: $0.key, counts: $0.value) }
                .sorted { a, b in a.code.map { x in b.code.map { x < $0 } ?? true } ?? false }
            return Oblast(code: oblast, counts: perOblast[oblast]!, districts: districts)
        }
        withoutPlan = byMunicipality.compactMap { code, own -> Unplanned? in
            guard states[code]!.furthestStage == nil else { return nil }
            let ordered = own.sorted { ($0.firstDay, $0.lastDay, $0.eventCode) < ($1.firstDay, $1.lastDay, $1.eventCode) }
            let first = ordered[0].lastDay
            let days = first.days(to: asOf)
            guard days >= noPlanAfterDays else { return nil }
            return Unplanned(municipality: code, district: own[0].district, oblast: own[0].oblast,
                             role: own.map(\.role).min()!, events: ordered.map(\.eventCode), firstTrainedOn: first,
                             lastTrainedOn: ordered[ordered.count - 1].lastDay, daysSinceTraining: days,
                             participants: participants[code] ?? 0)
        }.sorted { ($1.daysSinceTraining, $0.municipality) < ($0.daysSinceTraining, $1.municipality) }
    }

    static func state(_ plans: [PlanFunnelFacts.Plan]) -> MunicipalityState {
        guard !plans.isEmpty else { return MunicipalityState() }
        let furthest = plans.flatMap { $0.steps.map { stage($0.status) } }.max() ?? 0
        let abandoned = plans.allSatisfy { $0.steps.last?.status == "abandoned" }
        return MunicipalityState(furthestStage: max(furthest, 0), allAbandoned: abandoned)
    }
}
