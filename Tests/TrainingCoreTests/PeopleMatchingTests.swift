import Foundation
import TrainingCore
import Testing

/// Name keys, transliteration, phone keys and the duplicate rules of io.trainingd.People.
@Suite("People matching rules")
struct PeopleMatchingTests {
    @Test func nameKeyIgnoresCaseSpacingAndWordOrder() {
        #expect(NameKey.key("Асанова  Айгуль") == NameKey.key("айгуль асанова"))
        #expect(NameKey.key(" АСАНОВА\tАйгуль ") == "айгуль асанова")
        #expect(NameKey.key("Токтосунова-Асанова Айгүл") == NameKey.key("Айгүл Асанова Токтосунова"))
        #expect(NameKey.key("А.К. Маматов") == "а к маматов")
        // NFC: a decomposed й (и + combining breve) reads as й.
        #expect(NameKey.key("Аи\u{0306}бек") == NameKey.key("Айбек"))
    }

    @Test func latinSpellingsReadAsCyrillic() {
        #expect(NameKey.key("Aigül Toktosunova") == NameKey.key("Айгүл Токтосунова"))
        #expect(NameKey.key("Toktosunova Aigül") == "айгүл токтосунова")
        #expect(NameKey.key("Bakyt Mamatov") == NameKey.key("Бакыт Маматов"))
        #expect(NameKey.key("Jyldyz Sheishenbaeva") == NameKey.key("Жылдыз Шейшенбаева"))
        #expect(NameKey.key("Kairat Zhumabekov") == NameKey.key("Кайрат Жумабеков"))
        #expect(NameKey.key("Aybek Chynybaev") == NameKey.key("Айбек Чыныбаев"))
        #expect(NameKey.key("Ernis Kholmatov") == NameKey.key("Эрнис Холматов"))
        #expect(NameKey.key("Yulia Tsoi") == NameKey.key("Юлиа Цой"))
        #expect(NameKey.key("Toktobaev") == "токтобаев")
        #expect(NameKey.key("Dööölöt") == "дөөөлөт")
        #expect(NameKey.key("Döölöt Myñbaev") == NameKey.key("Дөөлөт Мыңбаев"))
    }

    @Test func kyrgyzLettersStayDistinctForDuplicates() {
        #expect(NameKey.key("Айгүл") != NameKey.key("Айгул"))
        #expect(NameKey.key("Мыңбаев") != NameKey.key("Мынбаев"))
        #expect(NameKey.key("Өмүрбек") != NameKey.key("Омурбек"))
        #expect(NameKey.key("Aigul Toktosunova") != NameKey.key("Айгүл Токтосунова"))
        // ё is е, as Russian writing often drops the dots.
        #expect(NameKey.key("Пётр Семёнов") == NameKey.key("Петр Семенов"))
    }

    @Test func searchWordsAreLenient() {
        #expect(NameKey.searchKey("Aigul Toktosunova") == NameKey.searchKey("Айгүл Токтосунова"))
        #expect(NameKey.searchKey("Айгуль Асанова") == NameKey.searchKey("Айгүл Асанова"))
        #expect(NameKey.searchWords("гулчо") == NameKey.searchWords("Гүлчө"))
        #expect(NameKey.searchWords("Мыңбаев Эрлан") == ["мынбаев", "ерлан"])
        #expect(NameKey.searchWords(" - . ").isEmpty)
    }

    @Test func phoneKeys() throws {
        let international = try PhoneNumber("+996 555 12 34 56", field: "phone")
        let national = try PhoneNumber("0555 123456", field: "phone")
        let dashed = try PhoneNumber("(0555) 12-34-56", field: "phone")
        let zeros = try PhoneNumber("00996555123456", field: "phone")
        #expect(international.key == "996555123456")
        #expect(national.key == international.key && dashed.key == international.key && zeros.key == international.key)
        #expect(national.entered == "0555 123456")
        #expect(try PhoneNumber("+7 701 123 45 67", field: "phone").key == "77011234567")
        #expect(try PhoneNumber("12345", field: "phone").key == "12345")
        for (bad, fragment) in [("1234", "5 to 30"), ("0555 12345x", "'x'"), ("+()-- ++", "at least 5 digits"), ("+++++", "at least 5 digits"),
                                ("0555;DROP TABLE", "';'"), (String(repeating: "1", count: 31), "5 to 30")] {
            let error = #expect(throws: ValidationError.self) { try PhoneNumber(bad, field: "rows[2].phone") }
            #expect(error?.field == "rows[2].phone")
            #expect(error?.reason.contains(fragment) == true, "\(bad): \(error?.reason ?? "")")
        }
    }

    @Test func personDraftValidatesEveryField() throws {
        let draft = try PersonDraft(fullName: "  Асанова  Айгүл ", sex: .female, birthYear: 1984, disability: nil, category: .councilDeputy,
                                    municipality: "41706207811000", phone: "0555 123456", currentYear: 2026)
        #expect(draft.fullName == "Асанова  Айгүл")
        #expect(draft.nameKey == "айгүл асанова")
        #expect(draft.identity == PersonIdentity(nameKey: "айгүл асанова", municipality: "41706207811000", phoneKey: "996555123456"))
        func field(_ make: () throws -> PersonDraft) -> String? {
            do { _ = try make(); return nil } catch let error as ValidationError { return error.field } catch { return "?" }
        }
        #expect(field { try PersonDraft(fullName: String(repeating: "ы", count: 10_000), sex: .male, birthYear: nil, disability: nil,
                                        category: .other, municipality: nil, phone: nil, prefix: "person.", currentYear: 2026) } == "person.full_name")
        #expect(field { try PersonDraft(fullName: "123 456", sex: .male, birthYear: nil, disability: nil, category: .other,
                                        municipality: nil, phone: nil, currentYear: 2026) } == "full_name")
        #expect(field { try PersonDraft(fullName: "Ok", sex: .male, birthYear: 1899, disability: nil, category: .other,
                                        municipality: nil, phone: nil, prefix: "rows[3].", currentYear: 2026) } == "rows[3].birth_year")
        #expect(field { try PersonDraft(fullName: "Ok", sex: .male, birthYear: 2027, disability: nil, category: .other,
                                        municipality: nil, phone: nil, currentYear: 2026) } == "birth_year")
        #expect(field { try PersonDraft(fullName: "Ok", sex: .male, birthYear: nil, disability: nil, category: .other,
                                        municipality: "4170620781100", phone: nil, currentYear: 2026) } == "municipality")
        #expect(field { try PersonDraft(fullName: "Ok", sex: .male, birthYear: nil, disability: nil, category: .other,
                                        municipality: nil, phone: "12", currentYear: 2026) } == "phone")
        // SQL text is just a name.
        let sql = try PersonDraft(fullName: "Robert'); DROP TABLE person;--", sex: .male, birthYear: nil, disability: nil,
                                  category: .other, municipality: nil, phone: nil, currentYear: 2026)
        #expect(sql.fullName == "Robert'); DROP TABLE person;--")
    }

    @Test func duplicateReasons() {
        let a = PersonIdentity(nameKey: "айгүл асанова", municipality: "41706207811000", phoneKey: "996555123456")
        #expect(a.matchReasons(a) == [.sameNameAndMunicipality, .sameNameAndPhone])
        #expect(a.matchReasons(PersonIdentity(nameKey: "айгүл асанова", municipality: "41706207811000", phoneKey: nil)) == [.sameNameAndMunicipality])
        #expect(a.matchReasons(PersonIdentity(nameKey: "айгүл асанова", municipality: nil, phoneKey: "996555123456")) == [.sameNameAndPhone])
        #expect(a.matchReasons(PersonIdentity(nameKey: "бакыт маматов", municipality: nil, phoneKey: "996555123456")) == [.samePhone])
        #expect(a.matchReasons(PersonIdentity(nameKey: "айгүл асанова", municipality: "41706259851000", phoneKey: nil)).isEmpty)
        #expect(a.matchReasons(PersonIdentity(nameKey: "айгул асанова", municipality: "41706207811000", phoneKey: nil)).isEmpty)
        // Both without municipality: the same (absent) municipality.
        let bare = PersonIdentity(nameKey: "айгүл асанова", municipality: nil, phoneKey: nil)
        #expect(bare.isExactMatch(bare))
        #expect(!a.isExactMatch(PersonIdentity(nameKey: "бакыт маматов", municipality: nil, phoneKey: "996555123456")))
    }

    @Test func inlineDecisions() {
        typealias D = InlinePersonDecision<Int>
        #expect(D.decide([], allowDuplicate: false) == .create)
        #expect(D.decide([(1, [.sameNameAndMunicipality])], allowDuplicate: false) == .reuse(1))
        #expect(D.decide([(1, [.sameNameAndMunicipality]), (2, [.samePhone])], allowDuplicate: false) == .reuse(1))
        #expect(D.decide([(1, [.sameNameAndMunicipality]), (2, [.sameNameAndPhone])], allowDuplicate: false) == .ambiguous([1, 2]))
        #expect(D.decide([(2, [.samePhone])], allowDuplicate: false) == .ambiguous([2]))
        #expect(D.decide([(1, [.sameNameAndMunicipality])], allowDuplicate: true) == .create)
    }
}
