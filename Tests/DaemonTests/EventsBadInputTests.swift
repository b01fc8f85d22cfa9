import Foundation
import Postgres
import TestSupport
import Testing
import Varlink

/// Bad input for every Events and Geography method, sent raw over the socket: each answers
/// the precise error naming the parameter, and nothing is written.
@Suite("Events and Geography: bad input")
struct EventsBadInputTests {
    typealias D = EventsDaemon

    /// A valid CreateEvent with one field replaced (or removed with `.null`... kept as given).
    static func create(_ changes: JSONObject) -> JSONObject {
        var parameters: JSONObject = ["code": "BAD-1", "title": "T", "venue": .string(D.gulcho), "first_day": "2019-04-16", "last_day": "2019-04-16"]
        for (key, value) in changes { parameters[key] = value }
        return parameters
    }

    @Test func everyMethodNamesTheBadField() async throws {
        let env = try await EventsDaemon.start(prefix: "evbad")
        _ = try await env.createGulcho()
        let create = "io.trainingd.Events.CreateEvent"

        /// (method, parameters, error name, field or parameter it must name)
        let cases: [(String, JSONObject, String, String)] = [
            // CreateEvent: wrong types, unknown enums, values, objects.
            (create, Self.create(["title": 5]), "org.varlink.service.InvalidParameter", "title"),
            (create, Self.create(["capacity": "thirty"]), "org.varlink.service.InvalidParameter", "capacity"),
            (create, Self.create(["modules": ["ok", 3]]), "org.varlink.service.InvalidParameter", "modules[1]"),
            (create, Self.create(["invitations": [["municipality": .string(D.bulolu), "role": "guest"]]]), "org.varlink.service.InvalidParameter", "invitations[0].role"),
            (create, Self.create(["colour": "red"]), "org.varlink.service.InvalidParameter", "colour"),
            (create, Self.create(["last_day": "2019-04-15"]), "io.trainingd.System.InvalidField", "last_day"),
            (create, Self.create(["last_day": "2020-04-17"]), "io.trainingd.System.InvalidField", "last_day"),
            (create, Self.create(["first_day": "16.04.2019"]), "io.trainingd.System.InvalidField", "first_day"),
            (create, Self.create(["first_day": "2019-02-30", "last_day": "2019-03-01"]), "io.trainingd.System.InvalidField", "first_day"),
            (create, Self.create(["title": .string(String(repeating: "Т", count: 10_000))]), "io.trainingd.System.InvalidField", "title"),
            (create, Self.create(["code": "has space"]), "io.trainingd.System.InvalidField", "code"),
            (create, Self.create(["code": "123e4567-e89b-12d3-a456-426614174000"]), "io.trainingd.System.InvalidField", "code"),
            (create, Self.create(["code": .string(String(repeating: "К", count: 65))]), "io.trainingd.System.InvalidField", "code"),
            (create, Self.create(["venue": "4170620781400"]), "io.trainingd.System.InvalidField", "venue"),
            (create, Self.create(["capacity": 0]), "io.trainingd.System.InvalidField", "capacity"),
            (create, Self.create(["modules": ["SEDP", "  "]]), "io.trainingd.System.InvalidField", "modules[1]"),
            (create, Self.create(["settlement": "Гүлчө\u{0}"]), "io.trainingd.System.InvalidField", "settlement"),
            (create, Self.create(["notes": .string(String(repeating: "n", count: 10_001))]), "io.trainingd.System.InvalidField", "notes"),
            (create, Self.create(["invitations": [["municipality": .string(D.bulolu), "role": "target"], ["municipality": "x", "role": "target"]]]),
             "io.trainingd.System.InvalidField", "invitations[1].municipality"),
            (create, Self.create(["invitations": [["municipality": .string(D.bulolu), "role": "target"], ["municipality": .string(D.bulolu), "role": "neighbour"]]]),
             "io.trainingd.System.InvalidField", "invitations[1].municipality"),
            (create, Self.create(["code": "OSH-2019-04-GULCHO"]), "io.trainingd.Events.EventExists", "code=OSH-2019-04-GULCHO"),
            (create, Self.create(["venue": "41706207899999"]), "io.trainingd.Events.MunicipalityNotFound", "municipality=41706207899999"),
            // UpdateEvent.
            ("io.trainingd.Events.UpdateEvent", ["event": "OSH-2019-04-GULCHO", "version": "1"], "org.varlink.service.InvalidParameter", "version"),
            ("io.trainingd.Events.UpdateEvent", ["event": "OSH-2019-04-GULCHO", "version": 1, "clear": ["title"]], "org.varlink.service.InvalidParameter", "clear[0]"),
            ("io.trainingd.Events.UpdateEvent", ["event": "OSH-2019-04-GULCHO", "version": 1, "funder": "SDC", "clear": ["funder"]], "io.trainingd.System.InvalidField", "clear[0]"),
            ("io.trainingd.Events.UpdateEvent", ["event": "OSH-2019-04-GULCHO", "version": 1, "first_day": "2019-04-17"], "io.trainingd.System.InvalidField", "first_day"),
            ("io.trainingd.Events.UpdateEvent", ["event": "OSH-2019-04-GULCHO", "version": 0], "io.trainingd.System.InvalidField", "version"),
            ("io.trainingd.Events.UpdateEvent", ["event": "OSH-2019-04-GULCHO", "version": 1, "trainers": .array(Array(repeating: "T", count: 21))], "io.trainingd.System.InvalidField", "trainers"),
            ("io.trainingd.Events.UpdateEvent", ["event": "NOPE", "version": 1, "title": "x"], "io.trainingd.Events.EventNotFound", "event=NOPE"),
            ("io.trainingd.Events.UpdateEvent", ["event": "OSH-2019-04-GULCHO", "version": 9, "title": "x"], "io.trainingd.Events.VersionConflict", "current_version=1"),
            // SetEventStatus.
            ("io.trainingd.Events.SetEventStatus", ["event": "OSH-2019-04-GULCHO", "status": "finished"], "org.varlink.service.InvalidParameter", "status"),
            ("io.trainingd.Events.SetEventStatus", ["event": "OSH-2019-04-GULCHO", "status": "held"], "io.trainingd.Events.InvalidTransition", "to=held"),
            ("io.trainingd.Events.SetEventStatus", ["event": "OSH-2019-04-GULCHO", "status": "scheduled", "reason": .string(String(repeating: "r", count: 2_001))],
             "io.trainingd.System.InvalidField", "reason"),
            ("io.trainingd.Events.SetEventStatus", ["event": "OSH-2019-04-GULCHO", "status": "scheduled", "version": 3], "io.trainingd.Events.VersionConflict", "expected_version=3"),
            // GetEvent.
            ("io.trainingd.Events.GetEvent", ["event": 42], "org.varlink.service.InvalidParameter", "event"),
            ("io.trainingd.Events.GetEvent", ["event": .string(String(repeating: "e", count: 10_000))], "io.trainingd.System.InvalidField", "event"),
            ("io.trainingd.Events.GetEvent", ["event": "'; DROP TABLE event;--"], "io.trainingd.Events.EventNotFound", "event='; DROP TABLE event;--"),
            // ListEvents.
            ("io.trainingd.Events.ListEvents", ["status": ["draft", "done"]], "org.varlink.service.InvalidParameter", "status[1]"),
            ("io.trainingd.Events.ListEvents", ["limit": 0], "io.trainingd.System.InvalidField", "limit"),
            ("io.trainingd.Events.ListEvents", ["limit": 1_001], "io.trainingd.System.InvalidField", "limit"),
            ("io.trainingd.Events.ListEvents", ["offset": -1], "io.trainingd.System.InvalidField", "offset"),
            ("io.trainingd.Events.ListEvents", ["from": "2019-13-01"], "io.trainingd.System.InvalidField", "from"),
            ("io.trainingd.Events.ListEvents", ["from": "2019-05-01", "to": "2019-04-01"], "io.trainingd.System.InvalidField", "to"),
            ("io.trainingd.Events.ListEvents", ["oblast": "Osh"], "io.trainingd.System.InvalidField", "oblast"),
            ("io.trainingd.Events.ListEvents", ["search": .string(String(repeating: "s", count: 101))], "io.trainingd.System.InvalidField", "search"),
            ("io.trainingd.Events.ListEvents", ["district": "41706999000000"], "io.trainingd.Events.AreaNotFound", "field=district"),
            ("io.trainingd.Events.ListEvents", ["municipality": "41706207899999"], "io.trainingd.Events.MunicipalityNotFound", "municipality=41706207899999"),
            // InviteMunicipality.
            ("io.trainingd.Events.InviteMunicipality", ["event": "OSH-2019-04-GULCHO", "municipality": .string(D.lenin), "role": "guest"], "org.varlink.service.InvalidParameter", "role"),
            ("io.trainingd.Events.InviteMunicipality", ["event": "OSH-2019-04-GULCHO", "municipality": .string(D.lenin), "remove": "yes"], "org.varlink.service.InvalidParameter", "remove"),
            ("io.trainingd.Events.InviteMunicipality", ["event": "OSH-2019-04-GULCHO", "municipality": .string(D.lenin)], "io.trainingd.System.InvalidField", "role"),
            ("io.trainingd.Events.InviteMunicipality", ["event": "OSH-2019-04-GULCHO", "municipality": .string(D.lenin), "role": "target", "remove": true], "io.trainingd.System.InvalidField", "role"),
            ("io.trainingd.Events.InviteMunicipality", ["event": "OSH-2019-04-GULCHO", "municipality": "Lenin", "role": "target"], "io.trainingd.System.InvalidField", "municipality"),
            ("io.trainingd.Events.InviteMunicipality", ["event": "OSH-2019-04-GULCHO", "municipality": "41706207899999", "role": "target"], "io.trainingd.Events.MunicipalityNotFound", "municipality=41706207899999"),
            // Watch.
            ("io.trainingd.Events.Watch", ["kinds": ["everything"]], "org.varlink.service.InvalidParameter", "kinds[0]"),
            // Geography.
            ("io.trainingd.Geography.ListDistricts", ["oblast": 41706000000000], "org.varlink.service.InvalidParameter", "oblast"),
            ("io.trainingd.Geography.ListDistricts", ["oblast": "417060000000"], "io.trainingd.System.InvalidField", "oblast"),
            ("io.trainingd.Geography.ListDistricts", ["oblast": "41799000000000"], "io.trainingd.Geography.AreaNotFound", "field=oblast"),
            ("io.trainingd.Geography.ListMunicipalities", ["kind": "village"], "org.varlink.service.InvalidParameter", "kind"),
            ("io.trainingd.Geography.ListMunicipalities", ["search": ""], "io.trainingd.System.InvalidField", "search"),
            ("io.trainingd.Geography.ListMunicipalities", ["search": .string(String(repeating: "г", count: 101))], "io.trainingd.System.InvalidField", "search"),
            ("io.trainingd.Geography.ListMunicipalities", ["codes": [.string(D.gulcho), "x"]], "io.trainingd.System.InvalidField", "codes[1]"),
            ("io.trainingd.Geography.ListMunicipalities", ["codes": .array(Array(repeating: .string(D.gulcho), count: 1_001))], "io.trainingd.System.InvalidField", "codes"),
            ("io.trainingd.Geography.ListMunicipalities", ["district": "41706999000000"], "io.trainingd.Geography.AreaNotFound", "field=district"),
            ("io.trainingd.Geography.ListMunicipalities", ["limit": 5_000], "io.trainingd.System.InvalidField", "limit"),
            ("io.trainingd.Geography.ListOblasts", ["tenant": "dpi"], "org.varlink.service.InvalidParameter", "tenant"),
        ]
        for (method, parameters, name, field) in cases {
            var parameters = parameters
            if method.hasPrefix("io.trainingd.Events.") { parameters["tenant"] = "dpi" }
            let error: VarlinkError?
            if method.hasSuffix(".Watch") {
                error = await Self.watchError(env, parameters)
            } else {
                error = await env.error(method, parameters)
            }
            let context = "\(method) \(JSONValue.object(parameters).jsonString.prefix(120))"
            #expect(error?.name == name, "\(context): \(String(describing: error))")
            let (key, expected) = Self.expectedField(name: name, field: field)
            #expect(error?.parameters[key]?.displayValue == expected, "\(context): \(String(describing: error))")
            if name == "io.trainingd.System.InvalidField" {
                let reason = error?.parameters["reason"]?.stringValue ?? ""
                #expect(!reason.isEmpty, "\(context)")
            }
        }

        // Nothing was written by any of them: one event, one audit row, one change.
        #expect(try env.count("SELECT count(*) AS n FROM event") == 1)
        #expect(try env.count("SELECT count(*) AS n FROM audit_log") == 1)
        #expect(try env.count("SELECT count(*) AS n FROM change_log") == 1)
        #expect(try env.count("SELECT count(*) AS n FROM event_status_history") == 1)
        #expect(await env.daemon.terminate() == 0)
    }

    @Test func sqlInTextIsStoredVerbatim() async throws {
        let env = try await EventsDaemon.start(prefix: "evsql")
        let title = "Robert'); DROP TABLE event;-- \\\"«Биргелешкен»\" %_ $1"
        let created = try await env.call("io.trainingd.Events.CreateEvent", Self.create([
            "code": "Gülchö/2019-ОШ", "title": .string(title), "notes": "line 1\nline 2", "trainers": ["O'Brien", "{x,y}"],
        ]))
        #expect(created["event"]?["title"] == .string(title))
        let shown = try await env.call("io.trainingd.Events.GetEvent", ["event": "Gülchö/2019-ОШ"])
        #expect(shown["event"]?["title"] == .string(title))
        #expect(shown["event"]?["notes"] == "line 1\nline 2")
        #expect(shown["event"]?["trainers"] == ["O'Brien", "{x,y}"])
        // A decomposed spelling of the code names the same event.
        let decomposed = "Gu\u{0308}lcho\u{0308}/2019-ОШ"
        #expect(try await env.call("io.trainingd.Events.GetEvent", ["event": .string(decomposed)])["event"]?["code"] == "Gülchö/2019-ОШ")
        let found = try await env.call("io.trainingd.Events.ListEvents", ["search": "drop table"])
        #expect(found["total"] == 1)
        #expect(try env.count("SELECT count(*) AS n FROM event") == 1)
        #expect(await env.daemon.terminate() == 0)
    }

    /// Expected error parameter for a case: InvalidField and InvalidParameter name the field;
    /// others give `key=value`.
    static func expectedField(name: String, field: String) -> (String, String) {
        switch name {
        case "io.trainingd.System.InvalidField": return ("field", field)
        case "org.varlink.service.InvalidParameter": return ("parameter", field)
        default:
            let parts = field.split(separator: "=", maxSplits: 1).map(String.init)
            return (parts[0], parts[1])
        }
    }

    static func watchError(_ env: EventsDaemon, _ parameters: JSONObject) async -> VarlinkError? {
        do {
            var replies = try await env.daemon.connect().callMore("io.trainingd.Events.Watch", .object(parameters)).makeAsyncIterator()
            _ = try await replies.next()
            return nil
        } catch {
            return error as? VarlinkError
        }
    }
}

extension JSONValue {
    /// Strings as they are, numbers in decimal: what an error parameter is compared with.
    var displayValue: String {
        switch self {
        case .string(let text): text
        case .int(let number): String(number)
        default: jsonString
        }
    }
}
