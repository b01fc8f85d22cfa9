import Foundation

/// An independent recount of io.trainingd.Reports.Participation over the in-memory model (no
/// SQL), written from the IDL's definitions, for tests and benchmarks to compare against.
public struct SeededParticipationQuery: Sendable {
    public var from: Int?
    public var to: Int?
    public var oblasts: [String]?
    public var districts: [String]?
    public var municipalities: [String]?
    /// Event indices.
    public var events: [Int]?
    public var categories: [String]?
    public var roles: [String]?
    public var statuses = SeededDataset.eventStatuses.filter { $0 != "cancelled" }
    public var minDays = 1
    public var venue = false

    public init() {}
}

/// One participation as the IDL defines it.
public struct SeededParticipation: Sendable {
    public var event: Int
    public var person: Int
    public var category: String
    public var participantMunicipality: String?
    public var role: String
    /// The place of the geography basis.
    public var place: SeededDataset.Place?
}

public struct SeededMeasures: Sendable, Equatable, CustomStringConvertible {
    public var events = 0
    public var participations = 0
    public var uniquePersons = 0
    public var women = 0
    public var men = 0
    public var notRecorded = 0
    public var womenParticipations = 0
    public var menParticipations = 0
    public var notRecordedParticipations = 0
    public var municipalities = 0

    public init() {}

    public var description: String {
        "events \(events) part \(participations) persons \(uniquePersons) (w \(women) m \(men) nr \(notRecorded)) "
            + "part w/m/nr \(womenParticipations)/\(menParticipations)/\(notRecordedParticipations) municipalities \(municipalities)"
    }
}

extension SeededDataset {
    /// Attended days (present or late) per registration.
    public func attendedDays() -> [Int] {
        var days = [Int](repeating: 0, count: registrations.count)
        for mark in marks where mark.status <= 1 { days[Int(mark.registration)] += 1 }
        return days
    }

    public func role(of municipality: String?, at event: Event) -> String {
        guard let municipality else { return "other" }
        return event.invitations[municipality] ?? (municipality == event.venue ? "venue" : "other")
    }

    public func participations(_ q: SeededParticipationQuery) -> [SeededParticipation] {
        let days = attendedDays()
        let eventSet = q.events.map(Set.init)
        var result: [SeededParticipation] = []
        for (index, r) in registrations.enumerated() {
            let e = events[r.event]
            guard days[index] >= min(q.minDays, e.days), q.statuses.contains(e.status) else { continue }
            if let from = q.from, e.firstDay < from { continue }
            if let to = q.to, e.firstDay > to { continue }
            if let eventSet, !eventSet.contains(r.event) { continue }
            let role = role(of: r.municipality, at: e)
            let place = (q.venue ? e.venue : r.municipality).flatMap { places[$0] }
            if let c = q.categories, !c.contains(r.category) { continue }
            if let roles = q.roles, !roles.contains(role) { continue }
            if let o = q.oblasts, !o.contains(where: { $0 == place?.oblast }) { continue }
            if let d = q.districts, !d.contains(where: { $0 == place?.district }) { continue }
            if let m = q.municipalities, !m.contains(where: { $0 == place?.code }) { continue }
            result.append(SeededParticipation(event: r.event, person: r.person, category: r.category,
                                              participantMunicipality: r.municipality, role: role, place: place))
        }
        return result
    }

    /// The wire value (GroupKey.value) of a participation in a dimension.
    public func keyValue(_ p: SeededParticipation, _ dimension: String, ageBands: [Int]) -> String? {
        let e = events[p.event]
        let (year, month, _) = SeededDatasetDay.civil(e.firstDay)
        switch dimension {
        case "oblast": return p.place?.oblast
        case "district": return p.place?.district
        case "municipality": return p.place?.code
        case "event": return e.code
        case "category": return p.category
        case "invite_role": return p.role
        case "sex": return people[p.person].sex
        case "age_band":
            guard let born = people[p.person].birthYear, year - born >= 0 else { return "unknown" }
            let index = ageBands.lastIndex { $0 <= year - born }!
            return index + 1 < ageBands.count ? "\(ageBands[index])-\(ageBands[index + 1] - 1)" : "\(ageBands[index])+"
        case "month": return String(format: "%04d-%02d", year, month)
        case "quarter": return "\(year)-Q\((month - 1) / 3 + 1)"
        case "year": return "\(year)"
        default: fatalError("unknown dimension \(dimension)")
        }
    }

    public func measures(_ items: [SeededParticipation]) -> SeededMeasures {
        var m = SeededMeasures()
        m.participations = items.count
        m.events = Set(items.map(\.event)).count
        m.municipalities = Set(items.compactMap(\.participantMunicipality)).count
        let persons = Set(items.map(\.person))
        m.uniquePersons = persons.count
        for person in persons {
            switch people[person].sex {
            case "female": m.women += 1
            case "male": m.men += 1
            default: m.notRecorded += 1
            }
        }
        for item in items {
            switch people[item.person].sex {
            case "female": m.womenParticipations += 1
            case "male": m.menParticipations += 1
            default: m.notRecordedParticipations += 1
            }
        }
        return m
    }

    /// Groups (keyed by their values in `groupBy` order) and total.
    public func recount(_ q: SeededParticipationQuery, groupBy: [String], ageBands: [Int] = [0, 18, 30, 45, 60])
        -> (groups: [[String?]: SeededMeasures], total: SeededMeasures) {
        let items = participations(q)
        guard !groupBy.isEmpty else { return ([:], measures(items)) }
        let grouped = Dictionary(grouping: items) { p in groupBy.map { keyValue(p, $0, ageBands: ageBands) } }
        return (grouped.mapValues(measures), measures(items))
    }
}

extension SeededMeasures {
    /// Nothing counted (all zero).
    public static let zero = SeededMeasures()
}
