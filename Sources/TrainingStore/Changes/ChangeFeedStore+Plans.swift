import Foundation
import Postgres
import TrainingCore

extension ChangeFeedStore {
    /// The change_log kinds of plan changes (sql/0011). Not `Change.Kind`s: Events.Watch does
    /// not stream them; they are in the log so a report's data cursor covers plans.
    public enum PlanChangeKind: String, Sendable {
        case linked = "plan_linked"
        case statusChanged = "plan_status_changed"
        case itemsChanged = "plan_items_changed"
    }

    /// Appends a plan change inside the caller's transaction, under the same per-tenant
    /// advisory lock (shared) as `record`, so readers never see it commit past a lower seq.
    static func recordPlan(_ c: PGConnection, tenant: UUID, kind: PlanChangeKind, plan: Plan, byUID uid: UInt32, method: String) throws {
        try c.execute("""
            INSERT INTO change_log (tenant_id, by_uid, method, kind, event_id, event_code, event_status, version,
                                    municipality_code, plan_id, plan_status)
            SELECT \(tenant), \(Int64(uid)), \(method), \(kind.rawValue), \(plan.event.id), \(plan.event.code),
                   \(plan.event.status.rawValue), \(plan.version), \(plan.municipality.code), \(plan.id), \(plan.status.rawValue)
            FROM (SELECT pg_advisory_xact_lock_shared(hashtext(\(changeLogLockName(tenant))))) AS in_commit_order
            """)
    }
}
