import Foundation
import TrainingCore
import Testing

@Suite("Plan funnel")
struct PlanFunnelTests {
    static func day(_ text: String) -> Day { try! Day(iso: text, field: "day") }
    static let osh = "41706000000000"
    static let alay = "41706207000000"
    let e1 = UUID()
    let e2 = UUID()

    func training(_ m: String, district: String? = alay, _ event: UUID, _ code: String, _ first: String, _ last: String,
                  _ role: MunicipalityRole = .target) -> PlanFunnelFacts.Training {
        PlanFunnelFacts.Training(municipality: m, district: district, oblast: Self.osh, eventID: event, eventCode: code,
                                 firstDay: Self.day(first), lastDay: Self.day(last), role: role)
    }

    func plan(_ m: String, _ event: UUID, _ steps: [(String, String)]) -> PlanFunnelFacts.Plan {
        PlanFunnelFacts.Plan(id: UUID(), municipality: m, eventID: event, steps: steps.map { ($0.0, Self.day($0.1)) })
    }

    @Test func stagesAreTheFurthestReachedAndAbandonmentAfterApprovalStillCounts() {
        let trainings = [
            training("A", e1, "E1", "2019-04-16", "2019-04-17"),
            training("B", e1, "E1", "2019-04-16", "2019-04-17", .neighbour),
            training("C", e1, "E1", "2019-04-16", "2019-04-17"),
            training("D", district: nil, e2, "E2", "2019-06-01", "2019-06-01"),
        ]
        let plans = [
            plan("A", e1, [("drafting", "2019-05-01"), ("community_agreed", "2019-06-01"), ("council_approved", "2019-07-01"),
                           ("abandoned", "2019-09-01")]),
            plan("B", e1, [("drafting", "2019-05-01")]),
            plan("B", e1, [("drafting", "2019-05-01"), ("abandoned", "2019-05-20")]),
            plan("C", e2, [("drafting", "2019-05-01")]), // linked to another training: not C's
        ]
        let funnel = PlanFunnel(trainings: trainings, participants: ["A": 3, "B": 2, "C": 5, "D": 1], plans: plans,
                                asOf: Self.day("2019-12-31"), noPlanAfterDays: 90)
        var total = FunnelCounts()
        total.trainedMunicipalities = 4
        total.withPlan = 2
        total.communityAgreed = 1
        total.councilApproved = 1
        total.abandoned = 1
        #expect(funnel.total == total)
        #expect(funnel.oblasts.map(\.code) == [Self.osh])
        #expect(funnel.oblasts[0].districts.map(\.code) == [Self.alay, nil])
        #expect(funnel.withoutPlan.map(\.municipality) == ["C", "D"])
        #expect(funnel.withoutPlan[0].daysSinceTraining == Self.day("2019-04-17").days(to: Self.day("2019-12-31")))
        #expect(funnel.withoutPlan[0].participants == 5 && funnel.withoutPlan[0].role == .target)
    }

    @Test func withoutPlanListsAfterTheDelayWithEventsOldestFirst() {
        let trainings = [
            training("A", e2, "E2", "2019-06-01", "2019-06-03", .neighbour),
            training("A", e1, "E1", "2019-04-16", "2019-04-17", .target),
        ]
        let seen = PlanFunnel(trainings: trainings, participants: ["A": 4], plans: [], asOf: Self.day("2019-07-16"), noPlanAfterDays: 90)
        #expect(seen.withoutPlan.count == 1)
        let a = seen.withoutPlan[0]
        #expect(a.events == ["E1", "E2"] && a.firstTrainedOn == Self.day("2019-04-17") && a.lastTrainedOn == Self.day("2019-06-03"))
        #expect(a.role == .target && a.daysSinceTraining == 90)
        let early = PlanFunnel(trainings: trainings, participants: [:], plans: [], asOf: Self.day("2019-07-15"), noPlanAfterDays: 90)
        #expect(early.withoutPlan.isEmpty && early.total.trainedMunicipalities == 1)
    }
}
