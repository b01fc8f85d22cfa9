import Foundation
import Postgres
import TrainingCore

extension PlanStore {
    /// One plan with its items (by number, dropped included) and history (oldest first).
    public func get(tenant: UUID, planID: UUID) async throws -> PlanDetail {
        try await database.inTenant(tenant, readOnly: true) { c in
            guard let plan = try PlanRows.plan(c, id: planID) else { throw PlanStoreError.planNotFound(planID) }
            return PlanDetail(plan: plan, items: try PlanRows.items(c, planID: planID), history: try PlanRows.history(c, planID: planID))
        }
    }

    /// Plans matching every filter, by oblast, district and municipality code, then period,
    /// with the number of matches regardless of paging.
    public func list(tenant: UUID, filter: PlanFilter) async throws -> (plans: [Plan], total: Int) {
        try await database.inTenant(tenant, readOnly: true) { c in
            if let oblast = filter.oblast, try c.query("SELECT 1 FROM oblast WHERE code = \(oblast)").rowCount == 0 {
                throw PlanStoreError.areaNotFound(field: "oblast", code: oblast)
            }
            if let district = filter.district, try c.query("SELECT 1 FROM district WHERE code = \(district)").rowCount == 0 {
                throw PlanStoreError.areaNotFound(field: "district", code: district)
            }
            if let municipality = filter.municipality, try c.query("SELECT 1 FROM municipality WHERE code = \(municipality)").rowCount == 0 {
                throw PlanStoreError.municipalityNotFound(municipality)
            }
            var eventID: UUID?
            if let reference = filter.event {
                guard let event = try EventLookup.find(c, reference) else { throw PlanStoreError.eventNotFound }
                eventID = event.id
            }
            var plans: [Plan] = []
            var total = 0
            for row in try c.run(Self.listQuery(filter, eventID: eventID, limit: filter.page.limit, offset: filter.page.offset)).rows {
                total = try row.decode("total")
                plans.append(try PlanRows.plan(row))
            }
            if plans.isEmpty && filter.page.offset > 0 {
                // Paged past the end: the window count came with no row, so count on its own.
                total = try c.run(Self.listQuery(filter, eventID: eventID, limit: 1, offset: 0)).first?.decode("total") ?? 0
            }
            return (plans, total)
        }
    }

    /// Every filter is a parameter that is NULL when not given, so the statement text is fixed.
    static func listQuery(_ filter: PlanFilter, eventID: UUID?, limit: Int, offset: Int) -> ComposedSQL {
        let statuses = filter.statuses?.map(\.rawValue)
        return """
            SELECT \(PlanRows.columns), count(*) OVER () AS total
            FROM action_plan p \(PlanRows.joins)
            WHERE (\(filter.oblast)::text IS NULL OR m.oblast_code = \(filter.oblast))
              AND (\(filter.district)::text IS NULL OR m.district_code = \(filter.district))
              AND (\(filter.municipality)::text IS NULL OR p.municipality_code = \(filter.municipality))
              AND (\(statuses)::text[] IS NULL OR p.status = ANY(\(statuses)))
              AND (\(eventID)::uuid IS NULL OR p.event_id = \(eventID))
            ORDER BY m.oblast_code, m.district_code NULLS FIRST, p.municipality_code, p.period_start, p.period_end, p.id
            LIMIT \(limit) OFFSET \(offset)
            """
    }
}
