import ChildProcess
import Foundation
import Postgres
import TestSupport
import Testing
import Varlink

/// io.trainingd.Reports DefineIndicator, ListIndicators and ComputeIndicators through a real
/// daemon over its socket, on `IndicatorScenario`.
@Suite("Indicators", .serialized)
struct IndicatorTests {
    static let define = "io.trainingd.Reports.DefineIndicator"
    static let list = "io.trainingd.Reports.ListIndicators"
    static let compute = "io.trainingd.Reports.ComputeIndicators"

    static let authorities = ["aiyl_okmotu_head", "aiyl_okmotu_deputy_head", "responsible_secretary", "aiyl_okmotu_specialist",
                              "council_chair", "council_deputy"]
    static let specs = [
        IndicatorSpec(code: "LSG-TRAINED", title: "Local authorities trained", unit: "persons", categories: authorities,
                      dimensions: ["sex", "oblast"]),
        IndicatorSpec(code: "CITIZENS-TRAINED", title: "Citizens trained", unit: "persons",
                      categories: ["initiative_group_member", "jmeg_member", "other"], dimensions: ["sex"]),
        IndicatorSpec(code: "JAP-APPROVED", title: "Joint action plans approved by the council", unit: "plans", rule: "cumulative",
                      since: "2019-01-01", planStatuses: ["council_approved"], dimensions: ["oblast"]),
        IndicatorSpec(code: "MUNI-TRAINED", title: "Municipalities trained", unit: "municipalities", dimensions: ["oblast", "event"]),
        IndicatorSpec(code: "MUNI-PLANNING", title: "Trained municipalities with an approved plan", unit: "municipalities",
                      rule: "cumulative", planStatuses: ["council_approved"], dimensions: ["district"]),
        IndicatorSpec(code: "PART-2DAYS", title: "Participations of two days or more", unit: "participations", minDays: 2,
                      dimensions: ["age_band", "quarter", "category"]),
    ]
    static let periods: [(from: String?, to: String)] = [("2019-01-01", "2019-12-31"), ("2020-01-01", "2020-12-31"), (nil, "2020-12-31")]

    static func start(_ prefix: String) async throws -> AttendanceFixture {
        let f = try await AttendanceFixture.start(prefix: prefix, arguments: ["--socket-mode", "0666"])
        try IndicatorScenario.seed(f.owner, tenant: f.dpi)
        return f
    }

    @Test func indicatorsSideBySideCountWhatTheScenarioSays() async throws {
        let f = try await Self.start("indicators")
        for spec in Self.specs {
            let reply = try await f.call(Self.define, spec.parameters)
            #expect(reply["created"] == .bool(true))
            #expect(reply["indicator"]?["version"] == .int(1))
            #expect(reply["indicator"]?["code"] == .string(spec.code))
        }
        let codes = JSONValue.array(Self.specs.map { .string($0.code) })
        for period in Self.periods {
            var parameters: JSONObject = ["codes": codes, "to": .string(period.to)]
            if let from = period.from { parameters["from"] = .string(from) }
            let reply = try await f.call(Self.compute, .object(parameters))
            #expect(reply["parameters"]?["codes"] == codes)
            #expect(reply["parameters"]?["to"] == .string(period.to))
            #expect(reply["parameters"]?["age_bands"] == [0, 18, 30, 45, 60])
            let results = reply["results"]?.arrayValue ?? []
            #expect(results.count == Self.specs.count)
            for (spec, result) in zip(Self.specs, results) {
                let expected = spec.expected(from: period.from, to: period.to)
                let label = "\(spec.code) \(period)"
                #expect(result["indicator"]?["code"] == .string(spec.code), "\(label)")
                #expect(result["value"] == .int(Int64(expected.value)), "\(label)")
                let window = spec.window(from: period.from, to: period.to)
                #expect(result["window_from"] == window.from.map(JSONValue.string), "\(label)")
                #expect(result["window_to"] == .string(window.to), "\(label)")
                let breakdowns = result["breakdowns"]?.arrayValue ?? []
                #expect(breakdowns.map { $0["dimension"] } == spec.dimensions.map { .string($0) }, "\(label)")
                for (dimension, breakdown) in zip(spec.dimensions, breakdowns) {
                    let groups = breakdown["groups"]?.arrayValue ?? []
                    var got: [String: Int] = [:]
                    for group in groups { got[group["key"]?["value"]?.stringValue ?? "-"] = Int(group["value"]?.intValue ?? -1) }
                    #expect(got == (expected.groups[dimension] ?? [:]), "\(label) by \(dimension)")
                    #expect(groups.allSatisfy { $0["key"]?["dimension"] == .string(dimension) })
                    Self.expectOrdered(groups.map { $0["key"]?["value"]?.stringValue }, dimension, label)
                }
            }
        }
        // The scenario is not trivial: someone counts in each indicator over the whole time.
        let whole = Self.specs.map { $0.expected(from: nil, to: "2020-12-31").value }
        #expect(whole.allSatisfy { $0 > 0 }, "\(whole)")
        // A person trained twice is one person but two participations.
        let people = IndicatorSpec(code: "P", title: "P", unit: "persons").expected(from: nil, to: "2020-12-31").value
        let participations = IndicatorSpec(code: "P", title: "P", unit: "participations").expected(from: nil, to: "2020-12-31").value
        #expect(people < participations)
    }

    @Test func groupKeysCarryNamesLabelsAndTheCursor() async throws {
        let f = try await Self.start("indicators-keys")
        _ = try await f.call(Self.define, Self.specs[3].parameters)
        let reply = try await f.call(Self.compute, ["to": "2020-12-31"])
        let result = reply["results"]?[0]
        let oblasts = result?["breakdowns"]?[0]?["groups"]?.arrayValue ?? []
        let naryn = oblasts.first { $0["key"]?["value"] == .string(IndicatorScenario.naryn) }
        #expect(naryn?["key"]?["names"]?["ru"] == "Нарынская область")
        let events = result?["breakdowns"]?[1]?["groups"]?.arrayValue ?? []
        #expect(events.first?["key"]?["label"] == .string("Биргелешкен пландоо " + (events.first?["key"]?["value"]?.stringValue ?? "?")))
        #expect(!events.contains { $0["key"]?["value"] == "IND-CHUY-X" }, "a cancelled event trains nobody")
        let sequence = try f.owner.query("SELECT coalesce(max(seq), 0) AS s FROM change_log WHERE tenant_id = \(f.dpi)")[0].decode("s", as: Int64.self)
        #expect(reply["data_cursor"] == .string("\(f.dpi.uuidString.lowercased().prefix(8)).\(sequence)"))
        #expect(reply["computed_at"]?.stringValue?.hasSuffix("Z") == true)
        #expect(reply["parameters"]?["tenant"] == "dpi")
        #expect(reply["parameters"]?["from"] == nil)
    }

    @Test func redefinitionVersionsAndArchiving() async throws {
        let f = try await Self.start("indicators-versions")
        let uid = Int64(getuid())
        func audits() throws -> [(Int64, String, String)] {
            try f.owner.query("""
                SELECT uid, method, object_id FROM audit_log WHERE tenant_id = \(f.dpi) AND object_type = 'indicator' ORDER BY id
                """).rows.map { (try $0.decode("uid"), try $0.decode("method"), try $0.decode("object_id")) }
        }
        var spec = Self.specs[0]
        let first = try await f.call(Self.define, spec.parameters)
        let again = try await f.call(Self.define, spec.parameters)
        #expect(again["created"] == .bool(false))
        #expect(again["indicator"]?["version"] == .int(1), "an identical definition changes nothing")
        #expect(try audits().count == 1)
        spec.title = "Local self-government staff and councillors trained"
        spec.dimensions = ["oblast"]
        let second = try await f.call(Self.define, spec.parameters)
        #expect(second["created"] == .bool(false))
        #expect(second["indicator"]?["version"] == .int(2))
        #expect(second["indicator"]?["title"] == .string(spec.title))
        #expect(second["indicator"]?["created_at"] == first["indicator"]?["created_at"])
        #expect(try audits().map(\.0) == [uid, uid])
        #expect(try audits().allSatisfy { $0.1 == Self.define && $0.2 == "LSG-TRAINED" })

        // Events named by code are stored (and served) as uuids.
        let eventID = try f.owner.query("SELECT id FROM event WHERE tenant_id = \(f.dpi) AND code = 'IND-OSH-1'")[0].decode("id", as: UUID.self)
        let byEvent = try await f.call(Self.define, ["code": "OSH-1-PEOPLE", "title": "Trained at IND-OSH-1", "unit": "persons",
                                                    "counting_rule": "unique_per_period", "filters": ["events": ["IND-OSH-1"]]])
        #expect(byEvent["indicator"]?["filters"]?["events"] == [.string(eventID.uuidString.lowercased())])
        let osh = Set(IndicatorScenario.participations.filter { $0.event == "IND-OSH-1" }.map(\.person)).count
        let computed = try await f.call(Self.compute, ["codes": ["OSH-1-PEOPLE"], "to": "2019-12-31"])
        #expect(computed["results"]?[0]?["value"] == .int(Int64(osh)))

        var archived = spec
        archived.code = "OLD-INDICATOR"
        _ = try await f.call(Self.define, archived.parameters)
        var archiving = archived.parameters.objectValue!
        archiving["archived"] = true
        let archivedReply = try await f.call(Self.define, .object(archiving))
        #expect(archivedReply["indicator"]?["archived"] == true)
        #expect(archivedReply["indicator"]?["version"] == .int(2))
        let listed = try await f.call(Self.list, .emptyObject)
        #expect(listed["indicators"]?.arrayValue?.map { $0["code"] } == ["LSG-TRAINED", "OSH-1-PEOPLE"])
        let all = try await f.call(Self.list, ["include_archived": true])
        #expect(all["indicators"]?.arrayValue?.map { $0["code"] } == ["LSG-TRAINED", "OLD-INDICATOR", "OSH-1-PEOPLE"])
        let defaults = try await f.call(Self.compute, ["to": "2020-12-31"])
        #expect(defaults["parameters"]?["codes"] == ["LSG-TRAINED", "OSH-1-PEOPLE"])
        let named = try await f.call(Self.compute, ["codes": ["OLD-INDICATOR", "LSG-TRAINED"], "to": "2020-12-31"])
        #expect(named["results"]?.arrayValue?.map { $0["indicator"]?["code"] } == ["OLD-INDICATOR", "LSG-TRAINED"])
        #expect(named["results"]?[0]?["value"] == named["results"]?[1]?["value"])
    }

    @Test func badDefinitionsAreRefusedPrecisely() async throws {
        let f = try await Self.start("indicators-errors")
        func failure(_ method: String, _ parameters: JSONObject) async -> (String, JSONValue)? {
            guard let error = await f.failure(method, .object(parameters)) else { return nil }
            return (error.name, .object(error.parameters))
        }
        func define(_ changes: JSONObject) async -> (String, JSONValue)? {
            var parameters = Self.specs[0].parameters.objectValue!
            for (key, value) in changes { parameters[key] = value }
            return await failure(Self.define, parameters)
        }
        let invalid = "io.trainingd.System.InvalidField"
        let cases: [(JSONObject, String)] = [
            (["code": "LSG TRAINED"], "code"),
            (["code": .string(String(repeating: "X", count: 65))], "code"),
            (["title": "  "], "title"),
            (["description": .string(String(repeating: "d", count: 2001))], "description"),
            (["since": "2019-02-30"], "since"),
            (["disaggregations": ["sex", "oblast", "sex"]], "disaggregations[2]"),
            (["disaggregations": ["sex", "oblast", "district", "month", "year", "event"]], "disaggregations"),
            (["filters": ["oblasts": ["41706000000000", "4170600"]]], "filters.oblasts[1]"),
            (["filters": ["categories": ["council_chair", "jmeg_member", "council_chair"]]], "filters.categories[2]"),
            (["filters": ["min_days_present": 0]], "filters.min_days_present"),
            (["filters": ["plan_statuses": ["council_approved"]]], "filters.plan_statuses"),
            (["filters": ["sexes": []]], "filters.sexes"),
        ]
        for (changes, field) in cases {
            let refused = await define(changes)
            #expect(refused?.0 == invalid, "\(changes)")
            #expect(refused?.1["field"] == .string(field), "\(changes): \(String(describing: refused))")
        }
        let notApplicable = await define(["unit": "municipalities"])
        #expect(notApplicable?.0 == "io.trainingd.Reports.DimensionNotApplicable")
        #expect(notApplicable?.1 == ["dimension": "sex", "unit": "municipalities"])
        let area = await define(["filters": ["oblasts": ["41706000000000", "41799000000000"]]])
        #expect(area?.0 == "io.trainingd.Reports.AreaNotFound")
        #expect(area?.1 == ["field": "filters.oblasts[1]", "code": "41799000000000"])
        let district = await define(["filters": ["districts": ["41706000000000"]]])
        #expect(district?.1 == ["field": "filters.districts[0]", "code": "41706000000000"], "an oblast is not a district")
        let municipality = await define(["filters": ["municipalities": ["41706207899000"]]])
        #expect(municipality?.0 == "io.trainingd.Reports.MunicipalityNotFound")
        let event = await define(["filters": ["events": ["IND-OSH-1", "NO-SUCH-EVENT"]]])
        #expect(event?.0 == "io.trainingd.Reports.EventNotFound")
        #expect(event?.1 == ["event": "NO-SUCH-EVENT"])
        #expect(try f.count("indicator", f.dpi) == 0, "nothing refused was stored")
        #expect(try f.owner.query("SELECT count(*) AS n FROM audit_log WHERE tenant_id = \(f.dpi)")[0].decode("n", as: Int.self) == 0)

        _ = try await f.call(Self.define, Self.specs[0].parameters)
        let missing = await failure(Self.compute, ["codes": ["LSG-TRAINED", "NOPE"]])
        #expect(missing?.0 == "io.trainingd.Reports.IndicatorNotFound")
        #expect(missing?.1 == ["code": "NOPE"])
        #expect(await failure(Self.compute, ["codes": ["LSG-TRAINED", "LSG-TRAINED"]])?.1["field"] == "codes[1]")
        #expect(await failure(Self.compute, ["from": "2020-01-02", "to": "2020-01-01"])?.1["field"] == "from")
        #expect(await failure(Self.compute, ["to": "2020-13-01"])?.1["field"] == "to")
        #expect(await failure(Self.compute, ["age_bands": [0, 30, 20]])?.1["field"] == "age_bands[2]")
        let bands = try await f.call(Self.compute, ["age_bands": [0, 40], "to": "2020-12-31"])
        #expect(bands["parameters"]?["age_bands"] == [0, 40])
    }

    @Test func viewersComputeCoordinatorsDefineTenantsStayApart() async throws {
        let f = try await Self.start("indicators-access")
        _ = try await f.call(Self.define, Self.specs[0].parameters)
        let viewer = AccessTests.outsider
        #expect(try await AccessTests.trainingctl(f.daemon, ["--tenant", "dpi", "grant", String(viewer), "viewer"]).status == 0)
        let refused = try await AccessTests.trainingctl(f.daemon, as: viewer, ["--tenant", "dpi", "call", Self.define,
                                                                                Self.json(Self.specs[1].parameters)])
        #expect(refused.status != 0)
        #expect(refused.output.contains("PermissionDenied") || refused.output.contains("permission denied"), "\(refused.output)")
        #expect(refused.output.contains("coordinator"), "\(refused.output)")
        #expect(try f.count("indicator", f.dpi) == 1)
        let listed = try await AccessTests.trainingctl(f.daemon, as: viewer, ["--tenant", "dpi", "call", Self.list])
        #expect(listed.status == 0 && listed.output.contains("LSG-TRAINED"), "\(listed.output)")
        let computed = try await AccessTests.trainingctl(f.daemon, as: viewer, ["--tenant", "dpi", "call", Self.compute, #"{"to": "2020-12-31"}"#])
        #expect(computed.status == 0, "\(computed.output)")
        let value = try JSONParser.parse(computed.output)["results"]?[0]?["value"]
        #expect(value == .int(Int64(Self.specs[0].expected(from: nil, to: "2020-12-31").value)))

        // The other tenant sees none of dpi's indicators or data.
        let theirs = try await f.call(Self.list, ["tenant": "rival", "include_archived": true])
        #expect(theirs["indicators"] == [])
        let unknown = await f.failure(Self.compute, ["tenant": "rival", "codes": ["LSG-TRAINED"]])
        #expect(unknown?.name == "io.trainingd.Reports.IndicatorNotFound")
        var rivalSpec = Self.specs[0].parameters.objectValue!
        rivalSpec["tenant"] = "rival"
        #expect(try await f.call(Self.define, .object(rivalSpec))["created"] == true)
        let rivalValue = try await f.call(Self.compute, ["tenant": "rival", "to": "2020-12-31"])
        #expect(rivalValue["results"]?[0]?["value"] == 0)
        let named = await f.failure(Self.define, ["tenant": "rival", "code": "X", "title": "X", "unit": "persons",
                                                  "counting_rule": "cumulative", "filters": ["events": ["IND-OSH-1"]]])
        #expect(named?.name == "io.trainingd.Reports.EventNotFound", "dpi's event does not exist for rival")
    }

    static func json(_ value: JSONValue) -> String { value.jsonString }

    /// Groups come ordered: codes and times ascending, enums in declaration order, age bands by
    /// lower bound, unknown last.
    static func expectOrdered(_ values: [String?], _ dimension: String, _ label: String) {
        let order: [String]? = switch dimension {
        case "sex": ["female", "male", "not_recorded"]
        case "category": ["aiyl_okmotu_head", "aiyl_okmotu_deputy_head", "responsible_secretary", "aiyl_okmotu_specialist",
                          "council_chair", "council_deputy", "initiative_group_member", "jmeg_member", "other"]
        case "age_band": ["0-17", "18-29", "30-44", "45-59", "60+", "unknown"]
        default: nil
        }
        let known = values.compactMap { $0 }
        if let last = values.firstIndex(of: nil) { #expect(last == values.count - 1, "\(label): unknown last") }
        let sorted = order.map { order in known.sorted { order.firstIndex(of: $0)! < order.firstIndex(of: $1)! } } ?? known.sorted()
        #expect(known == sorted, "\(label) \(dimension): \(values)")
    }
}
