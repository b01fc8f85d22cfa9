/// Counts a Participation report's measures from its participations, one at a time, per group
/// and for the total. Why in the daemon: PostgreSQL 15 counts distinct persons, events and
/// municipalities per group with one hash aggregation per kind and grouping set, ~1.7 s for
/// 486,000 participations on the bench machine.
///
/// Groups, persons, events and municipalities come as dense numbers (in order of first
/// appearance). Totals are then the numbers seen; per group, each participation inserts the
/// (group, person), (group, event) and (group, municipality) pairs, packed into one integer
/// each, into a `PairSet`: counting happens as rows arrive, while PostgreSQL produces the
/// next ones, and nothing is left to do at the end. A person has one sex, so persons by sex
/// are counted from the sex each person was first seen with, and women + men + notRecorded ==
/// uniquePersons.
public struct ParticipationTally: Sendable {
    private var groups: [ParticipationMeasures] = []
    private var total = ParticipationMeasures()
    private var personSex: [Sex] = []
    private var eventsSeen: Int32 = 0
    private var municipalitiesSeen: Int32 = 0
    private var personPairs = PairSet()
    private var eventPairs = PairSet()
    private var municipalityPairs = PairSet()
    /// The last event counted per group: rows mostly come event by event, so most repeats
    /// stop here.
    private var lastEvent: [Int32] = []

    public init() {}

    /// One participation. `group` is the group's number (nil without group_by); `person`,
    /// `event` and `municipality` (the participant's, nil when none was recorded) are
    /// numbered densely in order of first appearance.
    public mutating func add(group: Int?, person: Int32, sex: Sex, event: Int32, municipality: Int32?) {
        if Int(person) == personSex.count {
            personSex.append(sex)
            Self.countPerson(sex, in: &total)
        }
        if event == eventsSeen { eventsSeen += 1 }
        if let municipality, municipality == municipalitiesSeen { municipalitiesSeen += 1 }
        Self.countParticipation(sex, in: &total)
        guard let group else { return }
        precondition(group <= groups.count, "groups are numbered densely in order of first appearance")
        if group == groups.count {
            groups.append(ParticipationMeasures())
            lastEvent.append(-1)
        }
        Self.countParticipation(sex, in: &groups[group])
        let high = UInt64(group) << 32
        if personPairs.insert(high | UInt64(UInt32(person))) {
            Self.countPerson(personSex[Int(person)], in: &groups[group])
        }
        if lastEvent[group] != event {
            lastEvent[group] = event
            if eventPairs.insert(high | UInt64(UInt32(event))) { groups[group].events += 1 }
        }
        if let municipality, municipalityPairs.insert(high | UInt64(UInt32(municipality))) {
            groups[group].municipalities += 1
        }
    }

    private static func countParticipation(_ sex: Sex, in measures: inout ParticipationMeasures) {
        measures.participations += 1
        switch sex {
        case .female: measures.womenParticipations += 1
        case .male: measures.menParticipations += 1
        case .notRecorded: measures.notRecordedParticipations += 1
        }
    }

    private static func countPerson(_ sex: Sex, in measures: inout ParticipationMeasures) {
        measures.uniquePersons += 1
        switch sex {
        case .female: measures.women += 1
        case .male: measures.men += 1
        case .notRecorded: measures.notRecorded += 1
        }
    }

    /// Each group's measures by group number, and the total.
    public func finish() -> (groups: [ParticipationMeasures], total: ParticipationMeasures) {
        var total = total
        total.events = Int(eventsSeen)
        total.municipalities = Int(municipalitiesSeen)
        return (groups, total)
    }
}
