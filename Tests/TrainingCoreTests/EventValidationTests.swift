import Foundation
import TrainingCore
import Testing

/// Field rules of events: each bad value is refused with the parameter path it came from.
@Suite("Event validation")
struct EventValidationTests {
    func day(_ text: String) throws -> Day { try Day(iso: text, field: "day") }

    @Test func codesOfAnyScript() throws {
        for good in ["OSH-2019-04-GULCHO", "ОШ-2019/04.Гүлчө_1", "a", "/", String(repeating: "я", count: 64), "ܫܠܡܐ-1", "नमस्ते"] {
            #expect(try EventCode.validate(good, field: "code") == good.precomposedStringWithCanonicalMapping)
        }
        // Close to an id, but none (an event reference in this form is looked up as a code).
        #expect(try EventCode.validate("0x234567-89ab-cdef-0123-456789abcdef", field: "code") == "0x234567-89ab-cdef-0123-456789abcdef")
        // Decomposed input is stored composed.
        #expect(try EventCode.validate("Gu\u{0308}lcho\u{0308}", field: "code") == "Gülchö")
        let bad: [String] = ["", "with space", "tab\there", "semi;colon", "quote'", "emoji🙂", "a–b", "«a»", "x\u{00A0}y",
                             String(repeating: "a", count: 65), "123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-426614174000"]
        for text in bad {
            let error = #expect(throws: ValidationError.self, "\(text.prefix(20)) must be refused") { try EventCode.validate(text, field: "code") }
            #expect(error?.field == "code")
        }
    }

    @Test func textFields() throws {
        let long = #expect(throws: ValidationError.self) { try EventRules.title(String(repeating: "T", count: 10_000)) }
        #expect(long?.field == "title")
        #expect(long?.reason.contains("10000") == true)
        // SQL in a title is just text.
        let sql = "Robert'); DROP TABLE event;--"
        #expect(try EventRules.title(sql) == sql)
        #expect(try EventRules.title("  Биргелешкен пландоо  ") == "Биргелешкен пландоо")
        #expect((#expect(throws: ValidationError.self) { try EventRules.title("   ") })?.field == "title")
        #expect((#expect(throws: ValidationError.self) { try EventRules.settlement("Гүлчө\u{7}") })?.field == "settlement")
        #expect((#expect(throws: ValidationError.self) { try EventRules.funder(String(repeating: "S", count: 201)) })?.field == "funder")
        #expect((#expect(throws: ValidationError.self) { try EventRules.reason(String(repeating: "r", count: 2_001)) })?.field == "reason")
    }

    @Test func listsNameTheEntry() throws {
        #expect(try EventRules.modules([" SEDP ", "JAP"]) == ["SEDP", "JAP"])
        let blank = #expect(throws: ValidationError.self) { try EventRules.modules(["SEDP", "JAP", " "]) }
        #expect(blank?.field == "modules[2]")
        let tooMany = #expect(throws: ValidationError.self) { try EventRules.modules(Array(repeating: "m", count: 51)) }
        #expect(tooMany?.field == "modules")
        let longTrainer = #expect(throws: ValidationError.self) { try EventRules.trainers(["A", String(repeating: "b", count: 201)]) }
        #expect(longTrainer?.field == "trainers[1]")
        #expect((#expect(throws: ValidationError.self) { try EventRules.trainers(Array(repeating: "t", count: 21)) })?.field == "trainers")
    }

    @Test func notesKeepLineBreaksOnly() throws {
        #expect(try EventRules.notes("line one\r\nline two\rthree\n") == "line one\nline two\nthree")
        #expect((#expect(throws: ValidationError.self) { try EventRules.notes("bell\u{7}") })?.field == "notes")
        #expect((#expect(throws: ValidationError.self) { try EventRules.notes(String(repeating: "n", count: 10_001)) })?.field == "notes")
        #expect(try EventRules.notes(String(repeating: "n", count: 10_000)).count == 10_000)
    }

    @Test func capacity() throws {
        #expect(try EventRules.capacity(30) == 30)
        for bad: Int64 in [0, -1, 100_001, Int64.max] {
            #expect((#expect(throws: ValidationError.self) { try EventRules.capacity(bad) })?.field == "capacity")
        }
    }

    @Test func days() throws {
        #expect(try EventRules.day("2019-04-16", field: "first_day").description == "2019-04-16")
        for bad in ["16.04.2019", "2019-4-16", "2019-02-30", "2019-04-16T00:00:00Z", "", "1989-12-31", "2101-01-01"] {
            let error = #expect(throws: ValidationError.self, "\(bad)") { try EventRules.day(bad, field: "first_day") }
            #expect(error?.field == "first_day")
        }
        let fields = EventFields(code: "X", title: "T", venue: "41706207814000", firstDay: try day("2019-04-16"), lastDay: try day("2019-04-15"))
        let reversed = #expect(throws: ValidationError.self) { try fields.validate() }
        #expect(reversed?.field == "last_day")
        #expect(reversed?.reason.contains("before") == true)
        var long = fields
        long.lastDay = try day("2020-04-17")
        #expect((#expect(throws: ValidationError.self) { try long.validate() })?.field == "last_day")
        long.lastDay = try day("2020-04-16")  // 367 days: the longest allowed
        try long.validate()
        #expect(long.days == 367)
    }

    @Test func patches() throws {
        let base = EventFields(code: "X", title: "T", venue: "41706207814000", settlement: "Гүлчө", firstDay: try day("2019-04-16"),
                               lastDay: try day("2019-04-17"), capacity: 30, funder: "SDC", notes: "n")
        let patched = try EventPatch(title: "New", capacity: 40, clear: [.notes, .settlement]).applied(to: base)
        #expect(patched.title == "New" && patched.capacity == 40 && patched.notes == nil && patched.settlement == nil)
        #expect(patched.funder == "SDC" && patched.code == "X" && patched.firstDay == base.firstDay)
        #expect(try EventPatch().applied(to: base) == base)

        let both = #expect(throws: ValidationError.self) { try EventPatch(funder: "SDC", clear: [.notes, .funder]).validate() }
        #expect(both?.field == "clear[1]")
        // The date the caller sent is blamed.
        let late = #expect(throws: ValidationError.self) { try EventPatch(firstDay: try day("2019-05-01")).applied(to: base) }
        #expect(late?.field == "first_day")
        let early = #expect(throws: ValidationError.self) { try EventPatch(lastDay: try day("2019-04-01")).applied(to: base) }
        #expect(early?.field == "last_day")
    }

    @Test func invitationsAndReferences() throws {
        let requests = [InvitationRequest(municipality: "41706207811000", role: .target),
                        InvitationRequest(municipality: "41706259851000", role: .target),
                        InvitationRequest(municipality: "41706207811000", role: .neighbour)]
        let twice = #expect(throws: ValidationError.self) { try InvitationRequest.checkDistinct(requests) }
        #expect(twice?.field == "invitations[2].municipality")
        #expect(twice?.reason.contains("invitations[0]") == true)
        try InvitationRequest.checkDistinct(Array(requests.prefix(2)))

        #expect((#expect(throws: ValidationError.self) { try SOATECode.validate("4170620781400", field: "venue") })?.field == "venue")
        #expect((#expect(throws: ValidationError.self) { try SOATECode.validate("4170620781400x", field: "invitations[1].municipality") })?.field == "invitations[1].municipality")
        #expect((#expect(throws: ValidationError.self) { try EventReference.validate(String(repeating: "e", count: 10_000)) })?.field == "event")
        #expect(try EventReference.validate("Gu\u{0308}lcho\u{0308}") == "Gülchö")

        #expect(try ListPage(limit: Int64?.none, offset: nil) == ListPage(limit: 100, offset: 0))
        #expect((#expect(throws: ValidationError.self) { try ListPage(limit: Int64(0), offset: nil) })?.field == "limit")
        #expect((#expect(throws: ValidationError.self) { try ListPage(limit: Int64(1_001), offset: nil) })?.field == "limit")
        #expect((#expect(throws: ValidationError.self) { try ListPage(limit: Int64(10), offset: Int64(-1)) })?.field == "offset")
        #expect((#expect(throws: ValidationError.self) { try SearchText.validate(String(repeating: "г", count: 101)) })?.field == "search")
    }
}
