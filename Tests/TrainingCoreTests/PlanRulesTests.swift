import Foundation
import TrainingCore
import Testing

/// Values of io.trainingd.Plans checked without a database: periods, step dates, council
/// decisions, item texts, budgets and progress.
@Suite("Plan rules")
struct PlanRulesTests {
    static func day(_ text: String) throws -> Day { try Day(iso: text, field: "test") }
    static let today = Day(ordinal: 20_000)  // 2024-10-04

    static func item(_ build: (inout PlanItemDraft.Input) -> Void = { _ in }) -> PlanItemDraft.Input {
        var input = PlanItemDraft.Input(priorityIssue: "Drinking water supply in Кара-Суу", activity: "Repair the pipeline",
                                        responsible: "Aiyl okmotu")
        build(&input)
        return input
    }

    @Test func periodsEndOnOrAfterStartWithinTenYears() throws {
        try PlanRules.checkPeriod(start: Self.day("2019-01-01"), end: Self.day("2019-01-01"))
        try PlanRules.checkPeriod(start: Self.day("2019-01-01"), end: Self.day("2029-01-01"))
        let tooLong = #expect(throws: ValidationError.self) {
            try PlanRules.checkPeriod(start: Self.day("2019-01-01"), end: Self.day("2029-01-02"))
        }
        #expect(tooLong?.field == "period_end" && tooLong?.reason.contains("2029-01-01") == true)
        let backwards = #expect(throws: ValidationError.self) {
            try PlanRules.checkPeriod(start: Self.day("2019-06-01"), end: Self.day("2019-05-31"))
        }
        #expect(backwards?.field == "period_end")
        let early = #expect(throws: ValidationError.self) {
            try PlanRules.checkPeriod(start: Self.day("1989-12-31"), end: Self.day("1990-05-31"))
        }
        #expect(early?.field == "period_start")
        #expect(PlanRules.latestEnd(start: try Self.day("2020-02-29")) == (try Self.day("2030-02-28")))
        #expect(PlanRules.latestEnd(start: try Self.day("2022-02-28")) == (try Self.day("2032-02-28")))
    }

    @Test func stepDatesAreNotInTheFutureNorBeforeThePreviousStep() throws {
        #expect(try PlanRules.pastDay(Self.today.description, field: "date", today: Self.today) == Self.today)
        let future = #expect(throws: ValidationError.self) {
            try PlanRules.pastDay(Self.today.adding(days: 1).description, field: "date", today: Self.today)
        }
        #expect(future?.field == "date" && future?.reason.contains("future") == true)
        #expect(throws: ValidationError.self) { try PlanRules.pastDay("2019-02-30", field: "date", today: Self.today) }
        try PlanRules.checkStepDate(try Self.day("2019-05-01"), previous: try Self.day("2019-05-01"))
        let before = #expect(throws: ValidationError.self) {
            try PlanRules.checkStepDate(try Self.day("2019-04-30"), previous: try Self.day("2019-05-01"))
        }
        #expect(before?.field == "date" && before?.reason.contains("2019-05-01") == true)
    }

    @Test func todayIsTheCivilDateInBishkek() {
        // 2019-04-16T20:00Z is already the 17th in Bishkek (UTC+6).
        let evening = Date(timeIntervalSince1970: 1_555_444_800)
        #expect(PlanRules.today(now: evening).description == "2019-04-17")
        #expect(PlanRules.today(now: evening.addingTimeInterval(-6 * 3_600)).description == "2019-04-16")
    }

    @Test func councilDecisionOnlyWithCouncilApproval() throws {
        let approved = try PlanStatusRequest(status: .councilApproved, date: nil, decisionNumber: " 12/3 ", decisionDate: "2019-06-10",
                                             note: nil, today: Self.today)
        #expect(approved.councilDecision == CouncilDecision(number: "12/3", date: try Self.day("2019-06-10")))
        #expect(approved.date == (try Self.day("2019-06-10")))
        let refused = #expect(throws: ValidationError.self) {
            try PlanStatusRequest(status: .implementing, date: nil, decisionNumber: "12/3", decisionDate: nil, note: nil, today: Self.today)
        }
        #expect(refused?.field == "council_decision_number")
        let dateRefused = #expect(throws: ValidationError.self) {
            try PlanStatusRequest(status: .abandoned, date: nil, decisionNumber: nil, decisionDate: "2019-06-10", note: nil, today: Self.today)
        }
        #expect(dateRefused?.field == "council_decision_date")
        let plain = try PlanStatusRequest(status: .communityAgreed, date: nil, decisionNumber: nil, decisionDate: nil, note: "  ", today: Self.today)
        #expect(plain.date == Self.today && plain.note == nil && plain.councilDecision == nil)
        let long = #expect(throws: ValidationError.self) {
            try PlanStatusRequest(status: .councilApproved, date: nil, decisionNumber: String(repeating: "1", count: 101),
                                  decisionDate: "2019-06-10", note: nil, today: Self.today)
        }
        #expect(long?.field == "council_decision_number")
    }

    @Test func itemTextsAreCheckedWithTheirPath() throws {
        let cases: [(PlanItemDraft.Input, String)] = [
            (Self.item { $0.activity = "   " }, "items[1].activity"),
            (Self.item { $0.priorityIssue = String(repeating: "я", count: 1_001) }, "items[1].priority_issue"),
            (Self.item { $0.responsible = "Aiyl\u{7}okmotu" }, "items[1].responsible"),
            (Self.item { $0.itemID = "not-a-uuid" }, "items[1].item_id"),
            (Self.item { $0.itemID = " 0234567-89ab-cdef-0123-456789abcdef" }, "items[1].item_id"),
            (Self.item { $0.dueDate = "2019-13-01" }, "items[1].due_date"),
            (Self.item { $0.progress = 101 }, "items[1].progress_percent"),
            (Self.item { $0.progressNote = String(repeating: "x", count: 2_001) }, "items[1].progress_note"),
            (Self.item { $0.donor = -1 }, "items[1].donor"),
            (Self.item { $0.localBudget = PlanBudget.maxAmount + 1 }, "items[1].local_budget"),
        ]
        for (input, field) in cases {
            let error = #expect(throws: ValidationError.self, "\(field)") { try PlanItemDraft.list([Self.item(), input]) }
            #expect(error?.field == field)
        }
        let fine = try PlanItemDraft(Self.item { $0.activity = "  Repair\u{301} " ; $0.community = PlanBudget.maxAmount }, path: "items[0]")
        #expect(fine.activity == "Repaiŕ" && fine.budget.total == PlanBudget.maxAmount)
    }

    @Test func listSizeAndRepeatedIDs() throws {
        #expect((#expect(throws: ValidationError.self) { try PlanItemDraft.list([]) })?.field == "items")
        let tooMany = Array(repeating: Self.item(), count: 501)
        #expect((#expect(throws: ValidationError.self) { try PlanItemDraft.list(tooMany) })?.reason.contains("500") == true)
        #expect(try PlanItemDraft.list(Array(repeating: Self.item(), count: 500)).count == 500)
        let id = UUID().uuidString
        let twice = #expect(throws: ValidationError.self) {
            try PlanItemDraft.list([Self.item { $0.itemID = id }, Self.item(), Self.item { $0.itemID = id.lowercased() }])
        }
        #expect(twice?.field == "items[2].item_id" && twice?.reason == "repeats items[0].item_id")
    }

    @Test func progressDefaultsAndBudgetTotalsLeaveDroppedOut() throws {
        #expect(try PlanItemDraft(Self.item(), path: "i").progress == 0)
        #expect(try PlanItemDraft(Self.item { $0.status = .done }, path: "i").progress == 100)
        #expect(try PlanItemDraft(Self.item { $0.status = .done; $0.progress = 90 }, path: "i").progress == 90)
        let a = PlanBudget(localBudget: 100_000, community: 20_000, donor: 300_000)
        let b = PlanBudget(localBudget: 1, community: 2, donor: 3)
        let dropped = PlanBudget(localBudget: 5_000_000, community: 0, donor: 0)
        let sum = PlanBudget.of([(status: PlanItemStatus.planned, budget: a), (status: .done, budget: b), (status: .dropped, budget: dropped)])
        #expect(sum == PlanBudget(localBudget: 100_001, community: 20_002, donor: 300_003))
        #expect(sum.total == 420_006)
        #expect(PlanBudget.of([(status: PlanItemStatus, budget: PlanBudget)]()) == .zero)
    }

    @Test func titlesAndNotes() throws {
        #expect(try PlanRules.title("  План  ") == "План")
        #expect((#expect(throws: ValidationError.self) { try PlanRules.title("") })?.field == "title")
        #expect((#expect(throws: ValidationError.self) { try PlanRules.title(String(repeating: "a", count: 301)) })?.field == "title")
        #expect(try PlanRules.note("line 1\r\nline 2") == "line 1\nline 2")
        #expect(try PlanRules.note(" ") == nil)
    }
}
