import Foundation
import Postgres
import TrainingCore
import UUIDText
import Varlink

/// The wire forms of io.trainingd.Plans' types (Plan, PlanItem, PlanStep, Budget,
/// CouncilDecision, EventRef), built from the domain values. MunicipalityRef is the one
/// Events serves (`EventWire.municipality`).
enum PlanWire {
    static func id(_ uuid: UUID) -> JSONValue { .string(uuid.lowercasedText) }

    static func budget(_ budget: PlanBudget) -> JSONValue {
        ["local_budget": .int(budget.localBudget), "community": .int(budget.community), "donor": .int(budget.donor),
         "total": .int(budget.total)]
    }

    static func decision(_ decision: CouncilDecision?) -> JSONValue {
        guard let decision else { return .null }
        return ["number": .string(decision.number), "date": .string(decision.date.description)]
    }

    static func event(_ event: PlanEventRef) -> JSONValue {
        ["event_id": id(event.id), "code": .string(event.code), "title": .string(event.title),
         "first_day": .string(event.firstDay.description), "last_day": .string(event.lastDay.description),
         "status": .string(event.status.rawValue)]
    }

    static func plan(_ plan: Plan) -> JSONValue {
        [
            "plan_id": id(plan.id),
            "municipality": EventWire.municipality(plan.municipality),
            "event": event(plan.event),
            "period_start": .string(plan.periodStart.description),
            "period_end": .string(plan.periodEnd.description),
            "title": Wire.optional(plan.title),
            "status": .string(plan.status.rawValue),
            "status_date": .string(plan.statusDate.description),
            "council_decision": decision(plan.councilDecision),
            "items": .int(Int64(plan.items)),
            "budget": budget(plan.budget),
            "created_at": Wire.timestamp(plan.createdAt),
            "updated_at": Wire.timestamp(plan.updatedAt),
        ]
    }

    static func item(_ item: PlanItem) -> JSONValue {
        [
            "item_id": id(item.id),
            "number": .int(Int64(item.number)),
            "priority_issue": .string(item.priorityIssue),
            "activity": .string(item.activity),
            "responsible": .string(item.responsible),
            "due_date": Wire.optional(item.dueDate?.description),
            "budget": budget(item.budget),
            "status": .string(item.status.rawValue),
            "progress_percent": .int(Int64(item.progress)),
            "progress_note": Wire.optional(item.progressNote),
            "updated_at": Wire.timestamp(item.updatedAt),
        ]
    }

    static func step(_ step: PlanStep) -> JSONValue {
        [
            "from": Wire.optional(step.from?.rawValue),
            "to": .string(step.to.rawValue),
            "date": .string(step.date.description),
            "recorded_at": Wire.timestamp(step.recordedAt),
            "by_uid": .int(Int64(step.byUID)),
            "note": Wire.optional(step.note),
            "council_decision": decision(step.councilDecision),
        ]
    }
}
