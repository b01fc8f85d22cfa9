import Foundation
import TestSupport
import Testing
import Varlink

/// ComputeIndicators on the Reports' seeded dataset (hundreds of events, thousands of people,
/// plans with dated histories), checked against a recount of the dataset's own structures.
@Suite("Indicators on the seeded dataset", .serialized)
struct IndicatorSeededTests {
    static let authorities = Array(SeededDataset.categories.prefix(6))
    static let citizens = Array(SeededDataset.categories.suffix(3))

    /// Distinct units per group of `dimension` ("-" for unknown) and in all.
    static func count<T>(_ items: [T], unit: (T) -> String, key: (T) -> String?) -> (Int, [String: Int]) {
        var groups: [String: Set<String>] = [:]
        for item in items { groups[key(item) ?? "-", default: []].insert(unit(item)) }
        return (Set(items.map(unit)).count, groups.mapValues(\.count))
    }

    static func groups(_ result: JSONValue?, _ index: Int) -> [String: Int] {
        var got: [String: Int] = [:]
        for group in result?["breakdowns"]?[index]?["groups"]?.arrayValue ?? [] {
            got[group["key"]?["value"]?.stringValue ?? "-"] = Int(group["value"]?.intValue ?? -1)
        }
        return got
    }

    @Test func indicatorsMatchTheRecount() async throws {
        let env = try await SeededDatasetDaemon.start(prefix: "rind", parameters: .init(events: 160, people: 2_000))
        let d = env.dataset
        let definitions: [JSONObject] = [
            ["code": "LSG-TRAINED", "title": "Local authorities trained", "unit": "persons", "counting_rule": "unique_per_period",
             "filters": ["categories": .array(Self.authorities.map(JSONValue.string))], "disaggregations": ["sex", "oblast"]],
            ["code": "CITIZENS-TRAINED", "title": "Citizens trained", "unit": "persons", "counting_rule": "unique_per_period",
             "filters": ["categories": .array(Self.citizens.map(JSONValue.string))], "disaggregations": ["sex"]],
            ["code": "JAP-APPROVED", "title": "Plans approved", "unit": "plans", "counting_rule": "cumulative", "since": "2018-07-01",
             "filters": ["plan_statuses": ["council_approved"]], "disaggregations": ["oblast"]],
            ["code": "MUNI-TRAINED", "title": "Municipalities trained", "unit": "municipalities", "counting_rule": "unique_per_period",
             "disaggregations": ["oblast"]],
            ["code": "PART-2DAYS", "title": "Participations of two days", "unit": "participations", "counting_rule": "unique_per_period",
             "filters": ["min_days_present": 2], "disaggregations": ["age_band", "quarter"]],
            ["code": "MUNI-APPROVED", "title": "Trained municipalities with an approved plan", "unit": "municipalities",
             "counting_rule": "cumulative", "filters": ["plan_statuses": ["council_approved"]], "disaggregations": ["district"]],
        ]
        for definition in definitions { _ = try await env.call("io.trainingd.Reports.DefineIndicator", definition) }
        let (from, to) = ("2019-01-01", "2020-06-30")
        let reply = try await env.call("io.trainingd.Reports.ComputeIndicators", [
            "codes": .array(definitions.map { $0["code"]! }), "from": .string(from), "to": .string(to),
        ])
        let results = reply["results"]?.arrayValue ?? []
        #expect(results.count == definitions.count)

        var window = SeededParticipationQuery()
        window.from = SeededDatasetDay.parse(from)
        window.to = SeededDatasetDay.parse(to)
        func people(_ categories: [String]) -> (Int, [String: Int], [String: Int]) {
            var q = window
            q.categories = categories
            let items = d.participations(q)
            let bySex = Self.count(items, unit: { "\($0.person)" }, key: { d.people[$0.person].sex })
            let byOblast = Self.count(items, unit: { "\($0.person)" }, key: { d.keyValue($0, "oblast", ageBands: [0]) })
            return (bySex.0, bySex.1, byOblast.1)
        }
        let lsg = people(Self.authorities)
        #expect(results[0]["value"] == .int(Int64(lsg.0)))
        #expect(Self.groups(results[0], 0) == lsg.1)
        #expect(Self.groups(results[0], 1) == lsg.2)
        let citizens = people(Self.citizens)
        #expect(results[1]["value"] == .int(Int64(citizens.0)))
        #expect(Self.groups(results[1], 0) == citizens.1)
        #expect(lsg.0 > 50 && citizens.0 > 50, "the dataset trains both")

        // Plans: the first council approval between since and to.
        let (since, end) = (SeededDatasetDay.parse("2018-07-01"), SeededDatasetDay.parse(to))
        let approved = d.plans.filter { plan in plan.steps.contains { $0.status == "council_approved" && $0.day >= since && $0.day <= end } }
        let plans = Self.count(approved, unit: { $0.id.uuidString }, key: { d.places[$0.municipality]?.oblast })
        #expect(results[2]["value"] == .int(Int64(plans.0)))
        #expect(Self.groups(results[2], 0) == plans.1)
        #expect(plans.0 > 10)

        let trained = d.participations(window).filter { $0.participantMunicipality != nil }
        let municipalities = Self.count(trained, unit: { $0.participantMunicipality! }, key: { d.places[$0.participantMunicipality!]?.oblast })
        #expect(results[3]["value"] == .int(Int64(municipalities.0)))
        #expect(Self.groups(results[3], 0) == municipalities.1)

        var twoDays = window
        twoDays.minDays = 2
        let long = d.participations(twoDays)
        let byAge = Self.count(long, unit: { "\($0.person)/\($0.event)" }, key: { d.keyValue($0, "age_band", ageBands: [0, 18, 30, 45, 60]) })
        let byQuarter = Self.count(long, unit: { "\($0.person)/\($0.event)" }, key: { d.keyValue($0, "quarter", ageBands: [0]) })
        #expect(results[4]["value"] == .int(Int64(long.count)))
        #expect(Self.groups(results[4], 0) == byAge.1)
        #expect(Self.groups(results[4], 1) == byQuarter.1)
        #expect(long.count < d.participations(window).count, "min_days_present 2 leaves some out")

        // Cumulative without since: every training up to `to`; a municipality counts when a
        // plan from one of those trainings had been approved by `to`.
        var upToEnd = SeededParticipationQuery()
        upToEnd.to = end
        let everTrained = d.participations(upToEnd).filter { $0.participantMunicipality != nil }
        let pairs = Set(everTrained.map { "\($0.participantMunicipality!)/\($0.event)" })
        let planning = Set(d.plans.filter { plan in
            pairs.contains("\(plan.municipality)/\(plan.event)") && plan.steps.contains { $0.status == "council_approved" && $0.day <= end }
        }.map(\.municipality))
        let approvedPlaces = Self.count(everTrained.filter { planning.contains($0.participantMunicipality!) }, unit: { $0.participantMunicipality! },
                                        key: { d.places[$0.participantMunicipality!]?.district })
        #expect(results[5]["value"] == .int(Int64(approvedPlaces.0)))
        #expect(Self.groups(results[5], 0) == approvedPlaces.1)
        #expect(approvedPlaces.0 > 10 && approvedPlaces.0 < Set(everTrained.map(\.participantMunicipality)).count)
    }
}
