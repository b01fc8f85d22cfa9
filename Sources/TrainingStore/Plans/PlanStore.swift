import Foundation
import Postgres
import TrainingCore
import UUIDText

/// Joint action plans of a tenant (io.trainingd.Plans): linking a plan to the training that
/// produced it, its lifecycle, items and budget. Every change writes one audit row and one
/// change_log row in its own transaction.
public struct PlanStore: Sendable {
    public static let linkMethod = "io.trainingd.Plans.LinkPlan"
    public static let statusMethod = "io.trainingd.Plans.SetPlanStatus"
    public static let itemsMethod = "io.trainingd.Plans.AddPlanItems"

    public let database: TrainingDatabase

    public init(database: TrainingDatabase) { self.database = database }

    /// Records a municipality's plan for a period, from an event it was trained at. The same
    /// municipality, event and period again returns the existing plan (`created` false);
    /// another plan of the municipality overlapping the period is refused.
    public func link(tenant: UUID, _ request: PlanLinkRequest, today: Day, byUID uid: UInt32) async throws -> (plan: Plan, created: Bool) {
        try await database.inTenant(tenant) { c in
            guard let event = try EventLookup.find(c, request.event) else { throw PlanStoreError.eventNotFound }
            let status = try PlanRows.enumValue(EventStatus.self, event.status)
            guard [.inProgress, .held, .closed].contains(status) else { throw PlanStoreError.eventNotHeld(status: status) }
            guard try c.query("SELECT 1 FROM municipality WHERE code = \(request.municipality)").rowCount == 1 else {
                throw PlanStoreError.municipalityNotFound(request.municipality)
            }
            guard try Self.trained(c, municipality: request.municipality, event: event) else {
                throw PlanStoreError.notTrainedAtEvent(municipality: request.municipality)
            }
            // An event still in progress may end after today: drafting cannot start in the future.
            let date = request.date ?? min(event.lastDay, today)
            // Serialises the overlap check per municipality: two links for overlapping periods
            // cannot both see "no other plan".
            try c.execute("""
                SELECT pg_advisory_xact_lock(hashtext('trainingd_plan/' || \(tenant)::text || '/' || \(request.municipality)))
                """)
            if let existing = try c.query("""
                SELECT id FROM action_plan
                WHERE municipality_code = \(request.municipality) AND event_id = \(event.id)
                  AND period_start = \(request.periodStart) AND period_end = \(request.periodEnd)
                """).first, let plan = try PlanRows.plan(c, id: try existing.decode("id")) {
                return (plan, false)
            }
            try Self.checkNoOverlap(c, request)
            let id = UUID()
            try c.execute("""
                INSERT INTO action_plan (tenant_id, id, municipality_code, event_id, period_start, period_end, title, status, status_date, created_by)
                VALUES (\(tenant), \(id), \(request.municipality), \(event.id), \(request.periodStart), \(request.periodEnd), \(request.title),
                        'drafting', \(date), \(Int64(uid)))
                """)
            try c.execute("""
                INSERT INTO action_plan_status (tenant_id, plan_id, seq, from_status, status, step_date, recorded_by, note)
                VALUES (\(tenant), \(id), 1, NULL, 'drafting', \(date), \(Int64(uid)), \(request.note))
                """)
            guard let plan = try PlanRows.plan(c, id: id) else { throw PlanStoreError.planNotFound(id) }
            try ChangeFeedStore.recordPlan(c, tenant: tenant, kind: .linked, plan: plan, byUID: uid, method: Self.linkMethod)
            try AuditLog.record(c, tenant: tenant, uid: uid, method: Self.linkMethod, objectType: "plan", objectID: id.lowercasedText,
                                before: PlanAuditSnapshot?.none, after: PlanAuditSnapshot(plan, stepDate: date, note: request.note))
            return (plan, true)
        }
    }

    /// Trained at the event: its venue, invited to it, or with a participant registered from it.
    static func trained(_ c: PGConnection, municipality: String, event: EventSummary) throws -> Bool {
        if event.venueMunicipality == municipality { return true }
        return try c.query("""
            SELECT EXISTS (SELECT 1 FROM event_municipality WHERE event_id = \(event.id) AND municipality_code = \(municipality))
                OR EXISTS (SELECT 1 FROM registration WHERE event_id = \(event.id) AND status = 'registered'
                                                        AND municipality_code = \(municipality)) AS trained
            """)[0].decode("trained", as: Bool.self)
    }

    /// Refuses a period overlapping another plan of the municipality that is not abandoned,
    /// or one with exactly this period (the schema's key, abandoned or not).
    static func checkNoOverlap(_ c: PGConnection, _ request: PlanLinkRequest) throws {
        guard let row = try c.query("""
            SELECT id, period_start, period_end FROM action_plan
            WHERE municipality_code = \(request.municipality)
              AND period_start <= \(request.periodEnd) AND period_end >= \(request.periodStart)
              AND (status <> 'abandoned' OR (period_start = \(request.periodStart) AND period_end = \(request.periodEnd)))
            ORDER BY period_start LIMIT 1
            """).first else { return }
        throw PlanStoreError.planExists(id: try row.decode("id"), municipality: request.municipality,
                                        periodStart: try row.decode("period_start"), periodEnd: try row.decode("period_end"))
    }
}
