import Foundation
import Postgres
import TrainingCore
import UUIDText

/// What the audit log keeps of a plan before and after a change: its lifecycle state and
/// totals (items are recorded by `PlanItemsAudit`).
struct PlanAuditSnapshot: Encodable {
    var municipality: String
    var event: String
    var periodStart: String
    var periodEnd: String
    var title: String?
    var status: String
    var statusDate: String
    var councilDecisionNumber: String?
    var councilDecisionDate: String?
    var items: Int
    var budgetTotal: Int64
    var version: Int
    /// The step recorded with this change (date and note), if any.
    var stepDate: String?
    var note: String?

    init(_ plan: Plan, stepDate: Day? = nil, note: String? = nil) {
        municipality = plan.municipality.code
        event = plan.event.code
        periodStart = plan.periodStart.description
        periodEnd = plan.periodEnd.description
        title = plan.title
        status = plan.status.rawValue
        statusDate = plan.statusDate.description
        councilDecisionNumber = plan.councilDecision?.number
        councilDecisionDate = plan.councilDecision?.date.description
        items = plan.items
        budgetTotal = plan.budget.total
        version = plan.version
        self.stepDate = stepDate?.description
        self.note = note
    }

    enum CodingKeys: String, CodingKey {
        case municipality, event, title, status, items, version, note
        case periodStart = "period_start", periodEnd = "period_end", statusDate = "status_date"
        case councilDecisionNumber = "council_decision_number", councilDecisionDate = "council_decision_date"
        case budgetTotal = "budget_total", stepDate = "step_date"
    }
}

/// AddPlanItems in the audit log: the plan's totals and the items touched, as they were
/// before (replaced ones only) and after.
struct PlanItemsAudit: Encodable {
    var plan: PlanAuditSnapshot
    var items: [ItemSnapshot]

    struct ItemSnapshot: Encodable {
        var itemID: String
        var number: Int
        var priorityIssue: String
        var activity: String
        var responsible: String
        var dueDate: String?
        var localBudget: Int64
        var community: Int64
        var donor: Int64
        var status: String
        var progressPercent: Int
        var progressNote: String?

        init(_ item: PlanItem) {
            itemID = item.id.lowercasedText
            number = item.number
            priorityIssue = item.priorityIssue
            activity = item.activity
            responsible = item.responsible
            dueDate = item.dueDate?.description
            localBudget = item.budget.localBudget
            community = item.budget.community
            donor = item.budget.donor
            status = item.status.rawValue
            progressPercent = item.progress
            progressNote = item.progressNote
        }

        enum CodingKeys: String, CodingKey {
            case number, activity, responsible, community, donor, status
            case itemID = "item_id", priorityIssue = "priority_issue", dueDate = "due_date", localBudget = "local_budget"
            case progressPercent = "progress_percent", progressNote = "progress_note"
        }
    }
}
