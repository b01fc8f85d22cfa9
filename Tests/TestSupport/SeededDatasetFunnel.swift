/// An independent recount of io.trainingd.Reports.PlanFunnel over the in-memory model, from the
/// IDL's definitions.
public struct SeededFunnelQuery: Sendable {
    public var participation = SeededParticipationQuery()
    public var noPlanAfterDays = 90
    public var asOf: Int

    /// Default roles target and neighbour, as the IDL says.
    public init(asOf: Int) {
        self.asOf = asOf
        participation.roles = ["target", "neighbour"]
    }
}

public struct SeededFunnelCounts: Sendable, Equatable {
    public var trained = 0
    public var withPlan = 0
    public var communityAgreed = 0
    public var councilApproved = 0
    public var implementingOrCompleted = 0
    public var abandoned = 0

    public init() {}
}

public struct SeededUnplanned: Sendable, Equatable {
    public var municipality: String
    public var role: String
    public var events: [String]
    public var firstTrainedOn: String
    public var lastTrainedOn: String
    public var daysSinceTraining: Int
    public var participants: Int

    public init(municipality: String, role: String, events: [String], firstTrainedOn: String, lastTrainedOn: String,
                daysSinceTraining: Int, participants: Int) {
        self.municipality = municipality
        self.role = role
        self.events = events
        self.firstTrainedOn = firstTrainedOn
        self.lastTrainedOn = lastTrainedOn
        self.daysSinceTraining = daysSinceTraining
        self.participants = participants
    }
}

public struct SeededFunnel: Sendable {
    public var total = SeededFunnelCounts()
    public var oblasts: [String: SeededFunnelCounts] = [:]
    /// Oblast -> district (nil: outside any district) -> counts.
    public var districts: [String: [String?: SeededFunnelCounts]] = [:]
    public var withoutPlan: [SeededUnplanned] = []
}

extension SeededDataset {
    public func funnel(_ q: SeededFunnelQuery) -> SeededFunnel {
        var trainings: [String: Set<Int>] = [:]
        var persons: [String: Set<Int>] = [:]
        for p in participations(q.participation) {
            guard let m = p.participantMunicipality else { continue }
            trainings[m, default: []].insert(p.event)
            persons[m, default: []].insert(p.person)
        }
        let forward = ["drafting", "community_agreed", "council_approved", "implementing", "completed"]
        var result = SeededFunnel()
        for (m, own) in trainings {
            var c = SeededFunnelCounts()
            c.trained = 1
            let linked = plans.filter { $0.municipality == m && own.contains($0.event) && $0.steps[0].day <= q.asOf }
            if !linked.isEmpty {
                c.withPlan = 1
                let reached = linked.map { plan in plan.steps.filter { $0.day <= q.asOf } }
                let furthest = reached.flatMap { $0.compactMap { forward.firstIndex(of: $0.status) } }.max()!
                c.communityAgreed = furthest >= 1 ? 1 : 0
                c.councilApproved = furthest >= 2 ? 1 : 0
                c.implementingOrCompleted = furthest >= 3 ? 1 : 0
                c.abandoned = reached.allSatisfy { $0.last!.status == "abandoned" } ? 1 : 0
            } else {
                let ordered = own.sorted { a, b in
                    let (x, y) = (events[a], events[b])
                    return (x.firstDay, x.lastDay, x.code) < (y.firstDay, y.lastDay, y.code)
                }
                let first = events[ordered[0]].lastDay
                if q.asOf - first >= q.noPlanAfterDays {
                    let roles = Set(ordered.map { role(of: m, at: events[$0]) })
                    result.withoutPlan.append(SeededUnplanned(
                        municipality: m, role: ["target", "neighbour", "venue", "other"].first { roles.contains($0) }!,
                        events: ordered.map { events[$0].code }, firstTrainedOn: SeededDatasetDay.iso(first),
                        lastTrainedOn: SeededDatasetDay.iso(events[ordered[ordered.count - 1]].lastDay),
                        daysSinceTraining: q.asOf - first, participants: persons[m]!.count))
                }
            }
            let place = places[m]!
            result.total.add(c)
            result.oblasts[place.oblast, default: SeededFunnelCounts()].add(c)
            result.districts[place.oblast, default: [:]][place.district, default: SeededFunnelCounts()].add(c)
        }
        result.withoutPlan.sort { ($1.daysSinceTraining, $0.municipality) < ($0.daysSinceTraining, $1.municipality) }
        return result
    }
}

extension SeededFunnelCounts {
    mutating func add(_ c: SeededFunnelCounts) {
        trained += c.trained
        withPlan += c.withPlan
        communityAgreed += c.communityAgreed
        councilApproved += c.councilApproved
        implementingOrCompleted += c.implementingOrCompleted
        abandoned += c.abandoned
    }

    /// Counts as the wire gives them.
    public init(wire json: [String: Int64]) {
        trained = Int(json["trained_municipalities"] ?? -1)
        withPlan = Int(json["with_plan"] ?? -1)
        communityAgreed = Int(json["community_agreed"] ?? -1)
        councilApproved = Int(json["council_approved"] ?? -1)
        implementingOrCompleted = Int(json["implementing_or_completed"] ?? -1)
        abandoned = Int(json["abandoned"] ?? -1)
    }
}
