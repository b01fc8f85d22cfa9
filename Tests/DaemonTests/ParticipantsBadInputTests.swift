import Foundation
import TestSupport
import Testing
import Varlink

/// Bad input for every People and Registrations method: each gets the precise error naming
/// the field, changes nothing, and the daemon goes on.
@Suite("People and Registrations bad input")
struct ParticipantsBadInputTests {
    static let longName = String(repeating: "ы", count: 10_000)

    @Test func everyMethodNamesTheFieldAtFault() async throws {
        let d = try await ParticipantsDaemon.start(prefix: "prbad")
        try d.event("BAD-1", capacity: 30)
        let person = try await d.addPerson("Асанова Айгүл")
        let before = try d.snapshot(d.dpi)
        let nobody = UUID().uuidString.lowercased()
        let inline: JSONObject = ["full_name": "Маматов Нурлан", "sex": "male", "category": "council_chair"]
        func with(_ base: JSONObject, _ key: String, _ value: JSONValue) -> JSONValue {
            var copy = base
            copy[key] = value
            return .object(copy)
        }

        // (method, parameters, expected error, expected field or parameter)
        let cases: [(String, JSONObject, String, String)] = [
            // AddPerson
            ("AddPerson", ["full_name": 5, "sex": "male", "category": "other"], "InvalidParameter", "full_name"),
            ("AddPerson", ["full_name": "X Y", "sex": "unknown", "category": "other"], "InvalidParameter", "sex"),
            ("AddPerson", ["full_name": "X Y", "sex": "male", "category": "boss"], "InvalidParameter", "category"),
            ("AddPerson", ["full_name": .string(Self.longName), "sex": "male", "category": "other"], "InvalidField", "full_name"),
            ("AddPerson", ["full_name": "X Y", "sex": "male", "category": "other", "birth_year": 1850], "InvalidField", "birth_year"),
            ("AddPerson", ["full_name": "X Y", "sex": "male", "category": "other", "birth_year": "1984"], "InvalidParameter", "birth_year"),
            ("AddPerson", ["full_name": "X Y", "sex": "male", "category": "other", "municipality": "4170620781"], "InvalidField", "municipality"),
            ("AddPerson", ["full_name": "X Y", "sex": "male", "category": "other", "phone": "call me"], "InvalidField", "phone"),
            ("AddPerson", ["full_name": "X Y", "sex": "male", "category": "other", "shoe_size": 42], "InvalidParameter", "shoe_size"),
            // FindPeople
            ("FindPeople", ["query": .string(Self.longName)], "InvalidField", "query"),
            ("FindPeople", ["query": "-- ."], "InvalidField", "query"),
            ("FindPeople", ["category": "boss"], "InvalidParameter", "category"),
            ("FindPeople", ["limit": 0], "InvalidField", "limit"),
            ("FindPeople", ["limit": "ten"], "InvalidParameter", "limit"),
            ("FindPeople", ["person_ids": ["not-a-uuid"]], "InvalidField", "person_ids[0]"),
            ("FindPeople", ["municipality": "Гүлчө"], "InvalidField", "municipality"),
            // MergePeople
            ("MergePeople", ["keep_person_id": "x", "merge_person_ids": [.string(nobody)]], "InvalidField", "keep_person_id"),
            ("MergePeople", ["keep_person_id": .string(person), "merge_person_ids": []], "InvalidField", "merge_person_ids"),
            ("MergePeople", ["keep_person_id": .string(person), "merge_person_ids": [.string(person)]], "InvalidField", "merge_person_ids[0]"),
            ("MergePeople", ["keep_person_id": .string(person), "merge_person_ids": .string(nobody)], "InvalidParameter", "merge_person_ids"),
            // Register
            ("Register", ["event": "BAD-1", "person": with(inline, "sex", "robot")], "InvalidParameter", "person.sex"),
            ("Register", ["event": "BAD-1", "person": with(inline, "full_name", .string(Self.longName))], "InvalidField", "person.full_name"),
            ("Register", ["event": "BAD-1", "person": with(inline, "birth_year", 3000)], "InvalidField", "person.birth_year"),
            ("Register", ["event": "BAD-1", "person_id": .string(person), "person": .object(inline)], "InvalidField", "person"),
            ("Register", ["event": "BAD-1"], "InvalidField", "person_id"),
            ("Register", ["event": "BAD-1", "person_id": "42"], "InvalidField", "person_id"),
            ("Register", ["event": "BAD-1", "person_id": 42], "InvalidParameter", "person_id"),
            ("Register", ["event": "BAD-1", "person_id": .string(person), "source": "walk_in"], "InvalidField", "source"),
            ("Register", ["event": "BAD-1", "person_id": .string(person), "source": "carrier_pigeon"], "InvalidParameter", "source"),
            ("Register", ["event": "BAD-1", "person_id": .string(person), "note": .string(String(repeating: "н", count: 2001))], "InvalidField", "note"),
            ("Register", ["event": "BAD-1", "person": .object(inline), "category": "other"], "InvalidField", "category"),
            ("Register", ["event": .string(Self.longName), "person_id": .string(person)], "InvalidField", "event"),
            ("Register", ["event": "BAD-1", "person_id": .string(person), "municipality": "41706207811000x"], "InvalidField", "municipality"),
            // CancelRegistration
            ("CancelRegistration", ["event": "BAD-1", "person_id": 12], "InvalidParameter", "person_id"),
            ("CancelRegistration", ["event": "BAD-1", "person_id": "12"], "InvalidField", "person_id"),
            ("CancelRegistration", ["event": "BAD-1", "person_id": .string(person), "reason": .string(String(repeating: "н", count: 2001))], "InvalidField", "reason"),
            ("CancelRegistration", ["event": "", "person_id": .string(person)], "InvalidField", "event"),
            // ListRegistrations
            ("ListRegistrations", [:], "InvalidField", "event"),
            ("ListRegistrations", ["event": "BAD-1", "status": ["maybe"]], "InvalidParameter", "status[0]"),
            ("ListRegistrations", ["event": "BAD-1", "offset": -1], "InvalidField", "offset"),
            ("ListRegistrations", ["person_id": "me"], "InvalidField", "person_id"),
            // ImportRegistrations
            ("ImportRegistrations", ["event": "BAD-1", "idempotency_key": "k", "rows": [["full_name": "A B", "sex": "x"]]], "InvalidParameter", "rows[0].sex"),
            ("ImportRegistrations", ["event": "BAD-1", "idempotency_key": "k", "rows": [["full_name": "A B"], ["birth_year": "1984"]]], "InvalidParameter", "rows[1].birth_year"),
            ("ImportRegistrations", ["event": "BAD-1", "idempotency_key": "", "rows": [["full_name": "A B"]]], "InvalidField", "idempotency_key"),
            ("ImportRegistrations", ["event": "BAD-1", "idempotency_key": "ключ", "rows": [["full_name": "A B"]]], "InvalidField", "idempotency_key"),
            ("ImportRegistrations", ["event": "BAD-1", "idempotency_key": .string(String(repeating: "k", count: 129)), "rows": [["full_name": "A B"]]], "InvalidField", "idempotency_key"),
            ("ImportRegistrations", ["event": "BAD-1", "idempotency_key": "k", "rows": []], "InvalidField", "rows"),
            ("ImportRegistrations", ["event": "BAD-1", "idempotency_key": "k", "rows": [["full_name": "A B", "colour": "red"]]], "InvalidParameter", "rows[0].colour"),
        ]
        for (method, parameters, error, field) in cases {
            let interface = ["AddPerson", "FindPeople", "MergePeople"].contains(method) ? "io.trainingd.People" : "io.trainingd.Registrations"
            let reply = await d.error("\(interface).\(method)", parameters)
            let name = error == "InvalidField" ? "io.trainingd.System.InvalidField" : "org.varlink.service.InvalidParameter"
            #expect(reply?.name == name, "\(method) \(field): \(String(describing: reply))")
            let named = reply?.parameters[error == "InvalidField" ? "field" : "parameter"]?.stringValue
            #expect(named == field, "\(method): expected \(field), got \(named ?? "-") (\(reply?.parameters["reason"]?.stringValue ?? ""))")
        }
        #expect(try d.snapshot(d.dpi) == before, "no refused call changed anything")

        // Objects that do not exist, by their interface's own errors.
        let unknown: [(String, JSONObject, String, String, JSONValue)] = [
            ("io.trainingd.Registrations.Register", ["event": "NO-EVENT", "person_id": .string(person)], "io.trainingd.Registrations.EventNotFound", "event", "NO-EVENT"),
            ("io.trainingd.Registrations.Register", ["event": "BAD-1", "person_id": .string(nobody)], "io.trainingd.Registrations.PersonNotFound", "person_id", .string(nobody)),
            ("io.trainingd.Registrations.CancelRegistration", ["event": "BAD-1", "person_id": .string(person)], "io.trainingd.Registrations.RegistrationNotFound", "person_id", .string(person)),
            ("io.trainingd.Registrations.ListRegistrations", ["person_id": .string(nobody)], "io.trainingd.Registrations.PersonNotFound", "person_id", .string(nobody)),
            ("io.trainingd.People.MergePeople", ["keep_person_id": .string(person), "merge_person_ids": [.string(nobody)]], "io.trainingd.People.PersonNotFound", "person_id", .string(nobody)),
            ("io.trainingd.People.AddPerson", ["full_name": "X Y", "sex": "male", "category": "other", "municipality": "41799999999999"],
             "io.trainingd.People.MunicipalityNotFound", "municipality", "41799999999999"),
            ("io.trainingd.Registrations.Register", ["event": "BAD-1", "person": with(inline, "municipality", "41799999999999")],
             "io.trainingd.Registrations.MunicipalityNotFound", "municipality", "41799999999999"),
            ("io.trainingd.Registrations.ImportRegistrations", ["event": "NO-EVENT", "idempotency_key": "k", "rows": [["full_name": "A B"]]],
             "io.trainingd.Registrations.EventNotFound", "event", "NO-EVENT"),
        ]
        for (method, parameters, error, key, value) in unknown {
            let reply = await d.error(method, parameters)
            #expect(reply?.name == error, "\(method): \(String(describing: reply))")
            #expect(reply?.parameters[key] == value)
        }
        #expect(try d.snapshot(d.dpi) == before)

        // SQL text in names is only text.
        let sql = "Robert'); DROP TABLE person;--"
        let added = try await d.call("io.trainingd.People.AddPerson", ["full_name": .string(sql), "sex": "male", "category": "other"])
        #expect(added["person"]?["full_name"] == .string(sql))
        let found = try await d.call("io.trainingd.People.FindPeople", ["query": "drop table"])
        #expect(found["people"]?[0]?["person"]?["full_name"] == .string(sql))
        let registered = try await d.call("io.trainingd.Registrations.Register", [
            "event": "BAD-1", "person": ["full_name": "'; DELETE FROM registration; --", "sex": "female", "category": "other"],
            "note": "1; UPDATE event SET capacity = 1",
        ])
        #expect(registered["registration"]?["person"]?["full_name"] == "'; DELETE FROM registration; --")
        #expect(registered["registration"]?["note"] == "1; UPDATE event SET capacity = 1")
        #expect(try d.count("person") == 3)

        // A closed event takes no registrations.
        try d.event("CLOSED-1", status: "closed")
        let closed = await d.error("io.trainingd.Registrations.Register", ["event": "CLOSED-1", "person_id": .string(person)])
        #expect(closed?.name == "io.trainingd.Registrations.EventNotOpen" && closed?.parameters["status"] == "closed")
        // The daemon is still fine.
        #expect(try await d.daemon.call("io.trainingd.System.Status")["database_reachable"] == true)
        #expect(await d.daemon.terminate() == 0)
    }
}
