import Foundation
import TestSupport
import Testing
import Varlink

/// Participation at the scale of issue 7 (5,000 events, 100,000 people, about 2,000,000
/// attendance marks): the numbers still equal the recount, and the time of each call is
/// reported. Runs only with TRAININGD_REPORT_SCALE=1 (it loads for a minute).
@Suite("Reports: Participation at scale")
struct ParticipationScaleTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["TRAININGD_REPORT_SCALE"] == "1"))
    func largeDatasetMatchesTheRecount() async throws {
        let started = ContinuousClock.now
        let env = try await SeededDatasetDaemon.start(
            prefix: "rscale", parameters: .init(events: 5_000, people: 100_000, participantsPerEvent: 100...170))
        print("scale: \(env.dataset.marks.count) marks, \(env.dataset.registrations.count) registrations loaded in \(ContinuousClock.now - started)")
        #expect(env.dataset.marks.count > 1_800_000)
        for groupBy in [[], ["oblast", "sex"], ["month"], ["event"], ["municipality", "age_band", "sex"]] {
            let clock = ContinuousClock.now
            let reply = try await env.call("io.trainingd.Reports.Participation", ["group_by": .array(groupBy.map(JSONValue.string))])
            print("scale: Participation \(groupBy) took \(ContinuousClock.now - clock)")
            let want = env.dataset.recount(SeededParticipationQuery(), groupBy: groupBy)
            #expect(SeededDatasetDaemon.measures(reply["total"]) == want.total)
            #expect(reply["groups"]?.arrayValue?.count == want.groups.count)
        }
        let clock = ContinuousClock.now
        _ = try await env.call("io.trainingd.Reports.PlanFunnel", ["as_of": "2022-06-30"])
        print("scale: PlanFunnel took \(ContinuousClock.now - clock)")
        _ = await env.daemon.terminate()
    }
}
