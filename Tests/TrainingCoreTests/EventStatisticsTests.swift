import Foundation
import TrainingCore
import Testing

@Suite("Event statistics")
struct EventStatisticsTests {
    static let venue = "41706207814000"        // Gülchö
    static let bulolu = "41706207811000"       // target
    static let chongAlai = "41706259851000"    // target
    static let kashkaSuu = "41706259824000"    // neighbour
    static let lenin = "41706207830000"        // neighbour
    static let buudalyk = "41706207809000"     // neighbour
    static let invitations: [String: InviteRole] = [bulolu: .target, chongAlai: .target, kashkaSuu: .neighbour, lenin: .neighbour, buudalyk: .neighbour]

    let first = try! Day(iso: "2019-04-16", field: "day")

    /// The Gülchö training: 26 participants, 12 women, from five invited municipalities and
    /// the venue, present (or late) on its one day.
    func gulcho() -> EventStatistics {
        let places = [Self.bulolu, Self.chongAlai, Self.kashkaSuu, Self.lenin, Self.buudalyk, Self.venue]
        var registrations: [EventStatistics.Registration] = []
        var marks: [EventStatistics.Mark] = []
        for index in 0..<26 {
            let person = UUID()
            registrations.append(.init(personID: person, status: .registered, walkIn: index == 25,
                                       category: PersonCategory.allCases[index % 9], municipality: places[index % 6],
                                       sex: index < 12 ? .female : .male))
            marks.append(.init(personID: person, day: first, status: index % 5 == 0 ? .late : .present))
        }
        return EventStatistics(firstDay: first, lastDay: first, venue: Self.venue, invitations: Self.invitations,
                               registrations: registrations, marks: marks)
    }

    @Test func theGulchoTrainingAddsUp() {
        let stats = gulcho()
        #expect(stats.attended.total == 26)
        #expect(stats.attended.women == 12 && stats.attended.men == 14 && stats.attended.notRecorded == 0)
        #expect(abs(stats.womenShare - 0.4615) < 0.0001)
        #expect(Share.percentText(stats.womenShare) == "46.2%")
        #expect(stats.registered == 26 && stats.walkIns == 1 && stats.attendanceRate == 1)
        #expect(stats.byMunicipality.map(\.attended.total).reduce(0, +) == 26)
        #expect(stats.byMunicipality.map(\.registered).reduce(0, +) == 26)
        #expect(stats.byCategory.map(\.attended.total).reduce(0, +) == 26)
        #expect(stats.byRole.map(\.attended.total).reduce(0, +) == 26)
        #expect(stats.byRole.map(\.attended.women).reduce(0, +) == 12)
        // Ordered by role, then code; categories in the enum's order.
        #expect(stats.byMunicipality.map(\.municipality) == [Self.bulolu, Self.chongAlai, Self.buudalyk, Self.lenin, Self.kashkaSuu, Self.venue])
        #expect(stats.byMunicipality.map(\.role) == [.target, .target, .neighbour, .neighbour, .neighbour, .venue])
        #expect(stats.byCategory.map(\.category) == PersonCategory.allCases)
        #expect(stats.byRole.map(\.role) == [.target, .neighbour, .venue])
        #expect(stats.byRole.map(\.municipalities) == [2, 3, 1])
        #expect(stats.byDay.count == 1)
        #expect(stats.byDay[0].present + stats.byDay[0].late == 26 && stats.byDay[0].late == 6 && stats.byDay[0].unmarked == 0)
    }

    @Test func minDaysPresentAndDailyCounts() throws {
        let second = first.adding(days: 1)
        let both = UUID(), firstOnly = UUID(), lateThenAbsent = UUID(), never = UUID(), unmarked = UUID()
        let registrations: [EventStatistics.Registration] = [
            .init(personID: both, status: .registered, category: .councilDeputy, municipality: Self.bulolu, sex: .female),
            .init(personID: firstOnly, status: .registered, category: .councilDeputy, municipality: Self.bulolu, sex: .male),
            .init(personID: lateThenAbsent, status: .registered, category: .jmegMember, municipality: nil, sex: .notRecorded),
            .init(personID: never, status: .registered, category: .other, municipality: "41708203834000", sex: .female),
            .init(personID: unmarked, status: .registered, category: .other, municipality: Self.lenin, sex: .male),
        ]
        let marks: [EventStatistics.Mark] = [
            .init(personID: both, day: first, status: .present), .init(personID: both, day: second, status: .late),
            .init(personID: firstOnly, day: first, status: .present), .init(personID: firstOnly, day: second, status: .excused),
            .init(personID: lateThenAbsent, day: first, status: .late), .init(personID: lateThenAbsent, day: second, status: .absent),
            .init(personID: never, day: first, status: .absent),
            // Outside the event (it was shortened afterwards): ignored.
            .init(personID: never, day: second.adding(days: 1), status: .present),
        ]
        let one = EventStatistics(firstDay: first, lastDay: second, venue: Self.venue, invitations: Self.invitations,
                                  registrations: registrations, marks: marks)
        #expect(one.days == 2 && one.minDaysPresent == 1)
        #expect(one.attended == SexSplit(women: 1, men: 1, notRecorded: 1))
        #expect(abs(one.attendanceRate - 0.6) < 1e-9)
        #expect(one.byDay[0] == .init(day: first, present: 2, late: 1, excused: 0, absent: 1, unmarked: 1, attended: SexSplit(women: 1, men: 1, notRecorded: 1)))
        #expect(one.byDay[1] == .init(day: second, present: 0, late: 1, excused: 1, absent: 1, unmarked: 2, attended: SexSplit(women: 1)))
        // No municipality comes last, with role other; groups sum to registered and attended.
        #expect(one.byMunicipality.last?.municipality == nil && one.byMunicipality.last?.role == .other)
        #expect(one.byMunicipality.map(\.registered).reduce(0, +) == 5)
        #expect(one.byMunicipality.map(\.attended.total).reduce(0, +) == 3)
        #expect(one.byRole.first { $0.role == .other }?.municipalities == 0)  // the attendee of "other" has none recorded

        let two = EventStatistics(firstDay: first, lastDay: second, venue: Self.venue, invitations: Self.invitations,
                                  registrations: registrations, marks: marks, minDaysPresent: 2)
        #expect(two.minDaysPresent == 2)
        #expect(two.attended == SexSplit(women: 1))
        #expect(two.womenShare == 1)
        // More days than the event has means every day.
        let every = EventStatistics(firstDay: first, lastDay: second, venue: Self.venue, invitations: Self.invitations,
                                    registrations: registrations, marks: marks, minDaysPresent: 30)
        #expect(every.minDaysPresent == 2 && every.attended == two.attended)
        #expect(EventStatistics.effectiveMinDays(nil, days: 3) == 1)
        #expect(EventStatistics.effectiveMinDays(0, days: 3) == 1)
        #expect(EventStatistics.effectiveMinDays(5, days: 3) == 3)
    }

    @Test func registrationStatusesAndLeftOutGroups() {
        let attendedThenCancelled = UUID(), waiting = UUID(), gone = UUID()
        let stats = EventStatistics(
            firstDay: first, lastDay: first, venue: Self.venue, invitations: Self.invitations,
            registrations: [
                .init(personID: attendedThenCancelled, status: .cancelled, category: .councilChair, municipality: Self.kashkaSuu, sex: .male),
                .init(personID: waiting, status: .waitlisted, category: .aiylOkmotuHead, municipality: Self.chongAlai, sex: .female),
                .init(personID: gone, status: .cancelled, walkIn: true, category: .other, municipality: Self.venue, sex: .female),
            ],
            marks: [.init(personID: attendedThenCancelled, day: first, status: .present)])
        #expect(stats.registered == 0 && stats.waitlisted == 1 && stats.cancelled == 2 && stats.walkIns == 1)
        #expect(stats.attended.total == 1)
        // Someone who came counts even if the registration was cancelled later; the rate stays within 0...1.
        #expect(stats.attendanceRate == 0)
        // Groups with nobody registered and nobody attending are left out.
        #expect(stats.byCategory.map(\.category) == [.councilChair])
        #expect(stats.byMunicipality.map(\.municipality) == [Self.kashkaSuu])
        #expect(stats.byRole.map(\.role) == [.neighbour])
        #expect(stats.byDay[0].unmarked == 0)
    }

    @Test func nobodyAttendedMeansSharesOfZero() {
        let stats = EventStatistics(firstDay: first, lastDay: first.adding(days: 2), venue: Self.venue, invitations: [:],
                                    registrations: [], marks: [])
        #expect(stats.days == 3 && stats.byDay.map(\.day) == [first, first.adding(days: 1), first.adding(days: 2)])
        #expect(stats.womenShare == 0 && stats.attendanceRate == 0)
        #expect(stats.byCategory.isEmpty && stats.byMunicipality.isEmpty && stats.byRole.isEmpty)
    }

    @Test func sharesAndPercentages() {
        #expect(Share.of(0, 0) == 0)
        #expect(Share.of(3, 0) == 0)
        #expect(Share.of(12, 26) == 12.0 / 26.0)
        #expect(Share.of(5, 4) == 1)
        #expect(Share.percentText(Share.of(12, 26)) == "46.2%")
        #expect(Share.percentText(Share.of(1, 3)) == "33.3%")
        #expect(Share.percentText(Share.of(2, 3)) == "66.7%")
        #expect(Share.percentText(0) == "0.0%")
        #expect(Share.percentText(1) == "100.0%")
        #expect(Share.percentText(Share.of(1, 8), decimals: 2) == "12.50%")
        #expect(SexSplit(women: 2, men: 1, notRecorded: 1).total == 4)
        #expect(SexSplit(women: 2, men: 1, notRecorded: 1).womenShare == 0.5)
    }

    @Test func municipalityRoles() {
        let invitations: [String: InviteRole] = [Self.venue: .target, Self.lenin: .neighbour]
        #expect(MunicipalityRole.classify(Self.venue, invitations: invitations, venue: Self.venue) == .target)
        #expect(MunicipalityRole.classify(Self.lenin, invitations: invitations, venue: Self.venue) == .neighbour)
        #expect(MunicipalityRole.classify(Self.venue, invitations: [:], venue: Self.venue) == .venue)
        #expect(MunicipalityRole.classify(Self.bulolu, invitations: invitations, venue: Self.venue) == .other)
        #expect(MunicipalityRole.classify(nil, invitations: invitations, venue: Self.venue) == .other)
        #expect(MunicipalityRole.allCases.sorted() == [.target, .neighbour, .venue, .other])
    }
}
