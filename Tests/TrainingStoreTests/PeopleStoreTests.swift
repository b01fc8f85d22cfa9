import Foundation
import Postgres
import TestSupport
import TrainingCore
import TrainingStore
import Testing

/// AddPerson's duplicate rules, FindPeople's lenient search, and MergePeople.
@Suite("People store")
struct PeopleStoreTests {
    let f: ParticipantStoreFixture

    init() async throws { f = try await ParticipantStoreFixture(prefix: "people") }

    @Test func addRefusesLikelyDuplicatesUnlessAllowed() async throws {
        let first = try await f.add("Асанова Айгүл Токтосуновна", phone: "0555 123456")
        #expect(first.phone == "0555 123456")
        #expect(first.municipality?.code == ParticipantStoreFixture.bulolu)
        #expect(first.municipality?.names.en == "Bülölü")
        // Same name in another word order and case, same municipality.
        let sameName = await #expect(throws: ParticipantStoreError.self) { try await f.add("токтосуновна АСАНОВА айгүл") }
        guard case .possibleDuplicates(let candidates) = sameName else { Issue.record("wrong error \(String(describing: sameName))"); return }
        #expect(candidates.map(\.person.id) == [first.id])
        #expect(candidates[0].reasons == [.sameNameAndMunicipality])
        // Same phone written the international way, other name.
        let samePhone = await #expect(throws: ParticipantStoreError.self) {
            try await f.add("Маматов Нурлан", municipality: ParticipantStoreFixture.chongAlai, phone: "+996 555 12-34-56")
        }
        guard case .possibleDuplicates(let byPhone) = samePhone else { Issue.record("wrong error"); return }
        #expect(byPhone.map(\.reasons) == [[.samePhone]])
        // ү is not у: a different person.
        let other = try await f.add("Асанова Айгул Токтосуновна")
        #expect(other.id != first.id)
        let forced = try await f.add("Асанова Айгүл Токтосуновна", allowDuplicate: true)
        #expect(forced.id != first.id)
        #expect(try f.count("person") == 3)
        #expect(try f.count("audit_log", where: "method = 'io.trainingd.People.AddPerson' AND uid = 1000") == 3)
        // An unknown municipality is refused before anything is written.
        let unknown = await #expect(throws: ParticipantStoreError.self) { try await f.add("Кто-то Новый", municipality: "41799999999999") }
        #expect(unknown == .municipalityNotFound("41799999999999"))
    }

    @Test func findIgnoresScriptCaseOrderAndKyrgyzLetters() async throws {
        let aigul = try await f.add("Айгүл Токтосунова", phone: "0555 123456")
        let bakyt = try await f.add("Бакыт Маматов", municipality: ParticipantStoreFixture.chongAlai)
        _ = try await f.add("Robert'); DROP TABLE person;--", municipality: nil)
        func find(_ text: String) async throws -> [UUID] {
            let words = NameKey.searchWords(text)
            return try await f.people.find(tenant: f.tenant.id, .init(words: words)).hits.map(\.person.id)
        }
        #expect(try await find("Aigul Toktosunova") == [aigul.id])
        #expect(try await find("токтосунова айгул") == [aigul.id])
        #expect(try await find("ток айг") == [aigul.id])
        #expect(try await find("Bakyt") == [bakyt.id])
        #expect(try await find("маматов нурлан").isEmpty)
        #expect(try await find("DROP TABLE").count == 1)
        let byPhone = try await f.people.find(tenant: f.tenant.id, .init(phone: ("0555123456", PhoneNumber.key("0555123456"))))
        #expect(byPhone.hits.map(\.person.id) == [aigul.id])
        let all = try await f.people.find(tenant: f.tenant.id, .init(page: ListPage(limit: 2, offset: 0)))
        #expect(all.total == 3 && all.hits.count == 2)
        let beyond = try await f.people.find(tenant: f.tenant.id, .init(page: ListPage(limit: 2, offset: 10)))
        #expect(beyond.total == 3 && beyond.hits.isEmpty)
        let filtered = try await f.people.find(tenant: f.tenant.id, .init(municipality: ParticipantStoreFixture.chongAlai))
        #expect(filtered.hits.map(\.person.id) == [bakyt.id])
    }

    @Test func mergeMovesAndCombinesRegistrationsAndAttendance() async throws {
        let a = try f.event("MERGE-A", capacity: 1)
        let b = try f.event("MERGE-B", capacity: 10)
        let keep = try await f.add("Асанова Айгүл", phone: "0555 111111")
        let dup = try await f.add("Асанова Айгүл", municipality: nil, allowDuplicate: true)
        let waiting = try await f.add("Жумабаева Айзада")
        // A: both registered?  keep takes the only seat, dup and waiting are waitlisted.
        #expect(try await f.register(a, keep.id).registration.status == .registered)
        #expect(try await f.register(a, dup.id).registration.status == .waitlisted)
        #expect(try await f.register(a, waiting.id).registration.status == .waitlisted)
        // B: only the duplicate is registered, with attendance.
        _ = try await f.register(b, dup.id)
        try f.attend(b, dup.id, day: "2019-04-16", status: "present")
        try f.attend(a, keep.id, day: "2019-04-16", status: "absent")
        try f.attend(a, dup.id, day: "2019-04-16", status: "late")
        try f.attend(a, dup.id, day: "2019-04-17", status: "present")

        let result = try await f.people.merge(tenant: f.tenant.id, uid: 1000, keep: keep.id, merged: [dup.id], fillMissing: true)
        #expect(result.movedRegistrations == 1)
        #expect(result.combinedRegistrations == 1)
        #expect(result.movedAttendance == 2)       // B's day and A's second day
        #expect(result.combinedAttendance == 1)    // A's first day: late beats absent
        #expect(result.promoted.isEmpty)           // keep's seat was kept; dup only waited
        let owner = try f.db.ownerConnection()
        let marks = try owner.query("""
            SELECT e.code, a.day::text AS day, a.status FROM attendance a JOIN event e ON e.id = a.event_id
            WHERE a.person_id = \(keep.id) ORDER BY e.code, a.day
            """).rows.map { "\(try $0.decode("code", as: String.self)) \(try $0.decode("day", as: String.self)) \(try $0.decode("status", as: String.self))" }
        #expect(marks == ["MERGE-A 2019-04-16 late", "MERGE-A 2019-04-17 present", "MERGE-B 2019-04-16 present"])
        #expect(try f.count("registration", where: "person_id = '\(dup.id.uuidString.lowercased())'") == 0)
        #expect(try owner.query("SELECT merged_into FROM person WHERE id = \(dup.id)")[0].decode("merged_into", as: UUID?.self) == keep.id)
        // The merged person is gone for every call; retrying the merge says so.
        let again = await #expect(throws: ParticipantStoreError.self) {
            try await f.people.merge(tenant: f.tenant.id, uid: 1000, keep: keep.id, merged: [dup.id], fillMissing: true)
        }
        #expect(again == .personNotFound(dup.id))
        #expect(try await f.people.find(tenant: f.tenant.id, .init(personIDs: [dup.id])).total == 0)
        #expect(try f.count("audit_log", where: "method = 'io.trainingd.People.MergePeople'") == 1)
    }

    @Test func mergeOfTwoSeatsPromotesTheWaitlistAndFillsMissingAttributes() async throws {
        let event = try f.event("MERGE-C", capacity: 2)
        let keep = try await f.add("Осмонова Бүбүсара", municipality: nil)
        let dup = try await f.add("Осмонова Бүбүсара", municipality: ParticipantStoreFixture.chongAlai, phone: "0700 123456")
        let next = try await f.add("Сыдыкова Чолпон")
        _ = try await f.register(event, keep.id)
        _ = try await f.register(event, dup.id)
        #expect(try await f.register(event, next.id).registration.status == .waitlisted)
        let result = try await f.people.merge(tenant: f.tenant.id, uid: 1000, keep: keep.id, merged: [dup.id], fillMissing: true)
        #expect(result.promoted == [.init(event: "MERGE-C", personID: next.id)])
        #expect(result.person.municipality?.code == ParticipantStoreFixture.chongAlai)
        #expect(result.person.phone == "0700 123456")
        let list = try await f.registrations.list(tenant: f.tenant.id, .init(event: event, person: nil))
        #expect(list.counts.registered == 2 && list.counts.waitlisted == 0)
    }
}
