import ChildProcess
import Foundation
import Postgres
import TestSupport
import Testing
import Varlink

/// io.trainingd.Attendance over the real socket, and trainingctl attend / stats.
@Suite("Attendance over the socket")
struct AttendanceTests {
    static let record = "io.trainingd.Attendance.RecordAttendance"
    static let statistics = "io.trainingd.Attendance.EventStatistics"

    static func entry(_ person: UUID, _ day: String, _ status: String, walkIn: Bool = false) -> JSONValue {
        var entry: JSONObject = ["person_id": AttendanceFixture.id(person), "day": .string(day), "status": .string(status)]
        if walkIn { entry["walk_in"] = true }
        return .object(entry)
    }

    static func trainingctl(_ daemon: TestDaemon, as uid: UInt32? = nil, _ arguments: [String]) async throws -> ChildProcess.Result {
        try await AccessTests.trainingctl(daemon, as: uid, arguments)
    }

    @Test func twoDaysOfMarksWalkInsRepeatsAndStatistics() async throws {
        let f = try await AttendanceFixture.start(prefix: "attend")
        let event = try f.event(f.dpi, code: "OSH-2019-04-GULCHO", invitations: [(AttendanceFixture.bulolu, "target"), (AttendanceFixture.lenin, "neighbour")])
        let aigul = try f.person(f.dpi, "Асанова Айгүл", sex: "female", event: event)
        let bakyt = try f.person(f.dpi, "Токтосунов Бакыт", sex: "male", category: "aiyl_okmotu_specialist", event: event)
        let cholpon = try f.person(f.dpi, "Маматова Чолпон", sex: "female", municipality: AttendanceFixture.lenin, event: event)
        let daniyar = try f.person(f.dpi, "Осмонов Данияр", sex: "male", municipality: nil, event: event)
        let walkIn = try f.person(f.dpi, "Эшматова Гүлнара", sex: "female", category: "jmeg_member", municipality: AttendanceFixture.venue)

        let day1: JSONValue = ["tenant": "dpi", "event": "OSH-2019-04-GULCHO", "entries": [
            Self.entry(aigul, "2019-04-16", "present"), Self.entry(bakyt, "2019-04-16", "late"),
            Self.entry(cholpon, "2019-04-16", "absent"), Self.entry(daniyar, "2019-04-16", "present"),
            Self.entry(walkIn, "2019-04-16", "present", walkIn: true),
        ]]
        let first = try await f.call(Self.record, day1)
        #expect(first["recorded"] == 5 && first["updated"] == 0 && first["unchanged"] == 0 && first["walk_ins_registered"] == 1)
        #expect(first["outcomes"]?[4]?["walk_in_registered"] == true)
        #expect(first["outcomes"]?[4]?["person_created"] == false)
        #expect(first["outcomes"]?[1]?["result"] == "recorded")
        #expect(first["outcomes"]?[1]?["previous_status"] == nil)
        #expect(first["outcomes"]?[3]?["person_id"] == AttendanceFixture.id(daniyar))
        #expect(try f.footprint(f.dpi) == [1, 6, 5, 5])

        // The same sheet again (a retry after a lost reply): unchanged, no audit or change rows.
        let again = try await f.call(Self.record, day1)
        #expect(again["unchanged"] == 5 && again["recorded"] == 0)
        #expect(again["outcomes"]?[0]?["result"] == "unchanged")
        #expect(try f.footprint(f.dpi) == [1, 6, 5, 5])

        // Day two, with a correction of day one.
        let day2 = try await f.call(Self.record, ["event": .string(event.uuidString), "entries": [
            Self.entry(aigul, "2019-04-17", "present"), Self.entry(bakyt, "2019-04-17", "absent"),
            Self.entry(cholpon, "2019-04-17", "late"), Self.entry(cholpon, "2019-04-16", "excused"),
            Self.entry(walkIn, "2019-04-17", "late"),
        ]])
        #expect(day2["recorded"] == 4 && day2["updated"] == 1)
        #expect(day2["outcomes"]?[3]?["previous_status"] == "absent")
        #expect(day2["outcomes"]?[3]?["result"] == "updated")
        #expect(try f.footprint(f.dpi) == [2, 11, 9, 5])
        let audit = try f.owner.query("SELECT uid, method, object_id FROM audit_log WHERE tenant_id = \(f.dpi) ORDER BY id")
        #expect(try audit.rows.map { try $0.decode("uid", as: Int64.self) } == [Int64(getuid()), Int64(getuid())])
        #expect(try audit[0].decode("method", as: String.self) == Self.record)
        #expect(try audit[0].decode("object_id", as: String.self) == event.uuidString.lowercased())

        let stats = try await f.call(Self.statistics, ["event": "OSH-2019-04-GULCHO"])
        #expect(stats["event_code"] == "OSH-2019-04-GULCHO" && stats["status"] == "in_progress" && stats["days"] == 2 && stats["capacity"] == 30)
        #expect(stats["registered"] == 5 && stats["walk_ins"] == 1 && stats["waitlisted"] == 0 && stats["cancelled"] == 0)
        // aigul, bakyt, cholpon (late on day 2), daniyar, the walk-in: all present or late at least once.
        #expect(stats["attended"] == 5 && stats["women"] == 3 && stats["men"] == 2 && stats["not_recorded"] == 0)
        #expect(stats["women_share"]?.doubleValue.map { abs($0 - 0.6) < 1e-9 } == true)
        #expect(stats["attendance_rate"] == 1.0)
        #expect(stats["by_day"]?[0]?["present"] == 3 && stats["by_day"]?[0]?["late"] == 1 && stats["by_day"]?[0]?["excused"] == 1)
        #expect(stats["by_day"]?[1]?["attended"] == 3 && stats["by_day"]?[1]?["absent"] == 1 && stats["by_day"]?[1]?["unmarked"] == 1)
        let municipalities = stats["by_municipality"]?.arrayValue ?? []
        #expect(municipalities.compactMap { $0["attended"]?.intValue }.reduce(0, +) == 5)
        #expect(municipalities.compactMap { $0["registered"]?.intValue }.reduce(0, +) == 5)
        #expect(municipalities.map { $0["role"]?.stringValue ?? "" } == ["target", "neighbour", "venue", "other"])
        #expect(municipalities.first?["municipality"]?["code"] == .string(AttendanceFixture.bulolu))
        #expect(municipalities.first?["municipality"]?["oblast"] == "41706000000000")
        #expect(municipalities.last?["municipality"] == nil)   // daniyar has none recorded
        #expect(stats["by_category"]?.arrayValue?.compactMap { $0["attended"]?.intValue }.reduce(0, +) == 5)
        #expect(stats["by_role"]?.arrayValue?.map { $0["role"]?.stringValue ?? "" } == ["target", "neighbour", "venue", "other"])
        #expect(stats["computed_at"]?.stringValue?.hasSuffix("Z") == true)

        // Present or late on both days: aigul and the walk-in; the others once (cholpon was excused on day one).
        let strict = try await f.call(Self.statistics, ["event": "OSH-2019-04-GULCHO", "min_days_present": 2])
        #expect(strict["attended"] == 2 && strict["women"] == 2 && strict["men"] == 0)
        #expect(strict["women_share"] == 1.0)
        #expect(try f.footprint(f.dpi) == [2, 11, 9, 5])  // statistics change nothing
        #expect(await f.daemon.terminate() == 0)
    }

    @Test func theGulchoTrainingThroughTrainingctl() async throws {
        let f = try await AttendanceFixture.start(prefix: "gulcho")
        let places = [AttendanceFixture.bulolu, AttendanceFixture.chongAlai, AttendanceFixture.kashkaSuu, AttendanceFixture.lenin, AttendanceFixture.buudalyk]
        let event = try f.event(f.dpi, code: "OSH-2019-04-GULCHO", status: "held", first: "2019-04-16", last: "2019-04-16",
                                invitations: [(places[0], "target"), (places[1], "target"), (places[2], "neighbour"), (places[3], "neighbour"), (places[4], "neighbour")])
        var people: [UUID] = []
        for index in 0..<25 {
            people.append(try f.person(f.dpi, "Катышуучу \(index) Уулу", sex: index < 11 ? "female" : "male",
                                       municipality: places[index % 5], event: event))
        }
        let sheet = FileManager.default.temporaryDirectory.appendingPathComponent("gulcho-\(UUID().uuidString.prefix(8)).csv")
        defer { try? FileManager.default.removeItem(at: sheet) }
        // What Excel writes in a Russian locale: BOM, semicolons, CRLF, a header.
        var text = "\u{FEFF}person_id;status\r\n"
        for (index, person) in people.enumerated() { text += "\(person.uuidString.lowercased());\(index % 6 == 0 ? "late" : "")\r\n" }
        try text.write(to: sheet, atomically: true, encoding: .utf8)
        let attend = try await Self.trainingctl(f.daemon, ["--tenant", "dpi", "attend", "OSH-2019-04-GULCHO", "--day", "2019-04-16", "--file", sheet.path])
        #expect(attend.status == 0, "\(attend.output)")
        #expect(attend.output.contains("25 recorded, 0 updated, 0 unchanged"), "\(attend.output)")

        // The 26th participant walked in: a woman from Bülölü, given inline.
        let walkIn = try await f.call(Self.record, ["event": "OSH-2019-04-GULCHO", "entries": [[
            "person": ["full_name": "Жумабаева Айзада", "sex": "female", "category": "initiative_group_member",
                       "municipality": .string(AttendanceFixture.bulolu), "phone": "0555 12-34-56"],
            "day": "2019-04-16", "status": "present"]]])
        #expect(walkIn["walk_ins_registered"] == 1 && walkIn["outcomes"]?[0]?["person_created"] == true)

        let repeated = try await Self.trainingctl(f.daemon, ["--tenant", "dpi", "attend", "OSH-2019-04-GULCHO", "--day", "2019-04-16",
                                                             "\(people[0].uuidString.lowercased()):late", people[1].uuidString.lowercased()])
        #expect(repeated.status == 0, "\(repeated.output)")
        #expect(repeated.output.contains("0 recorded, 0 updated, 2 unchanged"), "\(repeated.output)")

        let stats = try await Self.trainingctl(f.daemon, ["--tenant", "dpi", "stats", "OSH-2019-04-GULCHO"])
        #expect(stats.status == 0, "\(stats.output)")
        #expect(stats.output.hasPrefix("26 participants, 12 women (46.2%)"), "\(stats.output)")
        #expect(stats.output.contains("Бюлелинский айылный аймак"))
        #expect(stats.output.contains("By municipality") && stats.output.contains("neighbour"))

        let json = try await Self.trainingctl(f.daemon, ["--tenant", "dpi", "stats", "OSH-2019-04-GULCHO", "--json"])
        #expect(json.status == 0, "\(json.output)")
        let figures = try JSONParser.parse(json.output)
        #expect(figures["attended"] == 26 && figures["women"] == 12 && figures["men"] == 14 && figures["not_recorded"] == 0)
        #expect(figures["women_share"]?.doubleValue.map { abs($0 - 0.4615) < 0.0001 } == true)
        #expect(figures["walk_ins"] == 1 && figures["registered"] == 26)
        let rows = figures["by_municipality"]?.arrayValue ?? []
        #expect(rows.compactMap { $0["attended"]?.intValue }.reduce(0, +) == 26)
        #expect(rows.count == 5)
        #expect(figures["by_role"]?[0]?["role"] == "target" && figures["by_role"]?[0]?["municipalities"] == 2)
        #expect(figures["by_role"]?[1]?["role"] == "neighbour" && figures["by_role"]?[1]?["municipalities"] == 3)

        // A bad line in a sheet is reported with its line number.
        try "person_id,status\n\(people[2].uuidString.lowercased()),present\n\(UUID().uuidString.lowercased()),present\n".write(to: sheet, atomically: true, encoding: .utf8)
        let unknown = try await Self.trainingctl(f.daemon, ["--tenant", "dpi", "attend", "OSH-2019-04-GULCHO", "--day", "2019-04-16", "--file", sheet.path])
        #expect(unknown.status == 65, "\(unknown.output)")
        #expect(unknown.output.contains("PersonNotFound") && unknown.output.contains("line 3"), "\(unknown.output)")
        try "person_id,status\n\(people[2].uuidString.lowercased()),maybe\n".write(to: sheet, atomically: true, encoding: .utf8)
        let badStatus = try await Self.trainingctl(f.daemon, ["--tenant", "dpi", "attend", "OSH-2019-04-GULCHO", "--day", "2019-04-16", "--file", sheet.path])
        #expect(badStatus.status == 64, "\(badStatus.output)")
        #expect(badStatus.output.contains("line 2: unknown status 'maybe'"), "\(badStatus.output)")
        let help = try await Self.trainingctl(f.daemon, ["attend", "--help"])
        #expect(help.output.contains("Examples:") && help.output.contains("--file"))
        #expect(await f.daemon.terminate() == 0)
    }

    @Test func badInputIsRefusedNamingTheField() async throws {
        let f = try await AttendanceFixture.start(prefix: "attendbad", arguments: ["--max-import-rows", "5"])
        let event = try f.event(f.dpi, code: "BAD-INPUT")
        try f.event(f.dpi, code: "STILL-DRAFT", status: "draft")
        try f.event(f.dpi, code: "ALL-OVER", status: "closed")
        let aigul = try f.person(f.dpi, "Асанова Айгүл", sex: "female", event: event)
        let waiting = try f.person(f.dpi, "Беков Эркин", sex: "male", event: event, status: "waitlisted")
        func call(_ entries: JSONValue, event: String = "BAD-INPUT", extra: JSONObject = [:]) async -> VarlinkError? {
            var parameters: JSONObject = ["event": .string(event), "entries": entries]
            for (key, value) in extra { parameters[key] = value }
            return await f.failure(Self.record, .object(parameters))
        }
        let good = Self.entry(aigul, "2019-04-16", "present")

        // Wrong types and unknown enum values: the IDL validator names the path.
        #expect(await call("everyone") == .invalidParameter("entries"))
        #expect(await call([good, ["person_id": 42, "day": "2019-04-16", "status": "present"]]) == .invalidParameter("entries[1].person_id"))
        #expect(await call([["person_id": AttendanceFixture.id(aigul), "day": "2019-04-16", "status": "sleeping"]]) == .invalidParameter("entries[0].status"))
        #expect(await call([["person_id": AttendanceFixture.id(aigul), "day": "2019-04-16"]]) == .invalidParameter("entries[0].status"))
        #expect(await call([good], extra: ["colour": "red"]) == .invalidParameter("colour"))

        func field(_ error: VarlinkError?) -> String? {
            error?.name == "io.trainingd.System.InvalidField" ? error?.parameters["field"]?.stringValue : "\(String(describing: error))"
        }
        #expect(field(await call([good, ["person_id": AttendanceFixture.id(aigul), "day": "16.04.2019", "status": "present"]])) == "entries[1].day")
        #expect(field(await call([["person_id": AttendanceFixture.id(aigul), "day": "2019-02-30", "status": "present"]])) == "entries[0].day")
        #expect(field(await call([["person_id": "'; DROP TABLE attendance; --", "day": "2019-04-16", "status": "present"]])) == "entries[0].person_id")
        #expect(field(await call([["day": "2019-04-16", "status": "present"]])) == "entries[0].person_id")
        #expect(field(await call([])) == "entries")
        let person: JSONValue = ["full_name": .string(String(repeating: "Ы", count: 10_000)), "sex": "female", "category": "other"]
        #expect(field(await call([["person": person, "day": "2019-04-16", "status": "present"]])) == "entries[0].person.full_name")
        #expect(field(await call([["person": ["full_name": "Айгүл", "sex": "female", "category": "other", "municipality": "Гүлчө"],
                                   "day": "2019-04-16", "status": "present"]])) == "entries[0].person.municipality")
        #expect(field(await call([["person": ["full_name": "Айгүл", "sex": "female", "category": "other", "birth_year": 1850],
                                   "day": "2019-04-16", "status": "present"]])) == "entries[0].person.birth_year")
        #expect(field(await call([["person": ["full_name": "Айгүл", "sex": "female", "category": "other"],
                                   "day": "2019-04-16", "status": "absent"]])) == "entries[0].status")
        #expect(field(await call([["person_id": AttendanceFixture.id(aigul), "person": ["full_name": "Айгүл", "sex": "female", "category": "other"],
                                   "day": "2019-04-16", "status": "present"]])) == "entries[0].person")
        #expect(field(await call([good, Self.entry(aigul, "2019-04-16", "late")])) == "entries[1]")
        #expect(field(await f.failure(Self.statistics, ["event": "BAD-INPUT", "min_days_present": 0])) == "min_days_present")
        #expect(await f.failure(Self.statistics, ["event": "BAD-INPUT", "min_days_present": "two"]) == .invalidParameter("min_days_present"))

        // Refusals of the interface, each naming the entry at fault.
        let outside = await call([good, Self.entry(aigul, "2019-04-18", "present")])
        #expect(outside?.name == "io.trainingd.Attendance.DayOutsideEvent")
        #expect(outside?.parameters == ["entry": 1, "day": "2019-04-18", "first_day": "2019-04-16", "last_day": "2019-04-17"])
        let notRegistered = await call([good, Self.entry(waiting, "2019-04-16", "present")])
        #expect(notRegistered?.name == "io.trainingd.Attendance.NotRegistered")
        #expect(notRegistered?.parameters["entry"] == 1 && notRegistered?.parameters["registration_status"] == "waitlisted")
        #expect(notRegistered?.parameters["person_id"] == AttendanceFixture.id(waiting))
        let stranger = UUID()
        let missing = await call([Self.entry(stranger, "2019-04-16", "present")])
        #expect(missing == VarlinkError("io.trainingd.Attendance.PersonNotFound", parameters: ["entry": 0, "person_id": AttendanceFixture.id(stranger)]))
        #expect(await call([good], event: "NO-SUCH") == VarlinkError("io.trainingd.Attendance.EventNotFound", parameters: ["event": "NO-SUCH"]))
        #expect(await call([good], event: "STILL-DRAFT") == VarlinkError("io.trainingd.Attendance.EventNotOpen", parameters: ["event": "STILL-DRAFT", "status": "draft"]))
        #expect(await call([good], event: "ALL-OVER") == VarlinkError("io.trainingd.Attendance.EventNotOpen", parameters: ["event": "ALL-OVER", "status": "closed"]))
        let many = Array(repeating: good, count: 6)
        #expect(await call(.array(many)) == VarlinkError("io.trainingd.Attendance.TooManyEntries", parameters: ["limit": 5, "entries": 6]))
        #expect(await f.failure(Self.statistics, ["event": "NO-SUCH"]) == VarlinkError("io.trainingd.Attendance.EventNotFound", parameters: ["event": "NO-SUCH"]))

        // SQL in a walk-in's name is just a name.
        let sql = "Robert'); DROP TABLE person; --"
        let created = try await f.call(Self.record, ["event": "BAD-INPUT", "entries": [[
            "person": ["full_name": .string(sql), "sex": "male", "category": "other"], "day": "2019-04-16", "status": "late"]]])
        #expect(created["recorded"] == 1)
        let name = try f.owner.query("SELECT full_name FROM person WHERE tenant_id = \(f.dpi) AND full_name LIKE 'Robert%'")[0].decode("full_name", as: String.self)
        #expect(name == sql)
        // Nothing but that one call changed anything.
        #expect(try f.footprint(f.dpi) == [1, 2, 1, 3])
        #expect(await f.daemon.terminate() == 0)
    }

    @Test func tenantsCannotReachEachOthersEvents() async throws {
        let f = try await AttendanceFixture.start(prefix: "attendiso", arguments: ["--socket-mode", "0666"])
        let ours = try f.event(f.dpi, code: "OURS-1")
        let theirs = try f.event(f.rival, code: "THEIRS-1")
        let member = try f.person(f.dpi, "Асанова Айгүл", sex: "female", event: ours)
        let foreigner = try f.person(f.rival, "Чужой Человек", sex: "male", event: theirs)
        let registrar = AccessTests.outsider
        #expect(try await Self.trainingctl(f.daemon, ["--tenant", "dpi", "grant", String(registrar), "registrar"]).status == 0)
        let before = try f.footprint(f.rival)

        // The registrar of dpi names rival's event, by code or uuid: it does not exist for them.
        for reference in ["THEIRS-1", theirs.uuidString.lowercased()] {
            let attempt = try await Self.trainingctl(f.daemon, as: registrar, ["attend", reference, "--day", "2019-04-16", foreigner.uuidString.lowercased()])
            #expect(attempt.status == 65, "\(attempt.output)")
            #expect(attempt.output.contains("EventNotFound"), "\(attempt.output)")
            let stats = try await Self.trainingctl(f.daemon, as: registrar, ["stats", reference])
            #expect(stats.status == 65 && stats.output.contains("EventNotFound"), "\(stats.output)")
        }
        // Asking in rival's tenant is refused outright.
        let asRival = try await Self.trainingctl(f.daemon, as: registrar, ["--tenant", "rival", "attend", "THEIRS-1", "--day", "2019-04-16", foreigner.uuidString.lowercased()])
        #expect(asRival.status == 77, "\(asRival.output)")
        // rival's person on dpi's own event does not exist either.
        let person = try await Self.trainingctl(f.daemon, as: registrar, ["attend", "OURS-1", "--day", "2019-04-16", "--walk-in", foreigner.uuidString.lowercased()])
        #expect(person.status == 65 && person.output.contains("PersonNotFound"), "\(person.output)")
        // A system administrator acting in dpi does not see rival's event either.
        #expect(await f.failure(Self.record, ["tenant": "dpi", "event": "THEIRS-1", "entries": [Self.entry(foreigner, "2019-04-16", "present")]])?.name
                == "io.trainingd.Attendance.EventNotFound")
        #expect(try f.footprint(f.rival) == before)
        #expect(try f.footprint(f.dpi)[0] == 1)  // the grant

        // A viewer may read statistics but not record.
        #expect(try await Self.trainingctl(f.daemon, ["--tenant", "dpi", "grant", String(registrar), "viewer"]).status == 0)
        let viewer = try await Self.trainingctl(f.daemon, as: registrar, ["attend", "OURS-1", "--day", "2019-04-16", member.uuidString.lowercased()])
        #expect(viewer.status == 77 && viewer.output.contains("registrar"), "\(viewer.output)")
        #expect(try await Self.trainingctl(f.daemon, as: registrar, ["stats", "OURS-1"]).status == 0)

        // Recorded by the registrar: the audit row names their uid.
        #expect(try await Self.trainingctl(f.daemon, ["--tenant", "dpi", "grant", String(registrar), "registrar"]).status == 0)
        let marked = try await Self.trainingctl(f.daemon, as: registrar, ["attend", "OURS-1", "--day", "2019-04-17", "\(member.uuidString.lowercased()):late", "--json"])
        #expect(marked.status == 0, "\(marked.output)")
        #expect(try JSONParser.parse(marked.output)["recorded"] == 1)
        let audit = try f.owner.query("SELECT uid FROM audit_log WHERE tenant_id = \(f.dpi) AND method = \(Self.record)")
        #expect(try audit.rows.map { try $0.decode("uid", as: Int64.self) } == [Int64(registrar)])
        #expect(await f.daemon.terminate() == 0)
    }
}
