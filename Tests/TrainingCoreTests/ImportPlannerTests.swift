import Foundation
import TrainingCore
import Testing

/// Row-by-row decisions of an import: validation, matching, seats, and rows seeing earlier rows.
@Suite("Import planner")
struct ImportPlannerTests {
    static let bulolu = "41706207811000"
    static let lenin = "41706207830000"

    static func row(_ name: String?, sex: Sex? = .female, category: PersonCategory? = .councilDeputy, municipality: String? = bulolu,
                    phone: String? = nil, birthYear: Int64? = nil, status: RegistrationStatus? = nil, personID: String? = nil,
                    allowDuplicate: Bool = false, number: Int64? = nil) -> ImportRowInput {
        ImportRowInput(row: number, personID: personID, fullName: name, sex: sex, birthYear: birthYear, category: category,
                       municipality: municipality, phone: phone, status: status, allowDuplicate: allowDuplicate)
    }

    static func plan(_ inputs: [ImportRowInput], capacity: Int = 30, registered: Int = 0, registrations: [UUID: RegistrationStatus] = [:],
                     persons: [ImportPlanner.KnownPerson] = []) -> ImportPlanner.Plan {
        let rows = inputs.enumerated().map { ImportRowDraft.validate($1, index: $0, currentYear: 2026) }
        var next = 0
        return ImportPlanner.plan(rows, context: .init(capacity: capacity, registeredCount: registered, registrations: registrations,
                                                       persons: persons, municipalities: [bulolu, lenin]),
                                  makeID: { next += 1; return UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", next))! })
    }

    @Test func createsMatchesAndWaitlists() {
        let existing = UUID()
        let known = ImportPlanner.KnownPerson(id: existing, identity: PersonIdentity(nameKey: NameKey.key("Маматов Нурлан"), municipality: Self.lenin, phoneKey: nil),
                                              category: .councilChair, municipality: Self.lenin)
        let plan = Self.plan([
            Self.row("Асанова Айгүл", number: 2),
            Self.row("Маматов Нурлан", sex: .male, category: nil, municipality: Self.lenin, number: 3),
            Self.row("айгүл  АСАНОВА", number: 4),                 // same person as row 2
            Self.row("Токтосунов Бакыт", sex: .male, number: 5),  // no seat left
        ], capacity: 2, persons: [known])
        #expect(plan.outcomes.map(\.outcome) == [.created, .matched, .matched, .waitlisted])
        #expect(plan.outcomes.map(\.row) == [2, 3, 4, 5])
        #expect(plan.outcomes[1].personID == existing)
        #expect(plan.outcomes[2].personID == plan.outcomes[0].personID)
        #expect(plan.outcomes[2].alreadyRegistered)
        #expect(plan.outcomes[3].personCreated && plan.outcomes[3].registrationStatus == .waitlisted)
        #expect(plan.newPersons.count == 2)
        #expect(plan.writes.map(\.status) == [.registered, .registered, .waitlisted])
        // The matched person's registration records its category at the time (the person's).
        #expect(plan.writes[1].category == .councilChair)
        let summary = plan.summary
        #expect(summary.rows == 4 && summary.created == 1 && summary.matched == 2 && summary.waitlisted == 1 && summary.peopleCreated == 2)
    }

    @Test func rejectsRowsNamingTheField() {
        let plan = Self.plan([
            Self.row(String(repeating: "ы", count: 10_000)),
            Self.row("Ok Name", birthYear: 1850),
            Self.row("Ok Name", municipality: "41799999999999"),
            Self.row("New Person", category: nil),
            Self.row(nil),
            Self.row(nil, personID: "not-a-uuid"),
            Self.row(nil, personID: UUID().uuidString),
            Self.row("Robert'); DROP TABLE person;--", phone: "x1"),
        ])
        #expect(plan.outcomes.allSatisfy { $0.outcome == .rejected && $0.personID == nil })
        #expect(plan.outcomes.map(\.field) == [
            "rows[0].full_name", "rows[1].birth_year", "rows[2].municipality", "rows[3].category", "rows[4].full_name",
            "rows[5].person_id", "rows[6].person_id", "rows[7].phone",
        ])
        #expect(plan.outcomes[0].reason?.contains("10000") == true)
        #expect(plan.writes.isEmpty && plan.newPersons.isEmpty)
    }

    /// A person_id that is no canonical id is refused as such, even where Foundation's parser
    /// would read it as another id (" 0234567-…" as 02345607-…), which would name someone else.
    @Test func personIdsAreReadStrictly() throws {
        let id = UUID()
        let exact = ImportRowDraft.validate(Self.row(nil, personID: id.uuidString), index: 0, currentYear: 2026)
        #expect(try exact.get().subject == .existing(id))
        for text in [" 0234567-89ab-cdef-0123-456789abcdef", "+0234567-89ab-cdef-0123-456789abcdef", "0x234567-89ab-cdef-0123-456789abcdef"] {
            let result = ImportRowDraft.validate(Self.row(nil, personID: text), index: 3, currentYear: 2026)
            guard case .failure(let invalid) = result else {
                Issue.record("\(text) was read as an id")
                continue
            }
            #expect(invalid.error.field == "rows[3].person_id" && invalid.error.reason.hasPrefix("must be a uuid"))
        }
    }

    @Test func ambiguousAndPhoneOnlyMatchesAreRejectedUnlessAllowed() {
        let a = UUID(), b = UUID(), c = UUID()
        let key = NameKey.key("Асанова Айгүл")
        let persons = [
            ImportPlanner.KnownPerson(id: a, identity: .init(nameKey: key, municipality: Self.bulolu, phoneKey: nil), category: .other, municipality: Self.bulolu),
            ImportPlanner.KnownPerson(id: b, identity: .init(nameKey: key, municipality: nil, phoneKey: "996555123456"), category: .other, municipality: nil),
            ImportPlanner.KnownPerson(id: c, identity: .init(nameKey: "бакыт", municipality: nil, phoneKey: "996700111222"), category: .other, municipality: nil),
        ]
        let plan = Self.plan([
            Self.row("Асанова Айгүл", phone: "0555 123456"),          // exact with a and b
            Self.row("Жылдыз", phone: "+996 700 111 222"),            // phone only: c
            Self.row("Жылдыз", phone: "+996 700 111 222", allowDuplicate: true),
        ], persons: persons)
        #expect(plan.outcomes[0].outcome == .rejected && Set(plan.outcomes[0].candidates ?? []) == [a, b])
        #expect(plan.outcomes[0].field == "rows[0].full_name")
        #expect(plan.outcomes[1].outcome == .rejected && plan.outcomes[1].candidates == [c] && plan.outcomes[1].field == "rows[1].phone")
        #expect(plan.outcomes[2].outcome == .created && plan.outcomes[2].personCreated)
    }

    @Test func existingRegistrationsAndStatuses() {
        let registered = UUID(), waiting = UUID(), cancelled = UUID()
        let persons = [registered, waiting, cancelled].map {
            ImportPlanner.KnownPerson(id: $0, identity: .init(nameKey: $0.uuidString, municipality: nil, phoneKey: nil), category: .other, municipality: nil)
        }
        let plan = Self.plan([
            Self.row(nil, personID: registered.uuidString),
            Self.row(nil, personID: waiting.uuidString),
            Self.row(nil, personID: cancelled.uuidString),
            Self.row(nil, status: .cancelled, personID: registered.uuidString),
            Self.row("Новый Человек", status: .waitlisted),
            Self.row("Отменённая Запись", status: .cancelled),
        ], capacity: 2, registered: 1, registrations: [registered: .registered, waiting: .waitlisted, cancelled: .cancelled], persons: persons)
        #expect(plan.outcomes.map(\.outcome) == [.matched, .waitlisted, .matched, .rejected, .waitlisted, .created])
        #expect(plan.outcomes[0].alreadyRegistered && plan.outcomes[1].alreadyRegistered)
        #expect(plan.outcomes[2].registrationStatus == .registered && !plan.outcomes[2].alreadyRegistered)
        #expect(plan.outcomes[3].field == "rows[3].status")
        #expect(plan.outcomes[5].registrationStatus == .cancelled)
        #expect(plan.writes.map(\.isNew) == [false, true, true])
    }

    @Test func unlimitedCapacityNeverWaitlists() {
        let plan = Self.plan((0..<50).map { Self.row("Участник \($0) Тест", municipality: nil) }, capacity: Int.max)
        #expect(plan.outcomes.allSatisfy { $0.outcome == .created })
        #expect(Set(plan.outcomes.compactMap(\.personID)).count == 50)
    }
}
