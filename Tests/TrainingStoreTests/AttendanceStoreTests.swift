import Foundation
import Postgres
import TestSupport
import TrainingCore
import TrainingStore
import Testing

/// RecordAttendance and EventStatistics against a real database. Events, people and
/// registrations are seeded with SQL as the owner, so the tests depend on nothing but the
/// schema and the attendance store.
@Suite("Attendance store")
struct AttendanceStoreTests {
    static let method = "io.trainingd.Attendance.RecordAttendance"
    static let venue = "41706207814000", bulolu = "41706207811000", lenin = "41706207830000", chongAlai = "41706259851000"

    let db: StoreTestDatabase
    let store: AttendanceStore
    let tenant = UUID(), otherTenant = UUID()
    let event = UUID(), draftEvent = UUID(), otherEvent = UUID()
    /// aigul, bakyt, cholpon, daniyar: registered; erkin: waitlisted; farida: cancelled;
    /// gulnara: never registered; otherPerson: tenant B's.
    let aigul = UUID(), bakyt = UUID(), cholpon = UUID(), daniyar = UUID(), erkin = UUID(), farida = UUID(), gulnara = UUID()
    let otherPerson = UUID()
    let day1 = try! Day(iso: "2019-04-16", field: "day"), day2 = try! Day(iso: "2019-04-17", field: "day")

    init() async throws {
        db = try await StoreTestDatabase(prefix: "attendance")
        store = AttendanceStore(database: db.database)
        let c = try db.ownerConnection()
        try c.execute("INSERT INTO tenant (id, slug, name) VALUES (\(tenant), 'dpi', 'DPI'), (\(otherTenant), 'other', 'Other')")
        try Self.event(c, tenant: tenant, id: event, code: "OSH-2019-04-GULCHO", status: "in_progress", days: ("2019-04-16", "2019-04-17"))
        try Self.event(c, tenant: tenant, id: draftEvent, code: "DRAFT-1", status: "draft", days: ("2019-04-16", "2019-04-16"))
        try Self.event(c, tenant: otherTenant, id: otherEvent, code: "OTHER-1", status: "in_progress", days: ("2019-04-16", "2019-04-16"))
        try c.execute("""
            INSERT INTO event_municipality (tenant_id, event_id, municipality_code, role)
            VALUES (\(tenant), \(event), \(Self.bulolu), 'target'), (\(tenant), \(event), \(Self.lenin), 'neighbour')
            """)
        let people: [(UUID, String, String, String, String?)] = [
            (aigul, "Асанова Айгүл", "female", "council_deputy", Self.bulolu),
            (bakyt, "Токтосунов Бакыт", "male", "aiyl_okmotu_specialist", Self.bulolu),
            (cholpon, "Маматова Чолпон", "female", "initiative_group_member", Self.lenin),
            (daniyar, "Осмонов Данияр", "male", "aiyl_okmotu_head", Self.venue),
            (erkin, "Беков Эркин", "male", "other", Self.chongAlai),
            (farida, "Алиева Фарида", "female", "jmeg_member", nil),
            (gulnara, "Эшматова Гүлнара", "female", "jmeg_member", Self.lenin),
        ]
        for (id, name, sex, category, municipality) in people {
            try Self.person(c, tenant: tenant, id: id, name: name, sex: sex, category: category, municipality: municipality)
        }
        try Self.person(c, tenant: otherTenant, id: otherPerson, name: "Чужой Человек", sex: "male", category: "other", municipality: nil)
        for (person, status) in [(aigul, "registered"), (bakyt, "registered"), (cholpon, "registered"), (daniyar, "registered"),
                                 (erkin, "waitlisted"), (farida, "cancelled")] {
            try Self.register(c, tenant: tenant, event: event, person: person, status: status)
        }
        try Self.register(c, tenant: otherTenant, event: otherEvent, person: otherPerson, status: "registered")
    }

    static func event(_ c: PGConnection, tenant: UUID, id: UUID, code: String, status: String, days: (String, String)) throws {
        try c.execute("""
            INSERT INTO event (tenant_id, id, code, title, venue_municipality, first_day, last_day, capacity, status)
            VALUES (\(tenant), \(id), \(code), \("Биргелешкен пландоо"), \(venue), \(days.0)::date, \(days.1)::date, 30, \(status))
            """)
    }

    static func person(_ c: PGConnection, tenant: UUID, id: UUID, name: String, sex: String, category: String, municipality: String?) throws {
        try c.execute("""
            INSERT INTO person (tenant_id, id, full_name, name_key, sex, category, municipality_code)
            VALUES (\(tenant), \(id), \(name), \(NameKey.key(name)), \(sex), \(category), \(municipality))
            """)
    }

    static func register(_ c: PGConnection, tenant: UUID, event: UUID, person: UUID, status: String) throws {
        try c.execute("""
            INSERT INTO registration (tenant_id, event_id, person_id, status, source, category, municipality_code, cancelled_at)
            SELECT \(tenant), \(event), id, \(status), 'manual', category, municipality_code,
                   CASE WHEN \(status) = 'cancelled' THEN now() END
            FROM person WHERE tenant_id = \(tenant) AND id = \(person)
            """)
    }

    func mark(_ person: UUID, _ day: Day, _ status: AttendanceStatus, walkIn: Bool = false) -> AttendanceMarkInput {
        AttendanceMarkInput(subject: .person(person), day: day, status: status, walkIn: walkIn)
    }

    func record(_ entries: [AttendanceMarkInput], event reference: String = "OSH-2019-04-GULCHO", tenant: UUID? = nil, uid: UInt32 = 1001) async throws -> AttendanceRecording {
        try await store.record(tenant: tenant ?? self.tenant, event: reference, entries: entries, uid: uid, method: Self.method)
    }

    /// (audit rows, change rows, attendance rows, registrations) of the tenant, as the owner sees them.
    func counts(_ tenant: UUID? = nil) throws -> [Int] {
        let t = tenant ?? self.tenant
        let row = try db.ownerConnection().query("""
            SELECT (SELECT count(*) FROM audit_log WHERE tenant_id = \(t)) AS a, (SELECT count(*) FROM change_log WHERE tenant_id = \(t)) AS c,
                   (SELECT count(*) FROM attendance WHERE tenant_id = \(t)) AS m, (SELECT count(*) FROM registration WHERE tenant_id = \(t)) AS r
            """)[0]
        return [try row.decode("a"), try row.decode("c"), try row.decode("m"), try row.decode("r")]
    }

    func rejection(_ entries: [AttendanceMarkInput], event reference: String = "OSH-2019-04-GULCHO", tenant: UUID? = nil) async -> AttendanceStoreError? {
        await #expect(throws: AttendanceStoreError.self) { try await record(entries, event: reference, tenant: tenant) }
    }

    @Test func recordsUpdatesAndRepeatsIdempotently() async throws {
        let sheet = [mark(aigul, day1, .present), mark(bakyt, day1, .late), mark(cholpon, day1, .absent)]
        let first = try await record(sheet)
        #expect(first.outcomes.map(\.result) == [.recorded, .recorded, .recorded])
        #expect(first.outcomes.map(\.entry) == [0, 1, 2])
        #expect(first.eventCode == "OSH-2019-04-GULCHO" && first.eventID == event)
        #expect(try counts() == [1, 3, 3, 6])

        // A retry changes nothing and writes neither audit nor change rows.
        let again = try await record(sheet)
        #expect(again.outcomes.map(\.result) == [.unchanged, .unchanged, .unchanged])
        #expect(again.count(.unchanged) == 3)
        #expect(try counts() == [1, 3, 3, 6])

        // A correction replaces the status and names the one replaced.
        let corrected = try await record([mark(cholpon, day1, .present), mark(aigul, day1, .present), mark(aigul, day2, .excused)])
        #expect(corrected.outcomes.map(\.result) == [.updated, .unchanged, .recorded])
        #expect(corrected.outcomes[0].previousStatus == .absent)
        #expect(corrected.outcomes[1].previousStatus == nil)
        #expect(try counts() == [2, 5, 4, 6])

        let owner = try db.ownerConnection()
        let audit = try owner.query("SELECT uid, method, object_type, object_id, before::text, after::text FROM audit_log WHERE tenant_id = \(tenant) ORDER BY id DESC LIMIT 1")[0]
        #expect(try audit.decode("uid", as: Int64.self) == 1001)
        #expect(try audit.decode("method", as: String.self) == Self.method)
        #expect(try audit.decode("object_type", as: String.self) == "event")
        #expect(try audit.decode("object_id", as: String.self) == event.uuidString.lowercased())
        #expect(try audit.decode("before", as: String.self).contains("absent"))
        #expect(try audit.decode("after", as: String.self).contains("excused"))
        let changes = try owner.query("""
            SELECT kind, person_id, day, attendance_status, by_uid FROM change_log WHERE tenant_id = \(tenant) ORDER BY seq DESC LIMIT 2
            """).rows.map { (try $0.decode("kind", as: String.self), try $0.decode("person_id", as: UUID.self),
                             try $0.decode("day", as: Day.self), try $0.decode("attendance_status", as: String.self)) }
        #expect(changes.map(\.0) == ["attendance_recorded", "attendance_recorded"])
        #expect(changes.map(\.1) == [aigul, cholpon])
        #expect(changes.map(\.2) == [day2, day1])
        #expect(changes.map(\.3) == ["excused", "present"])
        let recordedBy = try owner.query("SELECT recorded_by FROM attendance WHERE person_id = \(cholpon)")[0].decode("recorded_by", as: Int64.self)
        #expect(recordedBy == 1001)
    }

    @Test func aDaysSheetOfThirtyEntriesInOneCall() async throws {
        let owner = try db.ownerConnection()
        var people: [UUID] = []
        for index in 0..<30 {
            let id = UUID()
            try Self.person(owner, tenant: tenant, id: id, name: "Катышуучу \(index)", sex: index % 2 == 0 ? "female" : "male",
                            category: "council_deputy", municipality: Self.bulolu)
            try Self.register(owner, tenant: tenant, event: event, person: id, status: "registered")
            people.append(id)
        }
        let sheet = people.enumerated().map { mark($1, day2, $0 % 7 == 0 ? .late : .present) }
        let result = try await record(sheet)
        #expect(result.count(.recorded) == 30)
        #expect(result.outcomes.map(\.personID) == people)
        #expect(try counts()[0...2] == [1, 30, 30])
    }

    @Test func walkInsAreRegisteredBeyondCapacityAndCounted() async throws {
        // Without walk_in, an unregistered or waitlisted person is refused with their status.
        #expect(await rejection([mark(aigul, day1, .present), mark(gulnara, day1, .present)])
                == .rejected(.notRegistered(entry: 1, registrationStatus: nil), eventCode: "OSH-2019-04-GULCHO", personID: gulnara))
        #expect(await rejection([mark(erkin, day1, .present)])
                == .rejected(.notRegistered(entry: 0, registrationStatus: .waitlisted), eventCode: "OSH-2019-04-GULCHO", personID: erkin))
        #expect(try counts() == [0, 0, 0, 6])

        let result = try await record([
            mark(gulnara, day1, .present, walkIn: true), mark(gulnara, day2, .late, walkIn: true),
            mark(erkin, day1, .late, walkIn: true), mark(aigul, day1, .present, walkIn: true),
        ])
        #expect(result.outcomes.map(\.walkInRegistered) == [true, false, true, false])
        #expect(result.walkInsRegistered == 2)
        #expect(result.count(.recorded) == 4)
        let owner = try db.ownerConnection()
        let registrations = try owner.query("""
            SELECT person_id, status, source, category, municipality_code FROM registration
            WHERE tenant_id = \(tenant) AND person_id IN (\(gulnara), \(erkin)) ORDER BY source, person_id
            """).rows.map { (try $0.decode("person_id", as: UUID.self), try $0.decode("status", as: String.self), try $0.decode("source", as: String.self)) }
        #expect(registrations.allSatisfy { $0.1 == "registered" && $0.2 == "walk_in" })
        #expect(Set(registrations.map(\.0)) == [gulnara, erkin])
        // The new registration snapshots the person's category and municipality.
        let snapshot = try owner.query("SELECT category, municipality_code FROM registration WHERE person_id = \(gulnara)")[0]
        #expect(try snapshot.decode("category", as: String.self) == "jmeg_member")
        #expect(try snapshot.decode("municipality_code", as: String?.self) == Self.lenin)
        let kinds = try owner.query("SELECT kind FROM change_log WHERE tenant_id = \(tenant) ORDER BY seq").rows.map { try $0.decode("kind", as: String.self) }
        #expect(kinds == ["registration_created", "registration_changed", "attendance_recorded", "attendance_recorded", "attendance_recorded", "attendance_recorded"])
        #expect(try counts() == [1, 6, 4, 7])

        let stats = try #require(try await store.statistics(tenant: tenant, event: "OSH-2019-04-GULCHO", minDaysPresent: nil))
        #expect(stats.statistics.walkIns == 2)
        #expect(stats.statistics.registered == 6)
        #expect(stats.statistics.waitlisted == 0)
    }

    @Test func refusalsNameTheEntryAndChangeNothing() async throws {
        let outside = day2.adding(days: 1)
        #expect(await rejection([mark(aigul, day1, .present), mark(bakyt, outside, .present)])
                == .rejected(.dayOutsideEvent(entry: 1, day: outside, firstDay: day1, lastDay: day2), eventCode: "OSH-2019-04-GULCHO", personID: nil))
        #expect(await rejection([mark(aigul, day1.adding(days: -1), .present)])
                == .rejected(.dayOutsideEvent(entry: 0, day: day1.adding(days: -1), firstDay: day1, lastDay: day2), eventCode: "OSH-2019-04-GULCHO", personID: nil))
        let stranger = UUID()
        #expect(await rejection([mark(aigul, day1, .present), mark(stranger, day1, .present)])
                == .rejected(.personNotFound(entry: 1), eventCode: "OSH-2019-04-GULCHO", personID: stranger))
        #expect(await rejection([mark(aigul, day1, .present)], event: "DRAFT-1")
                == .rejected(.eventNotOpen(status: .draft), eventCode: "DRAFT-1", personID: nil))
        #expect(await rejection([mark(aigul, day1, .present)], event: "NO-SUCH-EVENT") == .eventNotFound("NO-SUCH-EVENT"))
        #expect(await rejection([mark(aigul, day1, .present)], event: UUID().uuidString) != nil)
        let repeated = await #expect(throws: ValidationError.self) {
            try await record([mark(aigul, day1, .present), mark(bakyt, day1, .present), mark(aigul, day1, .late)])
        }
        #expect(repeated?.field == "entries[2]")
        #expect(try counts() == [0, 0, 0, 6])
        // By uuid as well as by code.
        let byID = try await record([mark(aigul, day1, .present)], event: event.uuidString)
        #expect(byID.count(.recorded) == 1)
    }

    @Test func anotherTenantsEventAndPeopleDoNotExist() async throws {
        // Tenant B names A's event: not found, and nothing changes anywhere.
        #expect(await rejection([mark(aigul, day1, .present)], tenant: otherTenant) == .eventNotFound("OSH-2019-04-GULCHO"))
        #expect(await rejection([mark(aigul, day1, .present)], event: event.uuidString, tenant: otherTenant) == .eventNotFound(event.uuidString))
        // A names B's person on its own event: that person does not exist for A.
        #expect(await rejection([mark(otherPerson, day1, .present, walkIn: true)])
                == .rejected(.personNotFound(entry: 0), eventCode: "OSH-2019-04-GULCHO", personID: otherPerson))
        #expect(await rejection([mark(otherPerson, day1, .present)], event: "OTHER-1") == .eventNotFound("OTHER-1"))
        #expect(try counts() == [0, 0, 0, 6])
        #expect(try counts(otherTenant) == [0, 0, 0, 1])
        #expect(try await store.statistics(tenant: tenant, event: "OTHER-1", minDaysPresent: nil) == nil)
        #expect(try await store.statistics(tenant: otherTenant, event: event.uuidString, minDaysPresent: nil) == nil)
    }

    @Test func inlineWalkInsAreCreatedOnceAndMatchedAfterwards() async throws {
        let draft = try PersonDraft(fullName: "Жумабаева Айзада", sex: .female, birthYear: 1985, disability: nil, category: .initiativeGroupMember,
                                    municipality: Self.bulolu, phone: "0555 12-34-56", prefix: "entries[0].person.", currentYear: 2025)
        let entry = AttendanceMarkInput(subject: .newPerson(draft, allowDuplicate: false), day: day1, status: .present, walkIn: false)
        #expect(entry.walkIn)
        let first = try await record([entry, mark(aigul, day1, .present)])
        #expect(first.outcomes[0].personCreated && first.outcomes[0].walkInRegistered)
        #expect(first.outcomes[0].result == .recorded)
        let created = first.outcomes[0].personID
        let row = try db.ownerConnection().query("SELECT full_name, phone, sex, birth_year FROM person WHERE id = \(created)")[0]
        #expect(try row.decode("full_name", as: String.self) == "Жумабаева Айзада")
        #expect(try row.decode("phone", as: String.self) == "996555123456")
        #expect(try row.decode("birth_year", as: Int.self) == 1985)
        #expect(try counts() == [1, 3, 2, 7])

        // The same sheet again converges on the same person: nothing new.
        let again = try await record([entry, mark(aigul, day1, .present)])
        #expect(again.outcomes[0].personID == created)
        #expect(!again.outcomes[0].personCreated && !again.outcomes[0].walkInRegistered)
        #expect(again.outcomes.map(\.result) == [.unchanged, .unchanged])
        #expect(try counts() == [1, 3, 2, 7])

        // A second person with the same name and municipality makes the match ambiguous.
        try Self.person(try db.ownerConnection(), tenant: tenant, id: UUID(), name: "Айзада Жумабаева", sex: "female",
                        category: "other", municipality: Self.bulolu)
        let ambiguous = await rejection([entry])
        guard case .possibleDuplicates(let index, let candidates)? = ambiguous else {
            Issue.record("expected possibleDuplicates, got \(String(describing: ambiguous))")
            return
        }
        #expect(index == 0 && candidates.count == 2)
        #expect(candidates.contains { $0.person.id == created && $0.reasons.contains(.sameNameAndMunicipality) && $0.person.phone == "0555 12-34-56" })
        #expect(candidates.first?.person.municipality?.code == Self.bulolu)
        // allow_duplicate creates a new one regardless.
        let forced = AttendanceMarkInput(subject: .newPerson(draft, allowDuplicate: true), day: day2, status: .late, walkIn: true)
        let third = try await record([forced])
        #expect(third.outcomes[0].personCreated && third.outcomes[0].personID != created)

        // An unknown municipality is refused before anything is created.
        let nowhere = try PersonDraft(fullName: "Ким Ким", sex: .male, birthYear: nil, disability: nil, category: .other,
                                      municipality: "41799999999999", phone: nil, currentYear: 2025)
        #expect(await rejection([AttendanceMarkInput(subject: .newPerson(nowhere, allowDuplicate: false), day: day1, status: .present, walkIn: true)])
                == .municipalityNotFound("41799999999999"))
        // Inline walk-ins for a day outside the event are refused before anyone is created.
        let people = try db.ownerConnection().query("SELECT count(*) AS n FROM person WHERE tenant_id = \(tenant)")[0].decode("n", as: Int.self)
        let late = AttendanceMarkInput(subject: .newPerson(nowhere, allowDuplicate: true), day: day2.adding(days: 5), status: .present, walkIn: true)
        #expect(await rejection([late]) == .rejected(.dayOutsideEvent(entry: 0, day: day2.adding(days: 5), firstDay: day1, lastDay: day2),
                                                      eventCode: "OSH-2019-04-GULCHO", personID: nil))
        #expect(try db.ownerConnection().query("SELECT count(*) AS n FROM person WHERE tenant_id = \(tenant)")[0].decode("n", as: Int.self) == people)
    }

    @Test func statisticsOfATwoDayEvent() async throws {
        _ = try await record([mark(aigul, day1, .present), mark(bakyt, day1, .late), mark(cholpon, day1, .absent), mark(daniyar, day1, .present)])
        _ = try await record([mark(aigul, day2, .present), mark(bakyt, day2, .absent), mark(cholpon, day2, .late), mark(gulnara, day2, .present, walkIn: true)])
        let report = try #require(try await store.statistics(tenant: tenant, event: "OSH-2019-04-GULCHO", minDaysPresent: nil))
        let s = report.statistics
        #expect(report.eventCode == "OSH-2019-04-GULCHO" && report.status == .inProgress && report.capacity == 30)
        #expect(report.firstDay == day1 && report.lastDay == day2 && s.days == 2)
        #expect(s.registered == 5 && s.waitlisted == 1 && s.cancelled == 1 && s.walkIns == 1)
        #expect(s.attended == SexSplit(women: 3, men: 2))
        #expect(abs(s.womenShare - 0.6) < 1e-9)
        #expect(s.byDay.map(\.attended.total) == [3, 3])
        #expect(s.byDay[0].absent == 1 && s.byDay[0].unmarked == 1)  // gulnara registered on day 2, unmarked on day 1
        #expect(s.byMunicipality.map(\.attended.total).reduce(0, +) == 5)
        #expect(s.byMunicipality.map(\.registered).reduce(0, +) == 5)
        #expect(s.byMunicipality.map(\.municipality) == [Self.bulolu, Self.lenin, Self.venue])
        #expect(s.byMunicipality.map(\.role) == [.target, .neighbour, .venue])
        #expect(report.municipalities[Self.bulolu]?.names.ru.contains("Бюлел") == true)
        #expect(report.municipalities[Self.lenin]?.district == "41706207000000")

        let two = try #require(try await store.statistics(tenant: tenant, event: event.uuidString, minDaysPresent: 2))
        #expect(two.statistics.attended == SexSplit(women: 1))  // only aigul came on both days
        #expect(two.statistics.minDaysPresent == 2)
    }
}
