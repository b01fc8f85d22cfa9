import Foundation
import UUIDText

/// A checked io.trainingd.Plans.PlanItemInput: what AddPlanItems writes for one item.
public struct PlanItemDraft: Sendable, Equatable, Codable {
    public static let priorityIssueMax = 1_000
    public static let activityMax = 2_000
    public static let responsibleMax = 300
    public static let progressNoteMax = 2_000
    /// AddPlanItems takes 1 to this many items.
    public static let maxItems = 500

    /// Chosen by the caller (created or replaced under it), or nil for a new uuid.
    public var id: UUID?
    public var priorityIssue: String
    public var activity: String
    public var responsible: String
    public var dueDate: Day?
    public var budget: PlanBudget
    public var status: PlanItemStatus
    public var progress: Int
    public var progressNote: String?

    public init(id: UUID?, priorityIssue: String, activity: String, responsible: String, dueDate: Day?, budget: PlanBudget,
                status: PlanItemStatus, progress: Int, progressNote: String?) {
        self.id = id
        self.priorityIssue = priorityIssue
        self.activity = activity
        self.responsible = responsible
        self.dueDate = dueDate
        self.budget = budget
        self.status = status
        self.progress = progress
        self.progressNote = progressNote
    }

    /// The fields of one PlanItemInput as sent, before checking.
    public struct Input: Sendable, Equatable {
        public var itemID: String?
        public var priorityIssue: String
        public var activity: String
        public var responsible: String
        public var dueDate: String?
        public var localBudget: Int64?
        public var community: Int64?
        public var donor: Int64?
        public var status: PlanItemStatus?
        public var progress: Int64?
        public var progressNote: String?

        public init(itemID: String? = nil, priorityIssue: String, activity: String, responsible: String, dueDate: String? = nil,
                    localBudget: Int64? = nil, community: Int64? = nil, donor: Int64? = nil, status: PlanItemStatus? = nil,
                    progress: Int64? = nil, progressNote: String? = nil) {
            self.itemID = itemID
            self.priorityIssue = priorityIssue
            self.activity = activity
            self.responsible = responsible
            self.dueDate = dueDate
            self.localBudget = localBudget
            self.community = community
            self.donor = donor
            self.status = status
            self.progress = progress
            self.progressNote = progressNote
        }
    }

    /// Checks one item; `path` prefixes every field name, e.g. `items[3]`.
    public init(_ input: Input, path: String) throws(ValidationError) {
        if let text = input.itemID {
            guard let uuid = UUID(text: text) else {
                throw ValidationError(field: "\(path).item_id", reason: "must be a uuid, got '\(text.prefix(40))'")
            }
            id = uuid
        } else {
            id = nil
        }
        priorityIssue = try TextField.clean(input.priorityIssue, field: "\(path).priority_issue", maxLength: Self.priorityIssueMax)
        activity = try TextField.clean(input.activity, field: "\(path).activity", maxLength: Self.activityMax)
        responsible = try TextField.clean(input.responsible, field: "\(path).responsible", maxLength: Self.responsibleMax)
        dueDate = try input.dueDate.map { text throws(ValidationError) in try Self.dueDate(text, field: "\(path).due_date") }
        budget = PlanBudget(
            localBudget: try PlanBudget.amount(input.localBudget, field: "\(path).local_budget"),
            community: try PlanBudget.amount(input.community, field: "\(path).community"),
            donor: try PlanBudget.amount(input.donor, field: "\(path).donor"))
        status = input.status ?? .planned
        if let given = input.progress {
            guard (0...100).contains(given) else {
                throw ValidationError(field: "\(path).progress_percent", reason: "must be between 0 and 100, got \(given)")
            }
            progress = Int(given)
        } else {
            progress = status.defaultProgress
        }
        progressNote = try input.progressNote.flatMap { text throws(ValidationError) in
            try NoteText.clean(text, field: "\(path).progress_note")
        }
    }

    /// Checks a whole AddPlanItems list: 1 to 500 items, each valid, no item_id twice.
    public static func list(_ inputs: [Input], field: String = "items") throws(ValidationError) -> [PlanItemDraft] {
        guard !inputs.isEmpty else { throw ValidationError(field: field, reason: "must contain at least one item") }
        guard inputs.count <= maxItems else {
            throw ValidationError(field: field, reason: "has \(inputs.count) items; at most \(maxItems) allowed in one call")
        }
        var drafts: [PlanItemDraft] = []
        var seen: [UUID: Int] = [:]
        for (index, input) in inputs.enumerated() {
            let draft = try PlanItemDraft(input, path: "\(field)[\(index)]")
            if let id = draft.id {
                if let first = seen[id] {
                    throw ValidationError(field: "\(field)[\(index)].item_id", reason: "repeats \(field)[\(first)].item_id")
                }
                seen[id] = index
            }
            drafts.append(draft)
        }
        return drafts
    }

    static func dueDate(_ text: String, field: String) throws(ValidationError) -> Day {
        let day = try Day(iso: text, field: field)
        let latest = Day(ordinal: 47_846)  // 2100-12-31
        guard day >= PlanRules.earliestDay && day <= latest else {
            throw ValidationError(field: field, reason: "must lie between \(PlanRules.earliestDay) and \(latest), got \(day)")
        }
        return day
    }
}
