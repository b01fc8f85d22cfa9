import Foundation
import Postgres
import TrainingCore
import UUIDText

extension PlanStore {
    /// What AddPlanItems did: the plan after it, and the items in the order given.
    public struct ItemsOutcome: Sendable {
        public var plan: Plan
        public var items: [PlanItem]
        public var created: Int
        public var replaced: Int
    }

    /// Adds items to a plan or replaces those it names (item_id of this plan); a new item
    /// takes the next number. Refused once the plan is completed or abandoned.
    public func addItems(tenant: UUID, planID: UUID, _ drafts: [PlanItemDraft], byUID uid: UInt32) async throws -> ItemsOutcome {
        try await database.inTenant(tenant) { c in
            guard try c.query("SELECT id FROM action_plan WHERE id = \(planID) FOR UPDATE").rowCount == 1,
                  let before = try PlanRows.plan(c, id: planID)
            else { throw PlanStoreError.planNotFound(planID) }
            if before.status.isFinal { throw PlanStoreError.planLocked(status: before.status) }
            var next = try c.query("SELECT coalesce(max(item_no), 0) + 1 AS n FROM action_plan_item WHERE plan_id = \(planID)")[0]
                .decode("n", as: Int.self)
            var touched: [PlanItem] = []
            var previous: [PlanItem] = []
            var created = 0
            for (index, draft) in drafts.enumerated() {
                let id = draft.id ?? UUID()
                if let existing = try PlanRows.item(c, id: id), let owner = try Self.itemPlan(c, id: id) {
                    guard owner == planID else {
                        throw ValidationError(field: "items[\(index)].item_id", reason: "names an item of another plan (\(owner.lowercasedText))")
                    }
                    previous.append(existing)
                    try Self.replace(c, id: id, with: draft)
                } else {
                    try Self.insert(c, tenant: tenant, planID: planID, id: id, number: next, draft)
                    next += 1
                    created += 1
                }
                guard let item = try PlanRows.item(c, id: id) else { throw PlanStoreError.planNotFound(planID) }
                touched.append(item)
            }
            try c.execute("UPDATE action_plan SET version = version + 1, updated_at = now() WHERE id = \(planID)")
            guard let after = try PlanRows.plan(c, id: planID) else { throw PlanStoreError.planNotFound(planID) }
            try ChangeFeedStore.recordPlan(c, tenant: tenant, kind: .itemsChanged, plan: after, byUID: uid, method: Self.itemsMethod)
            try AuditLog.record(c, tenant: tenant, uid: uid, method: Self.itemsMethod, objectType: "plan", objectID: planID.lowercasedText,
                                before: PlanItemsAudit(plan: PlanAuditSnapshot(before), items: previous.map(PlanItemsAudit.ItemSnapshot.init)),
                                after: PlanItemsAudit(plan: PlanAuditSnapshot(after), items: touched.map(PlanItemsAudit.ItemSnapshot.init)))
            return ItemsOutcome(plan: after, items: touched, created: created, replaced: touched.count - created)
        }
    }

    static func itemPlan(_ c: PGConnection, id: UUID) throws -> UUID? {
        try c.query("SELECT plan_id FROM action_plan_item WHERE id = \(id)").first?.decode("plan_id", as: UUID.self)
    }

    static func insert(_ c: PGConnection, tenant: UUID, planID: UUID, id: UUID, number: Int, _ d: PlanItemDraft) throws {
        try c.execute("""
            INSERT INTO action_plan_item (tenant_id, id, plan_id, item_no, priority_issue, activity, responsible, due_date,
                                          budget_local, budget_community, budget_donor, status, progress, progress_note)
            VALUES (\(tenant), \(id), \(planID), \(number), \(d.priorityIssue), \(d.activity), \(d.responsible), \(d.dueDate),
                    \(d.budget.localBudget), \(d.budget.community), \(d.budget.donor), \(d.status.rawValue), \(d.progress), \(d.progressNote))
            """)
    }

    static func replace(_ c: PGConnection, id: UUID, with d: PlanItemDraft) throws {
        try c.execute("""
            UPDATE action_plan_item
            SET priority_issue = \(d.priorityIssue), activity = \(d.activity), responsible = \(d.responsible), due_date = \(d.dueDate),
                budget_local = \(d.budget.localBudget), budget_community = \(d.budget.community), budget_donor = \(d.budget.donor),
                status = \(d.status.rawValue), progress = \(d.progress), progress_note = \(d.progressNote), updated_at = now()
            WHERE id = \(id)
            """)
    }
}
