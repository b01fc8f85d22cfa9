import Foundation
import Postgres
import TestSupport
import Testing
import Varlink

/// io.trainingd.Reports.Participation over a seeded dataset (300 events in Osh, Naryn and Chüy,
/// 4,000 people), compared with an independent recount over the generator's in-memory model.
@Suite("Reports: Participation")
struct ParticipationReportTests {
    typealias Keyed = [[String?]: SeededMeasures]

    /// Calls Participation and returns (groups keyed by their values, in reply order; total).
    static func report(_ env: SeededDatasetDaemon, _ parameters: JSONObject) async throws
        -> (keys: [[String?]], groups: Keyed, total: SeededMeasures, reply: JSONValue) {
        let reply = try await env.call("io.trainingd.Reports.Participation", parameters)
        var keys: [[String?]] = []
        var groups: Keyed = [:]
        for group in reply["groups"]?.arrayValue ?? [] {
            let key = (group["key"]?.arrayValue ?? []).map { $0["value"]?.stringValue }
            keys.append(key)
            groups[key] = SeededDatasetDaemon.measures(group["measures"])
        }
        return (keys, groups, SeededDatasetDaemon.measures(reply["total"]), reply)
    }

    /// The report equals the recount, and its groups add up as the IDL promises.
    static func check(_ env: SeededDatasetDaemon, _ parameters: JSONObject, _ query: SeededParticipationQuery,
                      groupBy: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        var parameters = parameters
        parameters["group_by"] = .array(groupBy.map(JSONValue.string))
        let got = try await report(env, parameters)
        let want = env.dataset.recount(query, groupBy: groupBy)
        #expect(got.total == want.total, "total \(groupBy)", sourceLocation: sourceLocation)
        #expect(got.groups.count == want.groups.count, "group count \(groupBy)", sourceLocation: sourceLocation)
        for (key, measures) in want.groups where got.groups[key] != measures {
            Issue.record("\(groupBy) \(key): got \(got.groups[key].map(\.description) ?? "nothing"), want \(measures)",
                         sourceLocation: sourceLocation)
        }
        #expect(got.total.participations > 0, "\(groupBy): the case counts something", sourceLocation: sourceLocation)
        // participations and *_participations add up over groups; persons split by sex add up.
        if !groupBy.isEmpty {
            let groups = Array(got.groups.values)
            #expect(groups.map(\.participations).reduce(0, +) == got.total.participations, sourceLocation: sourceLocation)
            #expect(groups.map(\.womenParticipations).reduce(0, +) == got.total.womenParticipations, sourceLocation: sourceLocation)
            #expect(groups.map(\.menParticipations).reduce(0, +) == got.total.menParticipations, sourceLocation: sourceLocation)
            #expect(groups.map(\.notRecordedParticipations).reduce(0, +) == got.total.notRecordedParticipations,
                    sourceLocation: sourceLocation)
        }
        let t = got.total
        #expect(t.women + t.men + t.notRecorded == t.uniquePersons, sourceLocation: sourceLocation)
        #expect(t.womenParticipations + t.menParticipations + t.notRecordedParticipations == t.participations,
                sourceLocation: sourceLocation)
        #expect(got.keys == got.keys.sorted { Self.precedes($0, $1, groupBy) }, "order of \(groupBy)", sourceLocation: sourceLocation)
    }

    /// The IDL's order, written independently: enums in declaration order, age bands by lower
    /// bound, codes and times ascending, unknown last.
    static func precedes(_ a: [String?], _ b: [String?], _ dimensions: [String]) -> Bool {
        let declared: [String: [String]] = [
            "category": SeededDataset.categories, "invite_role": ["target", "neighbour", "venue", "other"],
            "sex": ["female", "male", "not_recorded"],
        ]
        func rank(_ value: String?, _ dimension: String) -> (Int, String) {
            guard let value, value != "unknown" else { return (Int.max, "") }
            if let order = declared[dimension] { return (order.firstIndex(of: value)!, "") }
            if dimension == "age_band" { return (Int(value.prefix { $0.isNumber })!, "") }
            return (0, value)
        }
        for (index, dimension) in dimensions.enumerated() {
            let (x, y) = (rank(a[index], dimension), rank(b[index], dimension))
            if x != y { return x < y }
        }
        return false
    }

    @Test func everyGroupingMatchesTheRecount() async throws {
        let env = try await SeededDatasetDaemon.start(prefix: "rpart")
        let groupings = [[], ["oblast", "sex"], ["district"], ["category", "invite_role"], ["month"], ["quarter", "year"],
                         ["age_band"], ["event"], ["municipality", "age_band", "sex"]]
        for groupBy in groupings {
            let clock = ContinuousClock.now
            try await Self.check(env, [:], SeededParticipationQuery(), groupBy: groupBy)
            print("Participation \(groupBy) on \(env.dataset.marks.count) marks: call and recount took \(ContinuousClock.now - clock)")
        }
        let clock = ContinuousClock.now
        _ = try await env.call("io.trainingd.Reports.Participation", ["group_by": ["oblast", "sex"]])
        print("Participation [oblast, sex] on \(env.dataset.marks.count) marks: the call took \(ContinuousClock.now - clock)")
        // A person trained at several events is one unique person: over events the groups sum
        // to more persons than the total.
        let byEvent = try await Self.report(env, ["group_by": ["event"]])
        #expect(byEvent.groups.values.map(\.uniquePersons).reduce(0, +) > byEvent.total.uniquePersons)
        let repeated = Dictionary(grouping: env.dataset.participations(SeededParticipationQuery()), by: \.person).first { $0.value.count >= 2 }
        let twice = try #require(repeated)
        // Named by uuid and by code; echoed as uuids.
        let named = twice.value.enumerated().map { index, p in
            index == 0 ? env.dataset.events[p.event].id.uuidString.lowercased() : env.dataset.events[p.event].code
        }
        let pair = try await Self.report(env, ["events": .array(named.map(JSONValue.string))])
        let uuids = Set(twice.value.map { env.dataset.events[$0.event].id.uuidString.lowercased() })
        #expect(Set(pair.reply["parameters"]?["events"]?.arrayValue?.compactMap(\.stringValue) ?? []) == uuids)
        var pairQuery = SeededParticipationQuery()
        pairQuery.events = twice.value.map(\.event)
        #expect(pair.total == env.dataset.recount(pairQuery, groupBy: []).total)
        #expect(pair.total.uniquePersons < pair.total.participations)
        // Effective parameters echoed.
        let echoed = try #require(byEvent.reply["parameters"])
        #expect(echoed["tenant"]?.stringValue == "dpi" && echoed["min_days_present"]?.intValue == 1)
        #expect(echoed["event_statuses"]?.arrayValue?.map(\.stringValue) == ["draft", "scheduled", "in_progress", "held", "closed", "postponed"])
        #expect(echoed["age_bands"]?.arrayValue?.map(\.intValue) == [0, 18, 30, 45, 60] && echoed["geography"]?.stringValue == "participant")
        #expect(byEvent.reply["data_cursor"]?.stringValue?.isEmpty == false && byEvent.reply["computed_at"]?.stringValue != nil)
        let first = try #require(byEvent.reply["groups"]?[0]?["key"]?[0])
        #expect(first["label"]?.stringValue?.hasPrefix("Seeded training") == true)
        let byOblast = try await Self.report(env, ["group_by": ["oblast"]])
        #expect(byOblast.reply["groups"]?[0]?["key"]?[0]?["names"]?["ru"]?.stringValue?.isEmpty == false)
        _ = await env.daemon.terminate()
    }

    @Test func filtersMinimumDaysAndVenueMatchTheRecount() async throws {
        let env = try await SeededDatasetDaemon.start(prefix: "rpartf")
        let osh = "41706000000000"
        var filtered = SeededParticipationQuery()
        filtered.from = SeededDatasetDay.parse("2019-01-01")
        filtered.to = SeededDatasetDay.parse("2020-06-30")
        filtered.oblasts = [osh]
        filtered.categories = ["council_deputy", "aiyl_okmotu_head", "jmeg_member"]
        filtered.roles = ["target", "venue"]
        try await Self.check(env, ["from": "2019-01-01", "to": "2020-06-30", "oblasts": [.string(osh)],
                                   "categories": ["council_deputy", "aiyl_okmotu_head", "jmeg_member"], "invite_roles": ["target", "venue"]],
                             filtered, groupBy: ["district", "sex"])
        for days in [2, 9] {
            var query = SeededParticipationQuery()
            query.minDays = days
            try await Self.check(env, ["min_days_present": .int(Int64(days))], query, groupBy: ["sex"])
        }
        let bands: [Int] = [0, 25, 50]
        var banded = JSONObject()
        banded["age_bands"] = .array(bands.map { .int(Int64($0)) })
        banded["group_by"] = ["age_band", "sex"]
        let got = try await Self.report(env, banded)
        let want = env.dataset.recount(SeededParticipationQuery(), groupBy: ["age_band", "sex"], ageBands: bands)
        #expect(got.groups == want.groups && Set(got.keys.map { $0[0] }) == ["0-24", "25-49", "50+", "unknown"])
        var all = SeededParticipationQuery()
        all.statuses = SeededDataset.eventStatuses
        try await Self.check(env, ["event_statuses": .array(SeededDataset.eventStatuses.map(JSONValue.string))], all, groupBy: ["year"])
        // "Every day" (9) counts fewer than 2 days, which counts fewer than 1.
        let one = try await Self.report(env, [:]).total.participations
        let two = try await Self.report(env, ["min_days_present": 2]).total.participations
        let every = try await Self.report(env, ["min_days_present": 9]).total.participations
        #expect(one > two && two > every)
        var venue = SeededParticipationQuery()
        venue.venue = true
        try await Self.check(env, ["geography": "venue"], venue, groupBy: ["oblast", "municipality"])
        venue.districts = [try #require(env.dataset.places[env.dataset.events[0].venue]?.district)]
        try await Self.check(env, ["geography": "venue", "districts": .array(venue.districts!.map(JSONValue.string))], venue,
                             groupBy: ["invite_role"])
        _ = await env.daemon.terminate()
    }

    @Test func badInputNamesTheFieldAndAnotherTenantSeesNothing() async throws {
        let env = try await SeededDatasetDaemon.start(prefix: "rparte", parameters: .init(events: 40, people: 400))
        let method = "io.trainingd.Reports.Participation"
        let invalid: [(JSONObject, String)] = [
            (["group_by": ["sex", "oblast", "sex"]], "group_by[2]"),
            (["group_by": ["sex", "oblast", "month", "year", "event", "category"]], "group_by"),
            (["age_bands": [18, 30]], "age_bands"),
            (["age_bands": [0, 30, 18]], "age_bands[2]"),
            (["from": "2020-01-01", "to": "2019-12-31"], "to"),
            (["from": "2019-02-30"], "from"),
            (["min_days_present": 0], "min_days_present"),
            (["oblasts": ["41706000000000", "417"]], "oblasts[1]"),
            (["municipalities": ["x"]], "municipalities[0]"),
        ]
        for (parameters, field) in invalid {
            let error = await env.failure(method, parameters)
            #expect(error?.name == "io.trainingd.System.InvalidField" && error?.parameters["field"]?.stringValue == field,
                    "\(parameters): \(String(describing: error))")
        }
        let area = await env.failure(method, ["oblasts": ["41706000000000", "41799000000000"]])
        #expect(area?.name == "io.trainingd.Reports.AreaNotFound" && area?.parameters["field"]?.stringValue == "oblasts[1]"
                && area?.parameters["code"]?.stringValue == "41799000000000")
        let district = await env.failure(method, ["districts": ["41706999000000"]])
        #expect(district?.name == "io.trainingd.Reports.AreaNotFound" && district?.parameters["field"]?.stringValue == "districts[0]")
        let municipality = await env.failure(method, ["municipalities": ["41706999999999"]])
        #expect(municipality?.name == "io.trainingd.Reports.MunicipalityNotFound"
                && municipality?.parameters["municipality"]?.stringValue == "41706999999999")
        let event = await env.failure(method, ["events": ["SEED-1", "NO-SUCH-EVENT"]])
        #expect(event?.name == "io.trainingd.Reports.EventNotFound" && event?.parameters["event"]?.stringValue == "NO-SUCH-EVENT")
        // The events of dpi do not exist for rival, and rival's report is empty.
        let hidden = await env.failure(method, ["tenant": "rival", "events": ["SEED-1"]])
        #expect(hidden?.name == "io.trainingd.Reports.EventNotFound")
        let mine = try await Self.report(env, ["group_by": ["oblast"]])
        let theirs = try await Self.report(env, ["tenant": "rival", "group_by": ["oblast"]])
        #expect(mine.total.participations > 0 && theirs.total == SeededMeasures.zero && theirs.keys.isEmpty)
        _ = await env.daemon.terminate()
    }

    @Test func dataCursorIsTheChangeLogSeenByTheReport() async throws {
        let env = try await SeededDatasetDaemon.start(prefix: "rpartc", parameters: .init(events: 20, people: 200))
        let tag = String(env.dpi.uuidString.lowercased().prefix(8))
        let before = try await env.call("io.trainingd.Reports.Participation")
        #expect(before["data_cursor"]?.stringValue == "\(tag).0")
        _ = try await env.call("io.trainingd.Events.CreateEvent", [
            "code": "CURSOR-1", "title": "A change after the load", "venue": "41706207814000",
            "first_day": "2019-04-16", "last_day": "2019-04-16", "capacity": 30,
        ])
        let sequence = try await BlockingThread.run { [conninfo = env.conninfo] in
            try TestPostgres.connect(conninfo).query("SELECT max(seq) AS s FROM change_log")[0].decode("s", as: Int64.self)
        }
        let after = try await env.call("io.trainingd.Reports.Participation")
        #expect(sequence > 0 && after["data_cursor"]?.stringValue == "\(tag).\(sequence)")
        #expect(after["total"] == before["total"], "an event without participants changes no number")
        _ = await env.daemon.terminate()
    }
}
