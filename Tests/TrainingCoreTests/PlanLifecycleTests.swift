import TrainingCore
import Testing

/// The plan lifecycle of the Plans IDL, checked for every (from, to) pair.
@Suite("Plan lifecycle")
struct PlanLifecycleTests {
    /// The IDL's diagram, written out independently of `PlanLifecycle`.
    static let allowed: Set<String> = [
        "drafting>community_agreed", "community_agreed>council_approved", "council_approved>implementing",
        "implementing>completed", "drafting>abandoned", "community_agreed>abandoned", "council_approved>abandoned",
        "implementing>abandoned",
    ]

    @Test(arguments: PlanStatus.allCases)
    func everyStepFrom(_ from: PlanStatus) throws {
        for to in PlanStatus.allCases {
            if from == to {
                #expect(try PlanLifecycle.step(from: from, to: to) == .unchanged)
            } else if Self.allowed.contains("\(from.rawValue)>\(to.rawValue)") {
                #expect(try PlanLifecycle.step(from: from, to: to) == .move, "\(from) -> \(to) must be allowed")
            } else {
                let error = #expect(throws: PlanTransitionError.self, "\(from) -> \(to) must be refused") {
                    try PlanLifecycle.step(from: from, to: to)
                }
                #expect(error == PlanTransitionError(from: from, to: to))
            }
        }
    }

    @Test func allowedPairsAreExactlyTheDiagram() {
        var pairs: Set<String> = []
        for from in PlanStatus.allCases {
            for to in PlanLifecycle.successors(of: from) { pairs.insert("\(from.rawValue)>\(to.rawValue)") }
        }
        #expect(pairs == Self.allowed)
        #expect(pairs.count == 8)
    }

    @Test func finalStatusesGoNowhereAndAreFinal() {
        #expect(PlanStatus.allCases.filter(\.isFinal) == [.completed, .abandoned])
        for status in PlanStatus.allCases where status.isFinal { #expect(PlanLifecycle.successors(of: status).isEmpty) }
    }

    @Test func noSkippingNoGoingBack() {
        let order: [PlanStatus] = [.drafting, .communityAgreed, .councilApproved, .implementing, .completed]
        for (i, from) in order.enumerated() {
            for (j, to) in order.enumerated() where j != i + 1 && j != i {
                #expect(throws: PlanTransitionError.self, "\(from) -> \(to)") { try PlanLifecycle.step(from: from, to: to) }
            }
        }
    }
}
