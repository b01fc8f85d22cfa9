import Foundation
import Postgres
import TestSupport
import TrainingCore
import TrainingStore
import Testing

/// Seats, the waitlist, cancellations and imports at the store level.
@Suite("Registration store")
struct RegistrationStoreTests {
    let f: ParticipantStoreFixture

    init() async throws { f = try await ParticipantStoreFixture(prefix: "registrations") }

    @Test func registerIsIdempotentAndWaitlistsBeyondCapacity() async throws {
        let event = try f.event("REG-1", capacity: 1)
        let aigul = try await f.add("Асанова Айгүл")
        let bakyt = try await f.add("Маматов Бакыт")
        let first = try await f.register(event, aigul.id)
        #expect(first.outcome == .created && first.registration.status == .registered)
        #expect(first.registration.municipalityRole == .other)
        let changes = try f.count("change_log")
        let audits = try f.count("audit_log")
        let again = try await f.register(event, aigul.id)
        #expect(again.outcome == .existing)
        #expect(again.registration.registeredAt == first.registration.registeredAt)
        #expect(try f.count("change_log") == changes && f.count("audit_log") == audits, "a repeat writes nothing")
        let second = try await f.register(event, bakyt.id)
        #expect(second.registration.status == .waitlisted && second.registration.waitlistPosition == 1)
        #expect(try f.count("registration") == 2)
    }

    @Test func inlinePersonsAreMatchedOrCreated() async throws {
        let event = try f.event("REG-2", capacity: 10)
        let draft = try f.draft("Токтосунов Бакыт", sex: .male, category: .aiylOkmotuSpecialist, phone: "0555 987654")
        let created = try await f.registrations.register(tenant: f.tenant.id, uid: 1000, .init(event: event, subject: .inline(draft, allowDuplicate: false)))
        #expect(created.personCreated && created.outcome == .created)
        #expect(created.registration.category == .aiylOkmotuSpecialist)
        // The same person again (another spelling of the phone): reused, already registered.
        let retry = try await f.registrations.register(tenant: f.tenant.id, uid: 1000, .init(
            event: event, subject: .inline(try f.draft("бакыт ТОКТОСУНОВ", sex: .male, category: .aiylOkmotuSpecialist, phone: "+996555987654"), allowDuplicate: false)))
        #expect(!retry.personCreated && retry.outcome == .existing && retry.registration.person.id == created.registration.person.id)
        // Same phone, other name: refused with the candidate.
        let clash = await #expect(throws: ParticipantStoreError.self) {
            try await f.registrations.register(tenant: f.tenant.id, uid: 1000, .init(
                event: event, subject: .inline(try f.draft("Жолдошев Улан", sex: .male, phone: "0555 987654"), allowDuplicate: false)))
        }
        guard case .possibleDuplicates(let candidates) = clash else { Issue.record("wrong error"); return }
        #expect(candidates.map(\.person.id) == [created.registration.person.id])
        #expect(try f.count("person") == 1)
    }

    @Test func registrationKeepsTheCategoryAndMunicipalityOfItsTime() async throws {
        let event = try f.event("REG-3", capacity: 10)
        try f.db.ownerConnection().execute("""
            INSERT INTO event_municipality (tenant_id, event_id, municipality_code, role)
            SELECT tenant_id, id, \(ParticipantStoreFixture.bulolu), 'target' FROM event WHERE code = 'REG-3'
            """)
        let person = try await f.add("Сыдыкова Чолпон")
        _ = try await f.register(event, person.id)
        try f.db.ownerConnection().execute("UPDATE person SET category = 'council_chair', municipality_code = \(ParticipantStoreFixture.chongAlai) WHERE id = \(person.id)")
        let listed = try await f.registrations.list(tenant: f.tenant.id, .init(event: event, person: nil))
        let registration = try #require(listed.registrations.first)
        #expect(registration.category == .councilDeputy)
        #expect(registration.municipality?.code == ParticipantStoreFixture.bulolu)
        #expect(registration.municipalityRole == .target)
        #expect(registration.person.category == .councilChair)
    }

    @Test func cancellingPromotesInArrivalOrderAndReactivationIsANewArrival() async throws {
        let event = try f.event("REG-4", capacity: 2)
        var people: [PersonRecord] = []
        for name in ["Абдыраев Талант", "Жолдошев Улан", "Эргешов Мирлан", "Орозбеков Канат"] { people.append(try await f.add(name)) }
        for person in people { _ = try await f.register(event, person.id) }
        let cancelled = try await f.registrations.cancel(tenant: f.tenant.id, uid: 1000, event: event, person: people[0].id, reason: "ill")
        #expect(cancelled.registration.status == .cancelled && cancelled.registration.cancelReason == "ill")
        #expect(cancelled.promoted.map(\.person.id) == [people[2].id])
        #expect(cancelled.promoted.first?.status == .registered)
        // Cancelling again changes nothing.
        let changes = try f.count("change_log")
        let repeatCancel = try await f.registrations.cancel(tenant: f.tenant.id, uid: 1000, event: event, person: people[0].id, reason: nil)
        #expect(repeatCancel.promoted.isEmpty && repeatCancel.registration.status == .cancelled)
        #expect(try f.count("change_log") == changes)
        // Back again: behind the waitlisted person.
        let back = try await f.register(event, people[0].id)
        #expect(back.outcome == .reactivated && back.registration.status == .waitlisted && back.registration.waitlistPosition == 2)
        #expect(back.registration.cancelReason == nil)
        let list = try await f.registrations.list(tenant: f.tenant.id, .init(event: event, person: nil, statuses: [.waitlisted]))
        #expect(list.registrations.map(\.person.id) == [people[3].id, people[0].id])
        #expect(list.registrations.map(\.waitlistPosition) == [1, 2])
        #expect(list.total == 2 && list.counts.registered == 2 && list.counts.waitlisted == 2 && list.counts.cancelled == 0)
    }

    @Test func cancellingIsRefusedWhileAttendanceIsRecordedAndClosedEventsTakeNothing() async throws {
        let event = try f.event("REG-5", capacity: 5)
        let person = try await f.add("Кадыров Эрлан")
        _ = try await f.register(event, person.id)
        try f.attend(event, person.id, day: "2019-04-17", status: "late")
        let refused = await #expect(throws: ParticipantStoreError.self) {
            try await f.registrations.cancel(tenant: f.tenant.id, uid: 1000, event: event, person: person.id, reason: nil)
        }
        #expect(refused == .attendanceRecorded(event: "REG-5", personID: person.id, days: [try Day(iso: "2019-04-17", field: "day")]))
        let closed = try f.event("REG-6", capacity: 5, status: "closed")
        let notOpen = await #expect(throws: ParticipantStoreError.self) { try await f.register(closed, person.id) }
        #expect(notOpen == .eventNotOpen(event: "REG-6", status: "closed"))
        let missing = await #expect(throws: ParticipantStoreError.self) {
            try await f.registrations.cancel(tenant: f.tenant.id, uid: 1000, event: closed, person: person.id, reason: nil)
        }
        #expect(missing == .registrationNotFound(event: "REG-6", personID: person.id))
        let unknown = await #expect(throws: ParticipantStoreError.self) { try await f.register("NO-SUCH-EVENT", person.id) }
        #expect(unknown == .eventNotFound("NO-SUCH-EVENT"))
        let nobody = UUID()
        let noPerson = await #expect(throws: ParticipantStoreError.self) { try await f.register(event, nobody) }
        #expect(noPerson == .personNotFound(nobody))
    }

    static func rows(_ inputs: [ImportRowInput]) -> [Result<ImportRowDraft, ImportRowDraft.Invalid>] {
        inputs.enumerated().map { ImportRowDraft.validate($1, index: $0, currentYear: 2026) }
    }

    @Test func importIsOneTransactionKeyedAndReplayed() async throws {
        let event = try f.event("IMP-1", capacity: 3)
        let existing = try await f.add("Маматов Нурлан", municipality: "41706259824000")
        let inputs = [
            ImportRowInput(row: 2, fullName: "Асанова Айгүл", sex: .female, birthYear: 1984, category: .councilDeputy, municipality: ParticipantStoreFixture.bulolu, phone: "0555 123456"),
            ImportRowInput(row: 3, fullName: "маматов нурлан", sex: .male, category: .councilChair, municipality: "41706259824000"),
            ImportRowInput(row: 4, fullName: "Robert'); DROP TABLE person;--", sex: .male, category: .other),
            ImportRowInput(row: 5, fullName: "Токтосунов Бакыт", sex: .male, category: .aiylOkmotuSpecialist),
            ImportRowInput(row: 6, fullName: "Бадалова Гүлзат", sex: .female, birthYear: 1850, category: .other),
        ]
        let request = RegistrationStore.ImportRequest(event: event, idempotencyKey: "list-v1", rows: Self.rows(inputs), fingerprint: "rows-v1")
        let result = try await f.registrations.importRegistrations(tenant: f.tenant.id, uid: 1000, request)
        #expect(result.committed && !result.replayed)
        #expect(result.outcomes.map(\.outcome) == [.created, .matched, .created, .waitlisted, .rejected])
        #expect(result.outcomes[1].personID == existing.id)
        #expect(result.outcomes[4].field == "rows[4].birth_year" && result.outcomes[4].row == 6)
        #expect(result.summary.peopleCreated == 3 && result.summary.rejected == 1)
        let names = try f.db.ownerConnection().query("SELECT full_name FROM person WHERE tenant_id = \(f.tenant.id) ORDER BY full_name").rows
            .map { try $0.decode("full_name", as: String.self) }
        #expect(names.contains("Robert'); DROP TABLE person;--"))
        #expect(try f.count("registration", where: "source = 'import'") == 4)
        #expect(try f.count("change_log", where: "method = 'io.trainingd.Registrations.ImportRegistrations'") == 4)
        #expect(try f.count("audit_log", where: "method = 'io.trainingd.Registrations.ImportRegistrations' AND uid = 1000") == 1)

        // The same key and rows: the stored outcome, nothing written.
        let counts = (try f.count("person"), try f.count("registration"), try f.count("change_log"), try f.count("audit_log"))
        let replay = try await f.registrations.importRegistrations(tenant: f.tenant.id, uid: 1000, request)
        #expect(replay.replayed && replay.outcomes == result.outcomes && replay.summary == result.summary)
        #expect((try f.count("person"), try f.count("registration"), try f.count("change_log"), try f.count("audit_log")) == counts)
        // The same key with other rows: refused.
        var other = request
        other.fingerprint = "rows-v2"
        let reused = await #expect(throws: ParticipantStoreError.self) { try await f.registrations.importRegistrations(tenant: f.tenant.id, uid: 1000, other) }
        #expect(reused == .idempotencyKeyReused("list-v1"))
        // A new key with the same rows: everyone matched, nobody created twice.
        var rerun = request
        rerun.idempotencyKey = "list-v1-again"
        let second = try await f.registrations.importRegistrations(tenant: f.tenant.id, uid: 1000, rerun)
        #expect(second.summary.peopleCreated == 0 && second.outcomes.prefix(4).allSatisfy(\.alreadyRegistered))
        #expect(try f.count("person") == counts.0)
    }

    /// The planner's facts come from per-key lookups (name key, phone, person id) and only the
    /// matched persons' registrations: every kind of match still finds its person, merged
    /// persons are not found, and a later call sees the registrations of the calls before.
    @Test func importMatchesByNamePhoneAndIdAcrossCalls() async throws {
        let event = try f.event("IMP-3", capacity: nil)
        let byName = try await f.add("Жолдошев Улан")
        let byPhone = try await f.add("Сыдыкова Гүлнара", phone: "0555 111222")
        let byID = try await f.add("Осмонов Азамат", municipality: ParticipantStoreFixture.gulcho)
        let kept = try await f.add("Абдыкадырова Жылдыз")
        let merged = try await f.add("Абдыкадырова Жылдыз", phone: "0555 333444", allowDuplicate: true)
        _ = try await f.people.merge(tenant: f.tenant.id, uid: 1000, keep: kept.id, merged: [merged.id], fillMissing: false)
        _ = try await f.register(event, byName.id)
        let first = [
            ImportRowInput(row: 2, fullName: "улан жолдошев", sex: .male, category: .councilDeputy, municipality: ParticipantStoreFixture.bulolu),
            ImportRowInput(row: 3, fullName: "Другая Фамилия", sex: .female, category: .other, phone: "+996 555 111222"),
            ImportRowInput(row: 4, personID: byID.id.uuidString),
            ImportRowInput(row: 5, personID: merged.id.uuidString),
            ImportRowInput(row: 6, fullName: "Новый Человек", sex: .male, category: .other, phone: "0700 123456"),
        ]
        let one = try await f.registrations.importRegistrations(tenant: f.tenant.id, uid: 1000, .init(
            event: event, idempotencyKey: "calls-1", rows: Self.rows(first), fingerprint: "1"))
        #expect(one.outcomes.map(\.outcome) == [.matched, .rejected, .matched, .rejected, .created])
        #expect(one.outcomes[0].personID == byName.id && one.outcomes[0].alreadyRegistered)
        #expect(one.outcomes[1].field == "rows[1].phone" && one.outcomes[1].candidates == [byPhone.id])
        #expect(one.outcomes[2].personID == byID.id && !one.outcomes[2].alreadyRegistered)
        #expect(one.outcomes[3].field == "rows[3].person_id")
        let created = try #require(one.outcomes[4].personID)
        // A second call: the person the first created is matched by phone and already registered.
        let second = [
            ImportRowInput(row: 7, fullName: "новый человек", sex: .male, category: .other, phone: "996700123456"),
            ImportRowInput(row: 8, personID: byID.id.uuidString),
        ]
        let two = try await f.registrations.importRegistrations(tenant: f.tenant.id, uid: 1000, .init(
            event: event, idempotencyKey: "calls-2", rows: Self.rows(second), fingerprint: "2"))
        #expect(two.outcomes.map(\.personID) == [created, byID.id] && two.outcomes.allSatisfy(\.alreadyRegistered))
        #expect(two.summary.peopleCreated == 0)
    }

    @Test func dryRunsAndAllOrNothingCommitNothing() async throws {
        let event = try f.event("IMP-2", capacity: nil)
        let inputs = [
            ImportRowInput(fullName: "Исаков Замирбек", sex: .male, category: .aiylOkmotuHead),
            ImportRowInput(fullName: "Сагынбаев Нурбек", sex: .male),
        ]
        let dry = try await f.registrations.importRegistrations(tenant: f.tenant.id, uid: 1000, .init(
            event: event, idempotencyKey: "dry", rows: Self.rows(inputs), fingerprint: "x", dryRun: true))
        #expect(!dry.committed && dry.outcomes[0].outcome == .created && dry.outcomes[0].personID == nil)
        #expect(dry.outcomes[1].field == "rows[1].category")
        let strict = try await f.registrations.importRegistrations(tenant: f.tenant.id, uid: 1000, .init(
            event: event, idempotencyKey: "strict", rows: Self.rows(inputs), fingerprint: "x", allOrNothing: true))
        #expect(!strict.committed && strict.summary.rejected == 1)
        #expect(try f.count("person") == 0 && f.count("import_batch") == 0 && f.count("audit_log") == 0)
        // Without the bad row it commits; no capacity means nobody waits.
        let fine = try await f.registrations.importRegistrations(tenant: f.tenant.id, uid: 1000, .init(
            event: event, idempotencyKey: "strict", rows: Self.rows([inputs[0]]), fingerprint: "y", allOrNothing: true))
        #expect(fine.committed && fine.outcomes[0].registrationStatus == .registered)
    }
}
