import ChildProcess
import Foundation
import Postgres
import TestSupport
import Testing
import Varlink

/// Tenancy and audit for People and Registrations: another tenant's ids lead nowhere, and
/// every mutating call leaves exactly one audit row naming the caller's uid.
@Suite("People and Registrations isolation and audit")
struct ParticipantsIsolationAndAuditTests {
    /// An unprivileged uid (the tests run as root, a system administrator).
    static let registrar: UInt32 = 65534

    @Test func anotherTenantsIdsAreNotFoundAndChangeNothing() async throws {
        let d = try await ParticipantsDaemon.start(prefix: "priso")
        let rivalEvent = try d.event("RIVAL-EVENT", tenant: d.rival)
        try d.event("DPI-EVENT")
        let rivalPerson = try await d.addPerson("Чужой Адам", tenant: "rival")
        let rivalOther = try await d.addPerson("Дагы Бир Чужой", tenant: "rival")
        _ = try await d.call("io.trainingd.Registrations.Register", ["tenant": "rival", "event": "RIVAL-EVENT", "person_id": .string(rivalPerson)])
        let ours = try await d.addPerson("Биздин Адам")
        let rivalBefore = try d.snapshot(d.rival)
        let rivalEventID = rivalEvent.uuidString.lowercased()

        // As root in tenant dpi, with rival's ids: not found, in every method.
        let calls: [(String, JSONObject, String)] = [
            ("io.trainingd.Registrations.Register", ["event": "RIVAL-EVENT", "person_id": .string(ours)], "io.trainingd.Registrations.EventNotFound"),
            ("io.trainingd.Registrations.Register", ["event": .string(rivalEventID), "person_id": .string(ours)], "io.trainingd.Registrations.EventNotFound"),
            ("io.trainingd.Registrations.Register", ["event": "DPI-EVENT", "person_id": .string(rivalPerson)], "io.trainingd.Registrations.PersonNotFound"),
            ("io.trainingd.Registrations.CancelRegistration", ["event": .string(rivalEventID), "person_id": .string(rivalPerson)], "io.trainingd.Registrations.EventNotFound"),
            ("io.trainingd.Registrations.CancelRegistration", ["event": "DPI-EVENT", "person_id": .string(rivalPerson)], "io.trainingd.Registrations.PersonNotFound"),
            ("io.trainingd.Registrations.ListRegistrations", ["event": "RIVAL-EVENT"], "io.trainingd.Registrations.EventNotFound"),
            ("io.trainingd.Registrations.ListRegistrations", ["person_id": .string(rivalPerson)], "io.trainingd.Registrations.PersonNotFound"),
            ("io.trainingd.Registrations.ImportRegistrations", ["event": "RIVAL-EVENT", "idempotency_key": "x", "rows": [["full_name": "A B", "category": "other"]]],
             "io.trainingd.Registrations.EventNotFound"),
            ("io.trainingd.People.MergePeople", ["keep_person_id": .string(ours), "merge_person_ids": [.string(rivalPerson)]], "io.trainingd.People.PersonNotFound"),
            ("io.trainingd.People.MergePeople", ["keep_person_id": .string(rivalPerson), "merge_person_ids": [.string(rivalOther)]], "io.trainingd.People.PersonNotFound"),
        ]
        for (method, parameters, expected) in calls {
            let error = await d.error(method, parameters)
            #expect(error?.name == expected, "\(method) \(parameters): \(String(describing: error))")
        }
        // An import row naming rival's person is rejected, the others go in.
        let imported = try await d.call("io.trainingd.Registrations.ImportRegistrations", [
            "event": "DPI-EVENT", "idempotency_key": "iso", "rows": [["person_id": .string(rivalPerson)], ["person_id": .string(ours)]],
        ])
        #expect(imported["outcomes"]?[0]?["outcome"] == "rejected" && imported["outcomes"]?[0]?["field"] == "rows[0].person_id")
        #expect(imported["outcomes"]?[1]?["outcome"] == "matched")
        // Reads see nothing of rival.
        let found = try await d.call("io.trainingd.People.FindPeople", ["person_ids": [.string(rivalPerson), .string(ours)]])
        #expect(found["total"] == 1 && found["people"]?[0]?["person"]?["person_id"] == .string(ours))
        #expect(try await d.call("io.trainingd.People.FindPeople", ["query": "Чужой"])["total"] == 0)
        // The same name in another tenant is no duplicate.
        _ = try await d.addPerson("Чужой Адам")
        #expect(try d.snapshot(d.rival) == rivalBefore)

        // A registrar of dpi naming rival: permission denied, whatever the ids.
        #expect(try await d.ctl(["--tenant", "dpi", "grant", String(Self.registrar), "registrar"]).status == 0)
        for (method, parameters) in [
            ("io.trainingd.Registrations.Register", #"{"tenant": "rival", "event": "RIVAL-EVENT", "person_id": "\#(rivalPerson)"}"#),
            ("io.trainingd.Registrations.CancelRegistration", #"{"tenant": "rival", "event": "RIVAL-EVENT", "person_id": "\#(rivalPerson)"}"#),
            ("io.trainingd.Registrations.ListRegistrations", #"{"tenant": "rival", "event": "RIVAL-EVENT"}"#),
            ("io.trainingd.People.FindPeople", #"{"tenant": "rival"}"#),
            ("io.trainingd.People.AddPerson", #"{"tenant": "rival", "full_name": "Шпион", "sex": "male", "category": "other"}"#),
        ] {
            let refused = try await d.ctl(as: Self.registrar, ["call", method, parameters])
            #expect(refused.status == 77, "\(method): \(refused.output)")
        }
        // …and in its own tenant a registrar may not merge (coordinator).
        let merge = try await d.ctl(as: Self.registrar, ["call", "io.trainingd.People.MergePeople",
                                                         #"{"keep_person_id": "\#(ours)", "merge_person_ids": ["\#(UUID().uuidString)"]}"#])
        #expect(merge.status == 77 && merge.output.contains("coordinator"), "\(merge.output)")
        #expect(try d.snapshot(d.rival) == rivalBefore)
        #expect(await d.daemon.terminate() == 0)
    }

    @Test func everyMutatingCallLeavesOneAuditRowNamingTheUID() async throws {
        let d = try await ParticipantsDaemon.start(prefix: "praudit")
        try d.event("AUDIT-1", capacity: 1)
        #expect(try await d.ctl(["--tenant", "dpi", "grant", String(Self.registrar), "coordinator"]).status == 0)
        func audits() throws -> [(uid: Int64, method: String, object: String?)] {
            try d.owner.query("SELECT uid, method, object_id FROM audit_log WHERE tenant_id = \(d.dpi) ORDER BY id").rows.map {
                (try $0.decode("uid"), try $0.decode("method"), try $0.decode("object_id", as: String?.self))
            }
        }
        /// Runs a call through trainingctl as the unprivileged uid and returns the audit rows it added.
        func audited(_ method: String, _ json: String) async throws -> [(uid: Int64, method: String, object: String?)] {
            let before = try audits().count
            let result = try await d.ctl(as: Self.registrar, ["--tenant", "dpi", "call", method, json])
            #expect(result.status == 0, "\(method): \(result.output)")
            return Array(try audits().dropFirst(before))
        }

        let added = try await audited("io.trainingd.People.AddPerson", #"{"full_name": "Асанова Айгүл", "sex": "female", "category": "council_deputy"}"#)
        #expect(added.count == 1 && added[0].uid == Int64(Self.registrar) && added[0].method == "io.trainingd.People.AddPerson")
        let person = try #require(added[0].object)
        let refusedCount = try audits().count
        let twin = await d.error("io.trainingd.People.AddPerson", ["full_name": "АСАНОВА айгүл", "sex": "female", "category": "other"])
        #expect(twin?.name == "io.trainingd.People.PossibleDuplicates")
        #expect(twin?.parameters["candidates"]?[0]?["reasons"] == ["same_name_and_municipality"])
        #expect(try audits().count == refusedCount, "a refused call writes no audit row")
        let registered = try await audited("io.trainingd.Registrations.Register", #"{"event": "AUDIT-1", "person_id": "\#(person)"}"#)
        #expect(registered.count == 1 && registered[0].method == "io.trainingd.Registrations.Register" && registered[0].uid == Int64(Self.registrar))
        #expect(registered[0].object == "AUDIT-1/\(person)")
        #expect(try await audited("io.trainingd.Registrations.Register", #"{"event": "AUDIT-1", "person_id": "\#(person)"}"#).isEmpty,
                "an idempotent repeat writes no audit row")
        let imported = try await audited("io.trainingd.Registrations.ImportRegistrations",
                                         #"{"event": "AUDIT-1", "idempotency_key": "a1", "rows": [{"full_name": "Маматов Нурлан", "sex": "male", "category": "council_chair"}]}"#)
        #expect(imported.count == 1 && imported[0].method == "io.trainingd.Registrations.ImportRegistrations" && imported[0].object == "a1")
        #expect(try await audited("io.trainingd.Registrations.ImportRegistrations",
                                  #"{"event": "AUDIT-1", "idempotency_key": "a1", "rows": [{"full_name": "Маматов Нурлан", "sex": "male", "category": "council_chair"}]}"#).isEmpty)
        let cancelled = try await audited("io.trainingd.Registrations.CancelRegistration", #"{"event": "AUDIT-1", "person_id": "\#(person)", "reason": "ill"}"#)
        #expect(cancelled.count == 1 && cancelled[0].method == "io.trainingd.Registrations.CancelRegistration")
        #expect(try await audited("io.trainingd.Registrations.CancelRegistration", #"{"event": "AUDIT-1", "person_id": "\#(person)"}"#).isEmpty)
        let duplicate = try await audited("io.trainingd.People.AddPerson",
                                          #"{"full_name": "айгүл асанова", "sex": "female", "category": "council_deputy", "allow_duplicate": true}"#)
        let merged = try await audited("io.trainingd.People.MergePeople",
                                       #"{"keep_person_id": "\#(person)", "merge_person_ids": ["\#(duplicate[0].object ?? "")"]}"#)
        #expect(merged.count == 1 && merged[0].method == "io.trainingd.People.MergePeople" && merged[0].object == person)
        let row = try d.owner.query("""
            SELECT before, after FROM audit_log WHERE tenant_id = \(d.dpi) AND method = 'io.trainingd.People.MergePeople'
            """)[0]
        let before = try JSONParser.parse(try row.decode("before", as: PGJSON.self).text)
        #expect(before["merged"]?[0]?["full_name"] == "айгүл асанова", "the audit keeps every person's data before the merge")
        // Read-only calls leave nothing.
        let count = try audits().count
        _ = try await d.ctl(as: Self.registrar, ["--tenant", "dpi", "call", "io.trainingd.People.FindPeople", "{}"])
        _ = try await d.ctl(as: Self.registrar, ["--tenant", "dpi", "call", "io.trainingd.Registrations.ListRegistrations", #"{"event": "AUDIT-1"}"#])
        #expect(try audits().count == count)
        #expect(await d.daemon.terminate() == 0)
    }
}
