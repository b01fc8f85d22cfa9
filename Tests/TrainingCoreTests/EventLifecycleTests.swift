import TrainingCore
import Testing

/// The event lifecycle of the Events IDL, checked step by step for every pair of statuses.
@Suite("Event lifecycle")
struct EventLifecycleTests {
    /// The IDL's diagram, written out independently of `EventLifecycle`.
    static let allowed: Set<String> = [
        "draft>scheduled", "scheduled>in_progress", "in_progress>held", "held>closed",
        "draft>cancelled", "draft>postponed", "scheduled>cancelled", "scheduled>postponed",
        "postponed>scheduled", "postponed>cancelled",
    ]

    @Test(arguments: EventStatus.allCases)
    func everyStepFrom(_ from: EventStatus) throws {
        for to in EventStatus.allCases {
            if from == to {
                #expect(try EventLifecycle.step(from: from, to: to) == .unchanged)
            } else if Self.allowed.contains("\(from.rawValue)>\(to.rawValue)") {
                #expect(try EventLifecycle.step(from: from, to: to) == .move, "\(from) -> \(to) must be allowed")
            } else {
                let error = #expect(throws: EventError.self, "\(from) -> \(to) must be refused") {
                    try EventLifecycle.step(from: from, to: to)
                }
                #expect(error == .invalidTransition(from: from, to: to))
            }
        }
    }

    @Test func finalStatusesGoNowhere() {
        #expect(EventLifecycle.successors(of: .closed).isEmpty)
        #expect(EventLifecycle.successors(of: .cancelled).isEmpty)
        #expect(EventStatus.closed.isFinal && EventStatus.cancelled.isFinal)
        #expect(EventStatus.allCases.filter(\.isFinal).count == 2)
    }

    @Test func registrationsAndAttendanceFollowTheStatus() {
        #expect(EventStatus.allCases.filter(\.acceptsRegistrations) == [.draft, .scheduled, .inProgress, .held, .postponed])
        #expect(EventStatus.allCases.filter(\.acceptsAttendance) == [.scheduled, .inProgress, .held])
    }

    @Test func wireNames() {
        #expect(EventStatus.allCases.map(\.rawValue) == ["draft", "scheduled", "in_progress", "held", "closed", "cancelled", "postponed"])
        #expect(EventStatus(rawValue: "done") == nil)
        #expect(InviteRole.target < InviteRole.neighbour)
    }
}
