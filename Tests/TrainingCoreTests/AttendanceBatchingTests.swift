import TrainingCore
import Testing

@Suite("Attendance batching")
struct AttendanceBatchingTests {
    let roomy = AttendanceBatching.Limits(calls: 10, marks: 100)

    @Test func disjointCallsGoTogetherInArrivalOrder() {
        #expect(AttendanceBatching.select([["a"], ["b", "c"], ["d"]], limits: roomy) == [0, 1, 2])
    }

    @Test func aCallSharingAMarkWithAnEarlierOneWaitsInItsPlace() {
        // Call 2 marks "b" as call 1 does; call 3 marks "a" as call 0 does; call 4 is free.
        let waiting = [["a"], ["b"], ["c", "b"], ["a"], ["e"]]
        #expect(AttendanceBatching.select(waiting, limits: roomy) == [0, 1, 4])
        // What waits goes next, call 2 before call 3.
        #expect(AttendanceBatching.select([["c", "b"], ["a"]], limits: roomy) == [0, 1])
    }

    @Test func aCallNeverOvertakesAnEarlierWaitingCallOnTheSameMark() {
        // Call 1 waits for call 0 (both mark "a"); call 2 marks "c" as call 1 does, so it waits
        // behind call 1 even though nothing taken marks "c".
        #expect(AttendanceBatching.select([["a"], ["a", "c"], ["c"], ["d"]], limits: roomy) == [0, 3])
        // So does a call behind one left out by a limit.
        let small = AttendanceBatching.Limits(calls: 10, marks: 2)
        #expect(AttendanceBatching.select([["a"], ["b", "c"], ["c"], ["e"]], limits: small) == [0, 3])
    }

    @Test func marksOfRunningTransactionsHoldBackTheCallsSharingThem() {
        #expect(AttendanceBatching.select([["a"], ["b"], ["b", "c"]], limits: roomy, busy: ["a"]) == [1])
        // Even the first call, and even beyond the limits, waits when it shares a busy mark.
        #expect(AttendanceBatching.select([["a", "b", "c"]], limits: AttendanceBatching.Limits(calls: 1, marks: 1), busy: ["c"]) == [])
        #expect(AttendanceBatching.select([["x", "y", "z"]], limits: AttendanceBatching.Limits(calls: 1, marks: 1), busy: ["c"]) == [0])
    }

    @Test func disjointCallsAreToldApart() {
        #expect(AttendanceBatching.disjoint([["a", "b"], ["c"], []]))
        #expect(!AttendanceBatching.disjoint([["a", "b"], ["c", "b"]]))
        #expect(!AttendanceBatching.disjoint([["a", "a"]]))
        #expect(AttendanceBatching.disjoint([[String]]()))
    }

    @Test func limitsOnCallsAndMarksHold() {
        let calls = AttendanceBatching.Limits(calls: 2, marks: 100)
        #expect(AttendanceBatching.select([["a"], ["b"], ["c"]], limits: calls) == [0, 1])
        let marks = AttendanceBatching.Limits(calls: 10, marks: 3)
        // Call 1 would pass three marks; call 2 still fits after it.
        #expect(AttendanceBatching.select([["a", "b"], ["c", "d"], ["e"]], limits: marks) == [0, 2])
    }

    @Test func theFirstCallGoesEvenWhenLargerThanTheLimit() {
        let marks = AttendanceBatching.Limits(calls: 10, marks: 2)
        #expect(AttendanceBatching.select([["a", "b", "c"], ["d"]], limits: marks) == [0])
        #expect(AttendanceBatching.select([[String]](), limits: marks) == [])
    }

    @Test func limitsBelowOneMeanOne() {
        #expect(AttendanceBatching.Limits(calls: 0, marks: -5) == AttendanceBatching.Limits(calls: 1, marks: 1))
    }
}
