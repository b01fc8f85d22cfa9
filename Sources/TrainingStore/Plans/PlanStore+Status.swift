import Foundation
import Postgres
import TrainingCore
import UUIDText

extension PlanStore {
    /// Moves a plan one step along its lifecycle (`PlanLifecycle` decides), recording the
    /// dated step in its history. Asking for the status it already has changes nothing.
    public func setStatus(tenant: UUID, planID: UUID, _ request: PlanStatusRequest,
                          byUID uid: UInt32) async throws -> (plan: Plan, previous: PlanStatus) {
        try await database.inTenant(tenant) { c in
            guard try c.query("SELECT id FROM action_plan WHERE id = \(planID) FOR UPDATE").rowCount == 1,
                  let before = try PlanRows.plan(c, id: planID)
            else { throw PlanStoreError.planNotFound(planID) }
            let step: PlanLifecycle.Step
            do { step = try PlanLifecycle.step(from: before.status, to: request.status) } catch let error as PlanTransitionError {
                throw PlanStoreError.invalidTransition(error)
            }
            guard step == .move else { return (before, before.status) }
            if request.status == .councilApproved && request.councilDecision == nil { throw PlanStoreError.councilDecisionRequired }
            try PlanRules.checkStepDate(request.date, previous: before.statusDate)
            let decision = request.councilDecision
            try c.execute("""
                UPDATE action_plan
                SET status = \(request.status.rawValue), status_date = \(request.date),
                    council_decision_number = coalesce(\(decision?.number), council_decision_number),
                    council_decision_date = coalesce(\(decision?.date), council_decision_date),
                    version = version + 1, updated_at = now()
                WHERE id = \(planID)
                """)
            try c.execute("""
                INSERT INTO action_plan_status (tenant_id, plan_id, seq, from_status, status, step_date, recorded_by, note,
                                                council_decision_number, council_decision_date)
                SELECT \(tenant), \(planID), coalesce(max(seq), 0) + 1, \(before.status.rawValue), \(request.status.rawValue),
                       \(request.date), \(Int64(uid)), \(request.note), \(decision?.number), \(decision?.date)
                FROM action_plan_status WHERE plan_id = \(planID)
                """)
            guard let after = try PlanRows.plan(c, id: planID) else { throw PlanStoreError.planNotFound(planID) }
            try ChangeFeedStore.recordPlan(c, tenant: tenant, kind: .statusChanged, plan: after, byUID: uid, method: Self.statusMethod)
            try AuditLog.record(c, tenant: tenant, uid: uid, method: Self.statusMethod, objectType: "plan",
                                objectID: planID.lowercasedText, before: PlanAuditSnapshot(before),
                                after: PlanAuditSnapshot(after, stepDate: request.date, note: request.note))
            return (after, before.status)
        }
    }
}
