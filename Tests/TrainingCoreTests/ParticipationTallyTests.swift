import Foundation
import Testing
@testable import TrainingCore

@Suite struct ParticipationTallyTests {
    /// Adds participations given as (group key, person, sex, event, municipality), numbering
    /// everything densely in order of first appearance, as the store does.
    static func tally(_ rows: [(key: String?, person: String, sex: Sex, event: String, municipality: String?)])
        -> (groups: [String?: ParticipationMeasures], total: ParticipationMeasures) {
        var keys = Interner<String?>(), persons = Interner<String>(), events = Interner<String>(), places = Interner<String>()
        var tally = ParticipationTally()
        let grouped = rows.contains { $0.key != nil }
        for row in rows {
            tally.add(group: grouped ? Int(keys.number(row.key)) : nil, person: persons.number(row.person), sex: row.sex,
                      event: events.number(row.event), municipality: row.municipality.map { places.number($0) })
        }
        let (measures, total) = tally.finish()
        return (Dictionary(uniqueKeysWithValues: zip(keys.values, measures)), total)
    }

    @Test func personsAreCountedOncePerGroupAndParticipationsEachTime() {
        // Person 1 (a woman) in two events of group A, person 2 (a man) in one event of A and
        // one of B, person 3 (not recorded) in B without a municipality.
        let (groups, total) = Self.tally([
            ("A", "p1", .female, "e1", "m1"), ("A", "p1", .female, "e2", "m1"), ("A", "p2", .male, "e1", "m2"),
            ("B", "p2", .male, "e3", "m2"), ("B", "p3", .notRecorded, "e3", nil),
        ])
        #expect(groups.count == 2)
        #expect(groups["A"] == ParticipationMeasures(events: 2, participations: 3, uniquePersons: 2, women: 1, men: 1,
                                                     womenParticipations: 2, menParticipations: 1, municipalities: 2))
        #expect(groups["B"] == ParticipationMeasures(events: 1, participations: 2, uniquePersons: 2, men: 1, notRecorded: 1,
                                                     menParticipations: 1, notRecordedParticipations: 1, municipalities: 1))
        #expect(total == ParticipationMeasures(events: 3, participations: 5, uniquePersons: 3, women: 1, men: 1, notRecorded: 1,
                                               womenParticipations: 2, menParticipations: 2, notRecordedParticipations: 1,
                                               municipalities: 2))
    }

    @Test func withoutGroupsOnlyTheTotalIsCounted() {
        let (groups, total) = Self.tally([(nil, "p1", .male, "e1", "m1"), (nil, "p1", .male, "e1", "m1")])
        #expect(groups.isEmpty)
        #expect(total == ParticipationMeasures(events: 1, participations: 2, uniquePersons: 1, men: 1,
                                               menParticipations: 2, municipalities: 1))
    }

    @Test func eventsComingBackAfterOthersAreCountedOnce() {
        // The store's rows come event by event, but nothing may rely on it for correctness.
        let (groups, total) = Self.tally([
            ("A", "p1", .female, "e1", nil), ("A", "p2", .female, "e2", nil), ("A", "p3", .female, "e1", nil),
            ("B", "p1", .female, "e2", nil), ("A", "p4", .female, "e2", nil),
        ])
        #expect(groups["A"]?.events == 2 && groups["A"]?.uniquePersons == 4 && groups["A"]?.municipalities == 0)
        #expect(groups["B"]?.events == 1)
        #expect(total.events == 2 && total.uniquePersons == 4 && total.women == 4 && total.participations == 5)
    }

    @Test func internerNumbersInOrderOfFirstAppearance() {
        var interner = Interner<String?>()
        #expect([interner.number("b"), interner.number(nil), interner.number("b"), interner.number("a")] == [0, 1, 0, 2])
        #expect(interner.values == ["b", nil, "a"])
    }
}

@Suite struct ParticipationHashTablesTests {
    @Test func pairSetAnswersLikeSet() {
        var generator = SystemRandomNumberGenerator()
        var pairs = PairSet(), reference = Set<UInt64>()
        for _ in 0..<50_000 {
            // Small numbers, many repeats, as a report's pairs are; and some large ones.
            let value = generator.next() % 4 == 0 ? generator.next() % (UInt64.max - 1) : (generator.next() % 64) << 32 | generator.next() % 2_000
            #expect(pairs.insert(value) == reference.insert(value).inserted)
        }
        #expect(pairs.count == reference.count)
        #expect(pairs.insert(0) == reference.insert(0).inserted)
    }

    @Test func bytesInternerNumbersLikeADictionary() {
        var generator = SystemRandomNumberGenerator()
        var interner = BytesInterner(), reference: [[UInt8]: Int32] = [:]
        for _ in 0..<20_000 {
            // Lengths 0...40, including values that differ only in length (trailing zero bytes).
            let length = Int(generator.next() % 41)
            let bytes = (0..<length).map { _ in UInt8(generator.next() % 3) }
            let answer = bytes.withUnsafeBytes { interner.number($0) }
            let expected = reference[bytes]
            if expected == nil { reference[bytes] = Int32(reference.count) }
            #expect(answer?.number == reference[bytes] && answer?.isNew == (expected == nil))
        }
        #expect(interner.count == reference.count)
        let long = [UInt8](repeating: 65, count: 41)
        #expect(long.withUnsafeBytes { interner.number($0) } == nil)
    }
}
