import Foundation
import TrainingCore
import Testing

/// A small hand-made tenant: two oblasts, three events, a person trained twice, a two-day
/// event with someone present on one day only, and plans at various stages.
@Suite("Indicator counting")
struct IndicatorCounterTests {
    static func day(_ text: String) -> Day { try! Day(iso: text, field: "day") }

    let osh = "41706000000000", naryn = "41704000000000"
    let oshDistrict = "41706207000000", narynDistrict = "41704220000000"
    let gulcho = "41706207815000", kara = "41706207820000", ottuk = "41704220850000"
    let e1 = UUID(), e2 = UUID(), e3 = UUID()
    let ainura = UUID(), bakyt = UUID(), chynara = UUID(), dastan = UUID()

    func p(_ person: UUID, _ event: UUID, _ code: String, _ first: String, days: Int = 1, attended: Int = 1,
           _ category: PersonCategory, _ municipality: String?, role: MunicipalityRole = .target, _ sex: Sex,
           born: Int? = nil) -> IndicatorParticipation {
        let place: (String?, String?) = switch municipality {
        case gulcho?, kara?: (oshDistrict, osh)
        case ottuk?: (narynDistrict, naryn)
        default: (nil, nil)
        }
        return IndicatorParticipation(personID: person, eventID: event, eventCode: code, firstDay: Self.day(first), eventDays: days,
                                      daysAttended: attended, category: category, municipality: municipality, district: place.0,
                                      oblast: place.1, inviteRole: role, sex: sex, birthYear: born)
    }

    var participations: [IndicatorParticipation] {
        [
            p(ainura, e1, "GOV-1", "2019-04-16", days: 2, attended: 2, .aiylOkmotuHead, gulcho, .female, born: 1975),
            p(bakyt, e1, "GOV-1", "2019-04-16", days: 2, attended: 1, .councilDeputy, kara, role: .neighbour, .male, born: 1990),
            p(chynara, e1, "GOV-1", "2019-04-16", days: 2, attended: 2, .jmegMember, gulcho, .female),
            p(ainura, e2, "GOV-2", "2019-07-02", .aiylOkmotuHead, gulcho, .female, born: 1975),
            p(dastan, e3, "GOV-3", "2020-02-10", .initiativeGroupMember, ottuk, .notRecorded, born: 2001),
            p(bakyt, e3, "GOV-3", "2020-02-10", .councilDeputy, nil, role: .other, .male, born: 1990),
        ]
    }

    func plan(_ municipality: String, _ event: UUID, _ code: String, _ steps: [(IndicatorPlanStatus, String)]) -> IndicatorPlan {
        let place = municipality == ottuk ? (narynDistrict, naryn) : (oshDistrict, osh)
        return IndicatorPlan(id: UUID(), municipality: municipality, district: place.0, oblast: place.1, eventID: event, eventCode: code,
                             inviteRole: .target, steps: steps.map { IndicatorPlan.Step(status: $0.0, day: Self.day($0.1)) })
    }

    var plans: [IndicatorPlan] {
        [
            plan(gulcho, e1, "GOV-1", [(.drafting, "2019-04-17"), (.communityAgreed, "2019-05-20"), (.councilApproved, "2019-06-28")]),
            plan(kara, e1, "GOV-1", [(.drafting, "2019-04-17")]),
            plan(ottuk, e3, "GOV-3", [(.drafting, "2020-02-11"), (.communityAgreed, "2020-03-01"), (.councilApproved, "2020-04-15")]),
        ]
    }

    func compute(_ unit: IndicatorUnit, _ rule: IndicatorCountingRule = .uniquePerPeriod, since: String? = nil,
                 from: String? = nil, to: String = "2020-12-31", filters: IndicatorFilters = IndicatorFilters(),
                 by dimensions: [IndicatorDimension] = []) -> IndicatorValue {
        let definition = IndicatorDefinition(code: "X", title: "X", unit: unit, countingRule: rule, since: since.map(Self.day),
                                             filters: filters, disaggregations: dimensions)
        let window = IndicatorWindow(rule: rule, since: definition.since, periodFrom: from.map(Self.day), periodTo: Self.day(to))
        return IndicatorCounter.compute(definition, window: window, participations: participations, plans: plans, ageBands: .standard)
    }

    func groups(_ value: IndicatorValue, _ index: Int = 0) -> [String] {
        value.breakdowns[index].groups.map { "\($0.value ?? "-")=\($0.count)" }
    }

    @Test func personsCountOnceParticipationsEachTime() {
        #expect(compute(.persons).value == 4)
        #expect(compute(.participations).value == 6)
        #expect(compute(.persons, from: "2019-01-01", to: "2019-12-31").value == 3)
        #expect(compute(.participations, from: "2019-05-01", to: "2019-12-31").value == 1)
    }

    @Test func localAuthoritiesAndCitizensSideBySide() {
        let lsg = IndicatorFilters(categories: [.aiylOkmotuHead, .aiylOkmotuDeputyHead, .responsibleSecretary, .aiylOkmotuSpecialist,
                                                .councilChair, .councilDeputy])
        let citizens = IndicatorFilters(categories: [.initiativeGroupMember, .jmegMember, .other])
        let authorities = compute(.persons, filters: lsg, by: [.sex, .oblast])
        #expect(authorities.value == 2)
        #expect(groups(authorities, 0) == ["female=1", "male=1"])
        // Bakyt was trained from Kara (Osh) and, the second time, without a municipality.
        #expect(groups(authorities, 1) == ["\(osh)=2", "-=1"])
        let trained = compute(.persons, filters: citizens, by: [.sex])
        #expect(trained.value == 2)
        #expect(groups(trained) == ["female=1", "not_recorded=1"])
    }

    @Test func minDaysPresentIsCappedAtTheEventLength() {
        #expect(compute(.persons, filters: IndicatorFilters(minDaysPresent: 2)).value == 4)  // Bakyt still counts at GOV-3
        #expect(compute(.participations, filters: IndicatorFilters(minDaysPresent: 2)).value == 5)
        #expect(compute(.participations, filters: IndicatorFilters(minDaysPresent: 9)).value == 5)
    }

    @Test func municipalitiesAreDistinctParticipantPlaces() {
        let all = compute(.municipalities, by: [.oblast, .event])
        #expect(all.value == 3)
        #expect(groups(all, 0) == ["\(naryn)=1", "\(osh)=2"])
        #expect(groups(all, 1) == ["GOV-1=2", "GOV-2=1", "GOV-3=1"])
        let approved = compute(.municipalities, filters: IndicatorFilters(planStatuses: [.councilApproved]))
        #expect(approved.value == 2)
        let approvedBy2019 = compute(.municipalities, from: "2019-01-01", to: "2019-12-31",
                                     filters: IndicatorFilters(planStatuses: [.councilApproved]))
        #expect(approvedBy2019.value == 1)
        let approvedBeforeJuly = compute(.municipalities, to: "2019-06-27", filters: IndicatorFilters(planStatuses: [.councilApproved]))
        #expect(approvedBeforeJuly.value == 0)
    }

    @Test func plansCountWhenTheyReachAStatusInTheWindow() {
        let cumulative = compute(.plans, .cumulative, since: "2019-01-01", from: "2020-01-01", by: [.oblast, .quarter])
        #expect(cumulative.value == 2)
        #expect(groups(cumulative, 0) == ["\(naryn)=1", "\(osh)=1"])
        #expect(groups(cumulative, 1) == ["2019-Q2=1", "2020-Q2=1"])
        #expect(compute(.plans, from: "2020-01-01").value == 1)
        #expect(compute(.plans, from: "2020-01-01", filters: IndicatorFilters(oblasts: [osh])).value == 0)
        #expect(compute(.plans, filters: IndicatorFilters(planStatuses: [.drafting])).value == 3)
        #expect(compute(.plans, filters: IndicatorFilters(events: [e1.uuidString.lowercased()])).value == 1)
    }

    @Test func groupsFollowDeclarationAndTimeOrderUnknownLast() {
        let byAge = compute(.persons, by: [.ageBand, .category, .month, .inviteRole])
        // Ainura 44 in 2019, Bakyt 29 (2019) and 30 (2020), Dastan 19, Chynara unknown.
        #expect(groups(byAge, 0) == ["18-29=2", "30-44=2", "unknown=1"])
        #expect(groups(byAge, 1) == ["aiyl_okmotu_head=1", "council_deputy=1", "initiative_group_member=1", "jmeg_member=1"])
        #expect(groups(byAge, 2) == ["2019-04=3", "2019-07=1", "2020-02=2"])
        #expect(groups(byAge, 3) == ["target=3", "neighbour=1", "other=1"])
        #expect(groups(compute(.participations, by: [.year]), 0) == ["2019=4", "2020=2"])
    }
}
