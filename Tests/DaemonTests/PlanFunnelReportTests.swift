import Foundation
import TestSupport
import Testing
import Varlink

/// io.trainingd.Reports.PlanFunnel over a seeded dataset with plans at every stage (some
/// abandoned after council approval), compared with an independent recount over the
/// generator's model, seen from two dates.
@Suite("Reports: PlanFunnel")
struct PlanFunnelReportTests {
    static func counts(_ json: JSONValue?) -> SeededFunnelCounts {
        let keys = ["trained_municipalities", "with_plan", "community_agreed", "council_approved", "implementing_or_completed", "abandoned"]
        var values: [String: Int64] = [:]
        for key in keys { values[key] = json?[key]?.intValue }
        return SeededFunnelCounts(wire: values)
    }

    static func unplanned(_ json: JSONValue) -> SeededUnplanned {
        SeededUnplanned(
            municipality: json["municipality"]?["code"]?.stringValue ?? "", role: json["role"]?.stringValue ?? "",
            events: (json["events"]?.arrayValue ?? []).compactMap(\.stringValue),
            firstTrainedOn: json["first_trained_on"]?.stringValue ?? "", lastTrainedOn: json["last_trained_on"]?.stringValue ?? "",
            daysSinceTraining: Int(json["days_since_training"]?.intValue ?? -1), participants: Int(json["participants"]?.intValue ?? -1))
    }

    /// The reply equals the recount: total, every oblast and district (in code order, the
    /// row without district last) and the without_plan list in its order.
    static func check(_ env: SeededDatasetDaemon, _ parameters: JSONObject, _ query: SeededFunnelQuery,
                      sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let reply = try await env.call("io.trainingd.Reports.PlanFunnel", parameters)
        let want = env.dataset.funnel(query)
        #expect(counts(reply["total"]) == want.total, "total", sourceLocation: sourceLocation)
        #expect(want.total.trained > 0 && want.total.withPlan > 0, "the case counts something", sourceLocation: sourceLocation)
        let oblasts = reply["oblasts"]?.arrayValue ?? []
        #expect(oblasts.compactMap { $0["oblast"]?["code"]?.stringValue } == want.oblasts.keys.sorted(), sourceLocation: sourceLocation)
        for oblast in oblasts {
            let code = oblast["oblast"]?["code"]?.stringValue ?? ""
            #expect(oblast["oblast"]?["name"]?["ru"]?.stringValue?.isEmpty == false, sourceLocation: sourceLocation)
            #expect(counts(oblast["counts"]) == want.oblasts[code], "oblast \(code)", sourceLocation: sourceLocation)
            let districts = oblast["districts"]?.arrayValue ?? []
            let codes = districts.map { $0["district"]?["code"]?.stringValue }
            let expected = want.districts[code, default: [:]].keys.sorted { a, b in a.map { x in b.map { x < $0 } ?? true } ?? false }
            #expect(codes == expected, "districts of \(code)", sourceLocation: sourceLocation)
            for district in districts {
                let key = district["district"]?["code"]?.stringValue
                #expect(counts(district["counts"]) == want.districts[code]?[key], "district \(String(describing: key))",
                        sourceLocation: sourceLocation)
            }
        }
        let unplanned = (reply["without_plan"]?.arrayValue ?? []).map(unplanned)
        #expect(unplanned == want.withoutPlan, "without_plan", sourceLocation: sourceLocation)
        #expect(!unplanned.isEmpty, "some municipality has no plan", sourceLocation: sourceLocation)
        #expect(reply["parameters"]?["as_of"]?.stringValue == SeededDatasetDay.iso(query.asOf), sourceLocation: sourceLocation)
    }

    @Test func funnelMatchesTheRecountAtTwoDates() async throws {
        let env = try await SeededDatasetDaemon.start(prefix: "rfunnel")
        for asOf in ["2019-12-31", "2022-06-30"] {
            try await Self.check(env, ["as_of": .string(asOf)], SeededFunnelQuery(asOf: SeededDatasetDay.parse(asOf)))
        }
        // A period, an oblast, target roles only, two days present, listed after 30 days.
        var query = SeededFunnelQuery(asOf: SeededDatasetDay.parse("2020-12-31"))
        query.participation.from = SeededDatasetDay.parse("2018-06-01")
        query.participation.to = SeededDatasetDay.parse("2020-06-30")
        query.participation.oblasts = ["41706000000000"]
        query.participation.roles = ["target"]
        query.participation.minDays = 2
        query.noPlanAfterDays = 30
        try await Self.check(env, ["as_of": "2020-12-31", "from": "2018-06-01", "to": "2020-06-30", "oblasts": ["41706000000000"],
                                   "invite_roles": ["target"], "min_days_present": 2, "no_plan_after_days": 30], query)
        // Later dates see at least as far down the funnel.
        let early = env.dataset.funnel(SeededFunnelQuery(asOf: SeededDatasetDay.parse("2019-12-31"))).total
        let late = env.dataset.funnel(SeededFunnelQuery(asOf: SeededDatasetDay.parse("2022-06-30"))).total
        #expect(late.councilApproved > early.councilApproved && late.abandoned > 0)
        _ = await env.daemon.terminate()
    }

    @Test func badInputAndAnotherTenant() async throws {
        let env = try await SeededDatasetDaemon.start(prefix: "rfunnele", parameters: .init(events: 40, people: 400))
        let method = "io.trainingd.Reports.PlanFunnel"
        for (parameters, field) in [(["no_plan_after_days": -1], "no_plan_after_days"), (["as_of": "31.12.2019"], "as_of"),
                                    (["from": "2020-01-02", "to": "2020-01-01"], "to"), (["min_days_present": 0], "min_days_present"),
                                    (["districts": ["4170620"]], "districts[0]")] as [(JSONObject, String)] {
            let error = await env.failure(method, parameters)
            #expect(error?.name == "io.trainingd.System.InvalidField" && error?.parameters["field"]?.stringValue == field,
                    "\(parameters): \(String(describing: error))")
        }
        let area = await env.failure(method, ["oblasts": ["41799000000000"]])
        #expect(area?.name == "io.trainingd.Reports.AreaNotFound" && area?.parameters["field"]?.stringValue == "oblasts[0]")
        let event = await env.failure(method, ["events": ["NOPE"]])
        #expect(event?.name == "io.trainingd.Reports.EventNotFound" && event?.parameters["event"]?.stringValue == "NOPE")
        let mine = try await env.call(method, ["as_of": "2022-06-30"])
        let theirs = try await env.call(method, ["tenant": "rival", "as_of": "2022-06-30"])
        #expect(Self.counts(mine["total"]).trained > 0)
        #expect(Self.counts(theirs["total"]) == SeededFunnelCounts() && theirs["oblasts"]?.arrayValue?.isEmpty == true
                && theirs["without_plan"]?.arrayValue?.isEmpty == true)
        _ = await env.daemon.terminate()
    }
}
