import Foundation

/// The training event a plan came from (io.trainingd.Plans.EventRef).
public struct PlanEventRef: Sendable, Equatable {
    public var id: UUID
    public var code: String
    public var title: String
    public var firstDay: Day
    public var lastDay: Day
    public var status: EventStatus

    public init(id: UUID, code: String, title: String, firstDay: Day, lastDay: Day, status: EventStatus) {
        self.id = id
        self.code = code
        self.title = title
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.status = status
    }
}

/// A joint action plan as io.trainingd.Plans serves it: `items` and `budget` count the items
/// not dropped.
public struct Plan: Sendable, Equatable {
    public var id: UUID
    public var municipality: MunicipalityRef
    public var event: PlanEventRef
    public var periodStart: Day
    public var periodEnd: Day
    public var title: String?
    public var status: PlanStatus
    public var statusDate: Day
    public var councilDecision: CouncilDecision?
    public var items: Int
    public var budget: PlanBudget
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: UUID, municipality: MunicipalityRef, event: PlanEventRef, periodStart: Day, periodEnd: Day, title: String?,
                status: PlanStatus, statusDate: Day, councilDecision: CouncilDecision?, items: Int, budget: PlanBudget, version: Int,
                createdAt: Date, updatedAt: Date) {
        self.id = id
        self.municipality = municipality
        self.event = event
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.title = title
        self.status = status
        self.statusDate = statusDate
        self.councilDecision = councilDecision
        self.items = items
        self.budget = budget
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// One step of a plan's lifecycle (io.trainingd.Plans.PlanStep).
public struct PlanStep: Sendable, Equatable {
    public var from: PlanStatus?
    public var to: PlanStatus
    public var date: Day
    public var recordedAt: Date
    public var byUID: UInt32
    public var note: String?
    public var councilDecision: CouncilDecision?

    public init(from: PlanStatus?, to: PlanStatus, date: Day, recordedAt: Date, byUID: UInt32, note: String?,
                councilDecision: CouncilDecision?) {
        self.from = from
        self.to = to
        self.date = date
        self.recordedAt = recordedAt
        self.byUID = byUID
        self.note = note
        self.councilDecision = councilDecision
    }
}

/// An item of a plan (io.trainingd.Plans.PlanItem).
public struct PlanItem: Sendable, Equatable {
    public var id: UUID
    public var number: Int
    public var priorityIssue: String
    public var activity: String
    public var responsible: String
    public var dueDate: Day?
    public var budget: PlanBudget
    public var status: PlanItemStatus
    public var progress: Int
    public var progressNote: String?
    public var updatedAt: Date

    public init(id: UUID, number: Int, priorityIssue: String, activity: String, responsible: String, dueDate: Day?, budget: PlanBudget,
                status: PlanItemStatus, progress: Int, progressNote: String?, updatedAt: Date) {
        self.id = id
        self.number = number
        self.priorityIssue = priorityIssue
        self.activity = activity
        self.responsible = responsible
        self.dueDate = dueDate
        self.budget = budget
        self.status = status
        self.progress = progress
        self.progressNote = progressNote
        self.updatedAt = updatedAt
    }
}

/// GetPlan's answer: the plan, its items by number (dropped ones included) and its history,
/// oldest first.
public struct PlanDetail: Sendable, Equatable {
    public var plan: Plan
    public var items: [PlanItem]
    public var history: [PlanStep]

    public init(plan: Plan, items: [PlanItem], history: [PlanStep]) {
        self.plan = plan
        self.items = items
        self.history = history
    }
}
