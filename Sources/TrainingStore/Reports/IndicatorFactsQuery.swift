import Foundation
import Postgres
import TrainingCore

/// The records ComputeIndicators counts, read once for every indicator asked: participations
/// (a person present or late on at least one day of an event not cancelled, with the days
/// attended so each indicator applies its own min_days_present) and plans with their dated
/// history, both up to the end of the widest window.
enum IndicatorFactsQuery {
    static func participations(_ c: PGConnection, from: Day?, to: Day) throws -> [IndicatorParticipation] {
        try c.query("""
            SELECT a.person_id, a.event_id, e.code, e.first_day, (e.last_day - e.first_day + 1) AS event_days,
                   count(*) AS days_attended, r.category, r.municipality_code, m.district_code, m.oblast_code,
                   CASE WHEN r.municipality_code IS NULL THEN 'other'
                        WHEN em.role = 'target' THEN 'target' WHEN em.role IS NOT NULL THEN 'neighbour'
                        WHEN r.municipality_code = e.venue_municipality THEN 'venue' ELSE 'other' END AS invite_role,
                   p.sex, p.birth_year
            FROM attendance a
            JOIN event e ON e.id = a.event_id
            JOIN registration r ON r.event_id = a.event_id AND r.person_id = a.person_id
            JOIN person p ON p.id = a.person_id
            LEFT JOIN municipality m ON m.code = r.municipality_code
            LEFT JOIN event_municipality em ON em.event_id = e.id AND em.municipality_code = r.municipality_code
            WHERE a.status IN ('present', 'late') AND e.status <> 'cancelled'
              AND e.first_day <= \(to) AND (\(from)::date IS NULL OR e.first_day >= \(from))
            GROUP BY a.person_id, a.event_id, e.code, e.first_day, e.last_day, r.category, r.municipality_code,
                     m.district_code, m.oblast_code, em.role, e.venue_municipality, p.sex, p.birth_year
            """).rows.map { row in
            IndicatorParticipation(
                personID: try row.decode("person_id"), eventID: try row.decode("event_id"), eventCode: try row.decode("code"),
                firstDay: try row.decode("first_day"), eventDays: try row.decode("event_days"),
                daysAttended: try row.decode("days_attended"), category: try IndicatorRows.decode(PersonCategory.self, row, "category"),
                municipality: try row.decode("municipality_code", as: String?.self), district: try row.decode("district_code", as: String?.self),
                oblast: try row.decode("oblast_code", as: String?.self),
                inviteRole: try IndicatorRows.decode(MunicipalityRole.self, row, "invite_role"),
                sex: try IndicatorRows.decode(Sex.self, row, "sex"), birthYear: try row.decode("birth_year", as: Int?.self))
        }
    }

    /// Plans with their steps up to `to` (steps recorded later, dated later, are not yet
    /// reached at the end of the window).
    static func plans(_ c: PGConnection, to: Day) throws -> [IndicatorPlan] {
        var plans: [UUID: IndicatorPlan] = [:]
        var order: [UUID] = []
        for row in try c.query("""
            SELECT ap.id, ap.municipality_code, m.district_code, m.oblast_code, ap.event_id, e.code,
                   CASE WHEN em.role = 'target' THEN 'target' WHEN em.role IS NOT NULL THEN 'neighbour'
                        WHEN ap.municipality_code = e.venue_municipality THEN 'venue' ELSE 'other' END AS invite_role,
                   s.status, s.step_date
            FROM action_plan ap
            JOIN municipality m ON m.code = ap.municipality_code
            JOIN event e ON e.id = ap.event_id
            LEFT JOIN event_municipality em ON em.event_id = e.id AND em.municipality_code = ap.municipality_code
            JOIN action_plan_status s ON s.plan_id = ap.id
            WHERE s.step_date <= \(to)
            ORDER BY ap.id, s.seq
            """).rows {
            let id: UUID = try row.decode("id")
            let step = IndicatorPlan.Step(status: try IndicatorRows.decode(IndicatorPlanStatus.self, row, "status"),
                                          day: try row.decode("step_date"))
            if plans[id] == nil {
                order.append(id)
                plans[id] = IndicatorPlan(
                    id: id, municipality: try row.decode("municipality_code"), district: try row.decode("district_code", as: String?.self),
                    oblast: try row.decode("oblast_code"), eventID: try row.decode("event_id"), eventCode: try row.decode("code"),
                    inviteRole: try IndicatorRows.decode(MunicipalityRole.self, row, "invite_role"), steps: [])
            }
            plans[id]?.steps.append(step)
        }
        return order.compactMap { plans[$0] }
    }
}
