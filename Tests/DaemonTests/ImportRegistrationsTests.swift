import ChildProcess
import Foundation
import Postgres
import TestSupport
import Testing
import Varlink

/// ImportRegistrations over the socket and through `trainingctl import`: the Gülchö list,
/// replays with the same key, CSV dialects, and the errors a file can have.
@Suite("Registrations import")
struct ImportRegistrationsTests {
    @Test func reRunningAnImportWithTheSameKeyChangesNothing() async throws {
        let d = try await ParticipantsDaemon.start(prefix: "importkey")
        try d.event("IMPORT-1", capacity: 3)
        let rows: JSONValue = [
            ["row": 2, "full_name": "Асанова Айгүл", "sex": "female", "category": "council_deputy", "municipality": .string(ParticipantsDaemon.bulolu),
             "phone": "0555 12-34-56", "birth_year": 1984],
            ["row": 3, "full_name": "Маматов Нурлан", "sex": "male", "category": "council_chair", "municipality": .string(ParticipantsDaemon.kashkaSuu)],
            ["row": 4, "full_name": "Robert'); DROP TABLE person;--", "category": "other"],
            ["row": 5, "full_name": "Токтосунов Бакыт", "sex": "male", "category": "aiyl_okmotu_specialist"],
            ["row": 6, "full_name": .string(String(repeating: "ы", count: 10_000)), "category": "other"],
            ["row": 7, "full_name": "асанова  АЙГҮЛ", "sex": "female", "category": "council_deputy", "municipality": .string(ParticipantsDaemon.bulolu)],
        ]
        let first = try await d.call("io.trainingd.Registrations.ImportRegistrations", ["event": "IMPORT-1", "idempotency_key": "gulcho-list-v1", "rows": rows])
        #expect(first["replayed"] == false && first["committed"] == true)
        let outcomes = first["outcomes"]?.arrayValue ?? []
        #expect(outcomes.map { $0["outcome"]?.stringValue } == ["created", "created", "created", "waitlisted", "rejected", "matched"])
        #expect(outcomes[4]["field"] == "rows[4].full_name" && outcomes[4]["row"] == 6)
        #expect(outcomes[4]["reason"]?.stringValue?.contains("10000") == true)
        #expect(outcomes[5]["already_registered"] == true && outcomes[5]["person_id"] == outcomes[0]["person_id"])
        #expect(first["summary"] == ["rows": 6, "created": 3, "matched": 1, "waitlisted": 1, "rejected": 1, "people_created": 4])
        #expect(try d.owner.query("SELECT count(*) AS n FROM person WHERE full_name = \("Robert'); DROP TABLE person;--")")[0].decode("n", as: Int.self) == 1)

        let before = try d.snapshot(d.dpi)
        let again = try await d.call("io.trainingd.Registrations.ImportRegistrations", ["event": "IMPORT-1", "idempotency_key": "gulcho-list-v1", "rows": rows])
        #expect(again["replayed"] == true && again["committed"] == true)
        #expect(again["outcomes"] == first["outcomes"] && again["summary"] == first["summary"])
        #expect(try d.snapshot(d.dpi) == before, "a replay writes nothing, not even an audit row")

        var changed = rows.arrayValue ?? []
        changed.removeLast()
        let reused = await d.error("io.trainingd.Registrations.ImportRegistrations", ["event": "IMPORT-1", "idempotency_key": "gulcho-list-v1", "rows": .array(changed)])
        #expect(reused?.name == "io.trainingd.Registrations.IdempotencyKeyReused" && reused?.parameters["key"] == "gulcho-list-v1")
        try d.event("IMPORT-2")
        let otherEvent = await d.error("io.trainingd.Registrations.ImportRegistrations", ["event": "IMPORT-2", "idempotency_key": "gulcho-list-v1", "rows": rows])
        #expect(otherEvent?.name == "io.trainingd.Registrations.IdempotencyKeyReused")
        #expect(try d.snapshot(d.dpi) == before)
        #expect(await d.daemon.terminate() == 0)
    }

    /// A person_id that is no canonical uuid is rejected as such, even one that Foundation's
    /// parser reads as someone else's id; and a caller without the registrar role is refused
    /// before its rows are looked at.
    @Test func personIdsAreReadStrictlyAndTheRoleComesBeforeTheRows() async throws {
        let d = try await ParticipantsDaemon.start(prefix: "importstrict")
        try d.event("STRICT-1")
        // The id Foundation's sscanf-based parser reads " 0234567-89ab-cdef-0123-456789abcdef" as.
        let misread = "02345607-89ab-cdef-0123-456789abcdef"
        try d.owner.execute("""
            INSERT INTO person (tenant_id, id, full_name, name_key, search_key, sex, category)
            VALUES (\(d.dpi), \(misread)::uuid, 'Асанова Айгүл', 'асанова айгүл', 'асанова айгүл', 'female', 'council_deputy')
            """)
        let method = "io.trainingd.Registrations.ImportRegistrations"
        let rows: JSONValue = [["person_id": " 0234567-89ab-cdef-0123-456789abcdef"], ["person_id": .string(misread.uppercased())]]
        let reply = try await d.call(method, ["event": "STRICT-1", "idempotency_key": "strict-1", "rows": rows])
        let outcomes = reply["outcomes"]?.arrayValue ?? []
        #expect(outcomes.map { $0["outcome"]?.stringValue } == ["rejected", "matched"])
        #expect(outcomes.first?["field"] == "rows[0].person_id")
        #expect(outcomes.first?["reason"]?.stringValue?.hasPrefix("must be a uuid") == true)
        #expect(outcomes.last?["person_id"] == .string(misread))
        #expect(try d.count("registration") == 1)

        let viewer: UInt32 = 65534
        _ = try await d.call("io.trainingd.System.Grant", ["uid": .int(Int64(viewer)), "role": "viewer"])
        let refusedRows: [JSONValue] = [[], [["person_id": "not-a-uuid"]], [["full_name": .string(String(repeating: "ы", count: 10_000))]]]
        let calls = refusedRows.enumerated().map { index, rows in
            AccessCaller.Call(method: method, parameters: ["tenant": "dpi", "event": "STRICT-1", "idempotency_key": .string("strict-v\(index)"), "rows": rows])
        }
        let before = try d.snapshot(d.dpi)
        let replies = try await AccessCaller.run(calls, as: viewer, socket: d.daemon.socketPath)
        #expect(replies.map(\.error) == Array(repeating: "io.trainingd.System.PermissionDenied", count: calls.count))
        #expect(try d.snapshot(d.dpi) == before)
        // The same empty list from a registrar is refused for what it is.
        let empty = await d.error(method, ["event": "STRICT-1", "idempotency_key": "strict-v0", "rows": []])
        #expect(empty?.name == "io.trainingd.System.InvalidField" && empty?.parameters["field"] == "rows")
        #expect(await d.daemon.terminate() == 0)
    }

    /// `after`: a part of a list runs only once the part before it has committed (into the same
    /// event); a replay of a stored part still answers its outcome.
    @Test func aContinuedImportNeedsThePreviousPartCommitted() async throws {
        let d = try await ParticipantsDaemon.start(prefix: "importafter")
        try d.event("AFTER-1")
        try d.event("AFTER-2")
        let part1: JSONValue = [["full_name": "Асанова Айгүл", "category": "council_deputy"]]
        let part2: JSONValue = [["full_name": "Маматов Нурлан", "category": "council_chair"]]
        let method = "io.trainingd.Registrations.ImportRegistrations"
        let before = try d.snapshot(d.dpi)
        let early = await d.error(method, ["event": "AFTER-1", "idempotency_key": "list:2", "rows": part2, "after": "list:1"])
        #expect(early?.name == "io.trainingd.Registrations.PreviousImportMissing" && early?.parameters["key"] == "list:1")
        #expect(try d.snapshot(d.dpi) == before, "a refused part writes nothing")
        let bad = await d.error(method, ["event": "AFTER-1", "idempotency_key": "list:2", "rows": part2, "after": "tab\there"])
        #expect(bad?.name == "io.trainingd.System.InvalidField" && bad?.parameters["field"] == "after", "\(String(describing: bad))")

        let first = try await d.call(method, ["event": "AFTER-1", "idempotency_key": "list:1", "rows": part1])
        #expect(first["committed"] == true)
        let otherEvent = await d.error(method, ["event": "AFTER-2", "idempotency_key": "list:2", "rows": part2, "after": "list:1"])
        #expect(otherEvent?.name == "io.trainingd.Registrations.PreviousImportMissing")
        let second = try await d.call(method, ["event": "AFTER-1", "idempotency_key": "list:2", "rows": part2, "after": "list:1"])
        #expect(second["committed"] == true && second["summary"]?["created"] == 1)
        let replay = try await d.call(method, ["event": "AFTER-1", "idempotency_key": "list:2", "rows": part2, "after": "list:1"])
        #expect(replay["replayed"] == true && replay["outcomes"] == second["outcomes"])
        #expect(try d.count("registration") == 2)

        // Pipelined behind a part that fails, a part is refused even though the key it names
        // exists (left by an earlier import): it would otherwise take seats ahead of that part.
        let client = try await d.daemon.connect()
        let part3: JSONValue = [["full_name": "Токтосунов Бакыт", "category": "other"]]
        try await client.send(method, ["tenant": "dpi", "event": "AFTER-1", "idempotency_key": "list:1", "rows": part3])
        try await client.send(method, ["tenant": "dpi", "event": "AFTER-1", "idempotency_key": "list:3", "rows": part3, "after": "list:1"])
        await #expect(throws: VarlinkError("io.trainingd.Registrations.IdempotencyKeyReused", parameters: ["key": "list:1"])) {
            try await client.receiveReply()
        }
        await #expect(throws: VarlinkError("io.trainingd.Registrations.PreviousImportMissing", parameters: ["key": "list:1"])) {
            try await client.receiveReply()
        }
        #expect(try d.count("registration") == 2)
        // Behind the same failure, a part already committed still replays its outcome.
        try await client.send(method, ["tenant": "dpi", "event": "AFTER-1", "idempotency_key": "list:1", "rows": part3])
        try await client.send(method, ["tenant": "dpi", "event": "AFTER-1", "idempotency_key": "list:2", "rows": part2, "after": "list:1"])
        await #expect(throws: VarlinkError.self) { try await client.receiveReply() }
        #expect(try await client.receiveReply()["replayed"] == true)
        // Retrying a part that failed, on the same connection, is not refused: the failure just
        // before it was its own, not the part it continues.
        try await client.send(method, ["tenant": "dpi", "event": "AFTER-1", "idempotency_key": "list:3", "rows": part3, "after": "list:2",
                                       "dry_run": "not a bool"])
        await #expect(throws: VarlinkError.self) { try await client.receiveReply() }
        let retried = try await client.call(method, ["tenant": "dpi", "event": "AFTER-1", "idempotency_key": "list:3", "rows": part3, "after": "list:2"])
        #expect(retried["committed"] == true && retried["summary"]?["created"] == 1)
        await client.close()
        #expect(try d.count("registration") == 3)
        #expect(await d.daemon.terminate() == 0)
    }

    @Test func trainingctlImportsTheGulchoListOnceAndReplaysIt() async throws {
        let d = try await ParticipantsDaemon.start(prefix: "importctl", arguments: ["--max-import-rows", "10"])
        try d.event("OSH-2019-04-GULCHO", capacity: 30)
        let first = try await d.ctl(["--tenant", "dpi", "import", "OSH-2019-04-GULCHO", ParticipantsDaemon.gulchoCSV])
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("26 rows: 26 created, 0 matched, 0 waitlisted, 0 rejected; 26 new people; committed"))
        #expect(first.output.contains("Асанова Айгүл Токтосуновна"))
        #expect(!first.output.contains("\r"), "no progress bar when stderr is not a terminal")
        // Three calls of at most 10 rows (the daemon's limit), each line reported with its file line.
        #expect(try d.count("import_batch") == 3)
        let registrations = try await d.call("io.trainingd.Registrations.ListRegistrations", ["event": "OSH-2019-04-GULCHO"])
        let all = registrations["registrations"]?.arrayValue ?? []
        #expect(all.count == 26)
        #expect(all.filter { $0["person"]?["sex"] == "female" }.count == 12)
        #expect(all.allSatisfy { ["target", "neighbour"].contains($0["municipality_role"]?.stringValue ?? "") })
        #expect(all.filter { $0["municipality_role"] == "target" }.count == 14)
        #expect(all.first?["person"]?["phone"] == "0555 12-34-56")

        let before = try d.snapshot(d.dpi)
        let again = try await d.ctl(["--tenant", "dpi", "import", "OSH-2019-04-GULCHO", ParticipantsDaemon.gulchoCSV, "--json"])
        #expect(again.status == 0, "\(again.output)")
        let reply = try JSONParser.parse(ParticipantsDaemon.jsonDocument(again.output))
        #expect(reply["replayed"] == true && reply["summary"]?["people_created"] == 26)
        #expect(reply["outcomes"]?.arrayValue?.map { $0["row"]?.intValue ?? 0 } == Array(2...27))
        #expect(try d.snapshot(d.dpi) == before)
        #expect(await d.daemon.terminate() == 0)
    }

    @Test func csvDialectsAndBadFiles() async throws {
        let d = try await ParticipantsDaemon.start(prefix: "importcsv")
        try d.event("CSV-1", capacity: 30)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pr-csv-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        func file(_ name: String, _ bytes: [UInt8]) throws -> String {
            let url = directory.appendingPathComponent(name)
            try Data(bytes).write(to: url)
            return url.path
        }
        // Comma-separated, Russian headers, no BOM, quotes with the separator, a doubled quote and
        // a line break inside a field, a blank line, an extra column.
        let comma = try file("comma.csv", Array("""
            ФИО,Пол,Категория,Муниципалитет,Телефон,Примечание
            "Маматов, Нурлан",м,council_chair,41706259824000,,x
            "Жаңы ""Эки""
            Адам",ж,other,,,y

            Үч Адам,жен,other,Bülölü,0555 000111,z

            """.utf8))
        let imported = try await d.ctl(["--tenant", "dpi", "import", "CSV-1", comma])
        #expect(imported.status == 65, "\(imported.output)")   // line 3 is rejected: a line break in a name
        #expect(imported.output.contains("ignoring column(s) 'Примечание'"))
        let outcome = try await d.ctl(["--tenant", "dpi", "import", "CSV-1", comma, "--json"])
        let outcomes = try JSONParser.parse(ParticipantsDaemon.jsonDocument(outcome.output))["outcomes"]?.arrayValue ?? []
        #expect(outcomes.map { $0["row"]?.intValue ?? 0 } == [2, 3, 6])
        #expect(outcomes.map { $0["outcome"]?.stringValue ?? "" } == ["created", "rejected", "created"])
        #expect(outcomes[1]["field"] == "rows[1].full_name")
        let people = try await d.call("io.trainingd.People.FindPeople", ["query": "Үч Адам"])
        #expect(people["people"]?[0]?["person"]?["municipality"]?["code"] == .string(ParticipantsDaemon.bulolu))
        #expect(people["people"]?[0]?["person"]?["sex"] == "female")

        // Invalid UTF-8 on line 3: refused before anything is sent, naming the line.
        let before = try d.snapshot(d.dpi)
        let invalid = try file("latin1.csv", Array("\u{FEFF}full_name;sex;category\nАйгүл Асанова;female;other\n".utf8) + [0x47, 0xFC, 0x6C, 0x3B] + Array("female;other\n".utf8))
        let refused = try await d.ctl(["--tenant", "dpi", "import", "CSV-1", invalid])
        #expect(refused.status == 65)
        #expect(refused.output.contains("line 3 is not valid UTF-8"), "\(refused.output)")
        // Unknown values: every bad line named, nothing sent.
        let values = try file("values.csv", Array("full_name;sex;category;birth_year\nОк Адам;robot;boss;19x0\nЭки Адам;female;other;1990\nҮч;m;chief;\n".utf8))
        let bad = try await d.ctl(["--tenant", "dpi", "import", "CSV-1", values])
        #expect(bad.status == 65)
        for fragment in ["line 2: sex: unknown value 'robot'", "line 2: category: unknown value 'boss'", "line 2: birth_year: '19x0' is not a year",
                         "line 4: category: unknown value 'chief'", "nothing imported"] {
            #expect(bad.output.contains(fragment), "\(fragment) in \(bad.output)")
        }
        let noName = try file("noname.csv", Array("sex;category\nfemale;other\n".utf8))
        let missing = try await d.ctl(["--tenant", "dpi", "import", "CSV-1", noName])
        #expect(missing.status == 65 && missing.output.contains("no full_name"))
        #expect(try d.snapshot(d.dpi) == before)
        try? FileManager.default.removeItem(at: directory)
        #expect(await d.daemon.terminate() == 0)
    }

    /// A call large enough to be validated in parallel slices keeps row order and names each
    /// bad row and field by its own index, in every slice.
    @Test func largeCallsKeepRowOrderAndRowErrors() async throws {
        let d = try await ParticipantsDaemon.start(prefix: "importbig")
        try d.event("BIG-1", capacity: 2_000)
        let bad: Set<Int> = [0, 1_234, 2_499]
        let rows = JSONValue.array((0..<2_500).map { n -> JSONValue in
            var row: JSONObject = ["row": .int(Int64(n + 2)), "full_name": .string("Участник \(n) Тестов"), "category": "other",
                                   "phone": .string(String(996_700_000_000 + n))]
            if bad.contains(n) { row["birth_year"] = 1_200 }
            return .object(row)
        })
        let reply = try await d.call("io.trainingd.Registrations.ImportRegistrations", ["event": "BIG-1", "idempotency_key": "big", "rows": rows])
        let outcomes = reply["outcomes"]?.arrayValue ?? []
        #expect(outcomes.map { $0["row"]?.intValue } == (0..<2_500).map { Int64($0 + 2) })
        #expect(bad.allSatisfy { outcomes[$0]["field"]?.stringValue == "rows[\($0)].birth_year" && outcomes[$0]["outcome"] == "rejected" })
        // Seats in row order: the first 2,000 valid rows registered, the rest waitlisted.
        let statuses = outcomes.enumerated().filter { !bad.contains($0.offset) }.map { $0.element["registration_status"]?.stringValue }
        #expect(statuses == Array(repeating: "registered", count: 2_000) + Array(repeating: "waitlisted", count: 497))
        #expect(reply["summary"] == ["rows": 2_500, "created": 2_000, "matched": 0, "waitlisted": 497, "rejected": 3, "people_created": 2_497])
        #expect(await d.daemon.terminate() == 0)
    }

    /// trainingctl fills each call up to the daemon's message limit and never past it, also
    /// when names need escaping (quotes, backslashes) or take several bytes a letter; the calls
    /// are pipelined and take seats in file order.
    @Test func trainingctlSplitsFilesUnderTheMessageLimit() async throws {
        let d = try await ParticipantsDaemon.start(prefix: "importsplit", arguments: ["--max-message-bytes", "32768"])
        try d.event("SPLIT-1", capacity: 600)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pr-split-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("list.csv").path
        var csv = "full_name,sex,category,phone\n"
        for n in 0..<1_000 {
            let name = n % 2 == 0 ? "\"Тест \\ \"\"Кавычки\"\" Үчүнчү \(n)\"" : "Participant \(n) O\\Brien"
            csv += "\(name),female,other,\(996_700_000_000 + n)\n"
        }
        try Data(csv.utf8).write(to: URL(fileURLWithPath: path))
        let run = try await d.ctl(["--tenant", "dpi", "import", "SPLIT-1", path, "--json"])
        #expect(run.status == 0, "\(run.output.suffix(2_000))")
        let reply = try JSONParser.parse(ParticipantsDaemon.jsonDocument(run.output))
        let calls = reply["idempotency_keys"]?.arrayValue?.count ?? 0
        // 16 KiB of rows per call at this limit: about 110 of these rows (9 calls), each call under the limit.
        #expect(calls >= 5 && calls <= 12, "\(calls) calls")
        #expect(reply["summary"]?["created"] == 600 && reply["summary"]?["waitlisted"] == 400 && reply["committed"] == true,
                "\(reply["summary"] ?? .null)")
        #expect(try d.count("person") == 1_000)
        // The calls are pipelined, each continuing the one before: seats still go in file order.
        let statuses = (reply["outcomes"]?.arrayValue ?? []).map { $0["registration_status"]?.stringValue }
        #expect(statuses == Array(repeating: "registered", count: 600) + Array(repeating: "waitlisted", count: 400))
        let lines = (reply["outcomes"]?.arrayValue ?? []).compactMap { $0["row"]?.intValue }
        #expect(lines == Array(2...1_001))
        #expect(await d.daemon.terminate() == 0)
    }

    /// When one call of a multi-call import fails, the calls after it (already sent) are
    /// refused, and trainingctl says which lines the calls before it imported.
    @Test func aFailedPartStopsTheRestAndTrainingctlSaysWhatWentIn() async throws {
        let d = try await ParticipantsDaemon.start(prefix: "importpart", arguments: ["--max-message-bytes", "32768"])
        try d.event("PART-1")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pr-part-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("list.csv").path
        var csv = "full_name,sex,category,phone\n"
        for n in 0..<400 { csv += "Participant \(n) Partov,female,other,\(996_700_100_000 + n)\n" }
        try Data(csv.utf8).write(to: URL(fileURLWithPath: path))
        let dry = try await d.ctl(["--tenant", "dpi", "import", "PART-1", path, "--key", "part-list", "--dry-run", "--json"])
        let keys = try JSONParser.parse(ParticipantsDaemon.jsonDocument(dry.output))["idempotency_keys"]?.arrayValue?.compactMap(\.stringValue) ?? []
        try #require(keys.count >= 3, "\(dry.output.suffix(500))")
        // Another import took the second call's key: that call fails, the third must not commit.
        let taken = try await d.call("io.trainingd.Registrations.ImportRegistrations", [
            "event": "PART-1", "idempotency_key": .string(keys[1]), "rows": [["full_name": "Асанова Айгүл", "category": "other"]]])
        #expect(taken["committed"] == true)
        let run = try await d.ctl(["--tenant", "dpi", "import", "PART-1", path, "--key", "part-list"])
        #expect(run.status == 65, "\(run.output.suffix(1_000))")
        let firstCall = keys[0].split(separator: ":").last ?? ""  // "2-111"
        #expect(run.output.contains("key \(keys[1]) was used by a different import"), "\(run.output.suffix(1_000))")
        #expect(run.output.contains("lines \(firstCall) were imported by the calls before the failed one"), "\(run.output.suffix(1_000))")
        let firstCallRows = firstCall.split(separator: "-").compactMap { Int($0) }
        try #require(firstCallRows.count == 2)
        #expect(try d.count("registration") == firstCallRows[1] - firstCallRows[0] + 1 + 1)
        #expect(await d.daemon.terminate() == 0)
    }

    @Test func rowsBeyondTheLimitAreRefusedWhole() async throws {
        let d = try await ParticipantsDaemon.start(prefix: "importmax", arguments: ["--max-import-rows", "5"])
        try d.event("MAX-5")
        let rows = JSONValue.array((1...6).map { ["full_name": .string("Адам \($0) Тест"), "category": "other"] })
        let error = await d.error("io.trainingd.Registrations.ImportRegistrations", ["event": "MAX-5", "idempotency_key": "k", "rows": rows])
        #expect(error?.name == "io.trainingd.Registrations.ImportTooLarge")
        #expect(error?.parameters["limit"] == 5 && error?.parameters["rows"] == 6)
        #expect(try d.count("person") == 0)
        #expect(await d.daemon.terminate() == 0)
    }
}
