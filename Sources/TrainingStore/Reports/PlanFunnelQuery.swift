import Foundation
import Postgres
import TrainingCore
import UUIDText

/// The reads behind PlanFunnel: trained (municipality, event) pairs with distinct participants
/// per municipality, in one pass over the participation base, then the dated steps (up to
/// as_of) of the plans linked to those events.
struct PlanFunnelQuery {
    let filter: ParticipationFilter
    let asOf: Day

    func trainings(_ c: PGConnection) throws -> (trainings: [PlanFunnelFacts.Training], participants: [String: Int]) {
        var sql = ReportSQL()
        sql.append("WITH ")
        ParticipationSource(filter: filter, base: .kept(eventNames: true)).appendCTEs(to: &sql)
        sql.append("""

            SELECT municipality_code, event_id, min(event_code) AS event_code, min(first_day) AS first_day,
                   min(last_day) AS last_day, min(invite_role) AS role, min(district) AS district, min(oblast) AS oblast,
                   count(DISTINCT person_id) AS persons, GROUPING(event_id) AS per_municipality
            FROM participation WHERE participant_municipality IS NOT NULL
            GROUP BY GROUPING SETS ((municipality_code, event_id), (municipality_code))
            """)
        var trainings: [PlanFunnelFacts.Training] = []
        var participants: [String: Int] = [:]
        for row in try c.query(sql.query).rows {
            let municipality: String = try row.decode("municipality_code")
            if try row.decode("per_municipality", as: Int64.self) != 0 {
                participants[municipality] = Int(try row.decode("persons", as: Int64.self))
                continue
            }
            guard let role = MunicipalityRole(rawValue: try row.decode("role")) else {
                throw PGError(code: .protocolViolation, message: "unexpected invite_role")
            }
            trainings.append(PlanFunnelFacts.Training(
                municipality: municipality, district: try row.decode("district", as: String?.self), oblast: try row.decode("oblast"),
                eventID: try row.decode("event_id"), eventCode: try row.decode("event_code"),
                firstDay: try row.decode("first_day"), lastDay: try row.decode("last_day"), role: role))
        }
        return (trainings, participants)
    }

    /// Plans of the trained municipalities linked to their training events, with the steps
    /// dated on or before as_of (a plan created later has none).
    func plans(_ c: PGConnection, trainings: [PlanFunnelFacts.Training]) throws -> [PlanFunnelFacts.Plan] {
        guard !trainings.isEmpty else { return [] }
        let events = Array(Set(trainings.map { $0.eventID.lowercasedText }))
        let municipalities = Array(Set(trainings.map(\.municipality)))
        var plans: [UUID: PlanFunnelFacts.Plan] = [:]
        for row in try c.query("""
            SELECT p.id, p.municipality_code, p.event_id, s.status, s.step_date
            FROM action_plan p JOIN action_plan_status s ON s.plan_id = p.id
            WHERE p.event_id = ANY(\(events)::uuid[]) AND p.municipality_code = ANY(\(municipalities)) AND s.step_date <= \(asOf)
            ORDER BY p.id, s.seq
            """).rows {
            let id: UUID = try row.decode("id")
            if plans[id] == nil {
                plans[id] = PlanFunnelFacts.Plan(id: id, municipality: try row.decode("municipality_code"),
                                                 eventID: try row.decode("event_id"), steps: [])
            }
            plans[id]!.steps.append((try row.decode("status"), try row.decode("step_date")))
        }
        return Array(plans.values)
    }
}
