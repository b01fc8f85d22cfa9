/// Counts a Participation report's measures from its participations, one at a time, per group
/// and for the total. Why in the daemon: PostgreSQL 15 counts distinct persons, events and
/// municipalities per group with one hash aggregation per kind and grouping set, ~1.7 s for
/// 486,000 participations on the bench machine.
///
/// Groups, persons, events and municipalities come as dense numbers (`Interner`'s, in order of
/// first appearance). Totals are then the numbers seen; per group, each participation appends
/// (group, person), (group, event) and (group, municipality) pairs as one integer each, and
/// `finish` sorts them and counts the distinct pairs: no hash set per group, and memory
/// linear in the participations. A person has one sex, so persons by sex are counted from the
/// sex each person was first seen with, and women + men + notRecorded == uniquePersons.
public struct ParticipationTally: Sendable {
    private var participations: [ParticipationMeasures] = []
    private var total = ParticipationMeasures()
    private var personSex: [Sex] = []
    private var eventsSeen: Int32 = 0
    private var municipalitiesSeen: Int32 = 0
    private var personPairs: [UInt64] = []
    private var eventPairs: [UInt64] = []
    private var municipalityPairs: [UInt64] = []
    /// The last event appended per group: rows mostly come event by event, so most repeats
    /// are dropped before they reach the sort.
    private var lastEvent: [Int32] = []

    public init() {}

    /// One participation. `group` is the group's number (nil without group_by); `person`,
    /// `event` and `municipality` (the participant's, nil when none was recorded) are
    /// numbered densely in order of first appearance.
    public mutating func add(group: Int?, person: Int32, sex: Sex, event: Int32, municipality: Int32?) {
        if Int(person) == personSex.count { personSex.append(sex) }
        if event == eventsSeen { eventsSeen += 1 }
        if let municipality, municipality == municipalitiesSeen { municipalitiesSeen += 1 }
        Self.count(sex, in: &total)
        guard let group else { return }
        precondition(group <= participations.count, "groups are numbered densely in order of first appearance")
        if group == participations.count {
            participations.append(ParticipationMeasures())
            lastEvent.append(-1)
        }
        Self.count(sex, in: &participations[group])
        let high = UInt64(group) << 32
        personPairs.append(high | UInt64(UInt32(person)))
        if lastEvent[group] != event {
            lastEvent[group] = event
            eventPairs.append(high | UInt64(UInt32(event)))
        }
        if let municipality { municipalityPairs.append(high | UInt64(UInt32(municipality))) }
    }

    private static func count(_ sex: Sex, in measures: inout ParticipationMeasures) {
        measures.participations += 1
        switch sex {
        case .female: measures.womenParticipations += 1
        case .male: measures.menParticipations += 1
        case .notRecorded: measures.notRecordedParticipations += 1
        }
    }

    /// Each group's measures by group number, and the total.
    public func finish() -> (groups: [ParticipationMeasures], total: ParticipationMeasures) {
        var groups = participations
        Self.distinct(personPairs) { group, person in
            groups[group].uniquePersons += 1
            Self.countPerson(personSex[person], in: &groups[group])
        }
        Self.distinct(eventPairs) { group, _ in groups[group].events += 1 }
        Self.distinct(municipalityPairs) { group, _ in groups[group].municipalities += 1 }
        var total = total
        total.uniquePersons = personSex.count
        for sex in personSex { Self.countPerson(sex, in: &total) }
        total.events = Int(eventsSeen)
        total.municipalities = Int(municipalitiesSeen)
        return (groups, total)
    }

    private static func countPerson(_ sex: Sex, in measures: inout ParticipationMeasures) {
        switch sex {
        case .female: measures.women += 1
        case .male: measures.men += 1
        case .notRecorded: measures.notRecorded += 1
        }
    }

    /// Calls `body` once per distinct (group, member) pair.
    private static func distinct(_ pairs: [UInt64], _ body: (_ group: Int, _ member: Int) -> Void) {
        var last: UInt64?
        for pair in radixSorted(pairs) where pair != last {
            last = pair
            body(Int(pair >> 32), Int(pair & 0xFFFF_FFFF))
        }
    }

    /// `values` in ascending order by least-significant-digit radix sort, 11 bits per pass and
    /// only as many passes as the largest value needs (two or three for a report): the pairs
    /// are half a million here, and a comparison sort took a tenth of the report's time.
    static func radixSorted(_ values: [UInt64]) -> [UInt64] {
        let maximum = values.max() ?? 0
        var source = values
        var target = [UInt64](repeating: 0, count: values.count)
        var shift: UInt64 = 0
        while shift < 64 && maximum >> shift != 0 {
            var counts = [Int](repeating: 0, count: 2049)
            for value in source { counts[Int((value >> shift) & 0x7FF) + 1] += 1 }
            for digit in 1..<2049 { counts[digit] += counts[digit - 1] }
            for value in source {
                let digit = Int((value >> shift) & 0x7FF)
                target[counts[digit]] = value
                counts[digit] += 1
            }
            swap(&source, &target)
            shift += 11
        }
        return source
    }
}
