import Foundation
import Postgres
import TrainingCore
import UUIDText

/// One indicator computed by PostgreSQL in one statement: the records it counts (`counted`:
/// one row per participation or plan, with the unit it stands for and its value in each
/// disaggregation), then the distinct units in all and per group of each disaggregation.
/// Participations come from the reports' shared kept base (`ParticipationSource`), so an indicator
/// and a Participation report over the same filters count the same people.
struct IndicatorQuery {
    let definition: IndicatorDefinition
    let window: IndicatorWindow
    let ageBands: IndicatorAgeBands

    func run(_ c: PGConnection) throws -> IndicatorValue {
        var sql = ReportSQL()
        sql.append("WITH ")
        if definition.unit == .plans { appendPlans(to: &sql) } else { appendParticipations(to: &sql) }
        sql.append(" SELECT -1 AS breakdown, NULL::text AS key, count(DISTINCT unit) AS n FROM counted")
        for index in definition.disaggregations.indices {
            sql.append(" UNION ALL SELECT \(index), d\(index), count(DISTINCT unit) FROM counted GROUP BY d\(index)")
        }
        var value = 0
        var groups = Array(repeating: [IndicatorValue.Group](), count: definition.disaggregations.count)
        for row in try c.query(sql.query).rows {
            let breakdown: Int = try row.decode("breakdown")
            let count: Int = try row.decode("n")
            if breakdown < 0 { value = count } else if count > 0 {
                groups[breakdown].append(IndicatorValue.Group(value: try row.decode("key", as: String?.self), count: count))
            }
        }
        let breakdowns = zip(definition.disaggregations, groups).map { dimension, groups in
            IndicatorValue.Breakdown(dimension: dimension, groups: groups.sorted { Self.precedes($0.value, $1.value, dimension) })
        }
        return IndicatorValue(value: value, breakdowns: breakdowns)
    }

    /// `participation` (filtered by the shared base), `matched` (+ sexes) and `counted`.
    private func appendParticipations(to sql: inout ReportSQL) {
        let f = definition.filters
        let filter = ParticipationFilter(
            from: window.from, to: window.to, oblasts: f.oblasts, districts: f.districts, municipalities: f.municipalities,
            eventIDs: f.events?.compactMap { UUID(text: $0) }, categories: f.categories, inviteRoles: f.inviteRoles,
            minDaysPresent: f.effectiveMinDays, geography: .participant)
        ParticipationSource(filter: filter, base: .kept(eventNames: definition.disaggregations.contains(.event))).appendCTEs(to: &sql)
        let sexes = sql.bind(f.sexes?.map(\.rawValue))
        sql.append(", matched AS (SELECT * FROM participation WHERE \(sexes)::text[] IS NULL OR sex = ANY(\(sexes)::text[]))")
        let unit: String
        var condition = "true"
        switch definition.unit {
        case .persons: unit = "person_id::text"
        case .participations: unit = "person_id::text || '/' || event_id::text"
        case .municipalities, .plans:
            unit = "participant_municipality"
            condition = "participant_municipality IS NOT NULL"
            if let statuses = f.planStatuses {
                // Municipalities with a plan from one of their counted trainings that had
                // reached one of the statuses by the end of the window. The (municipality,
                // event) pairs are listed first so the plans join them by hash, not by a scan
                // of every participation per plan.
                let reached = sql.bind(statuses.map(\.rawValue))
                let end = sql.bind(window.to)
                sql.append("""
                    , trained_pair AS MATERIALIZED (
                        SELECT DISTINCT participant_municipality AS municipality_code, event_id FROM matched
                        WHERE participant_municipality IS NOT NULL
                    ),
                    planning AS MATERIALIZED (
                        SELECT DISTINCT ap.municipality_code
                        FROM action_plan ap
                        JOIN trained_pair t ON t.municipality_code = ap.municipality_code AND t.event_id = ap.event_id
                        JOIN action_plan_status s ON s.plan_id = ap.id
                        WHERE s.status = ANY(\(reached)::text[]) AND s.step_date <= \(end)::date
                    )
                    """)
                condition += " AND participant_municipality IN (SELECT municipality_code FROM planning)"
            }
        }
        sql.append(", counted AS (SELECT \(unit) AS unit\(dimensionColumns(&sql)) FROM matched WHERE \(condition))")
    }

    /// `reached` (each plan with the first day in the window it reached a counted status),
    /// `plan_row` (its place, event and role there, after the filters) and `counted`.
    private func appendPlans(to sql: inout ReportSQL) {
        let f = definition.filters
        let statuses = sql.bind(f.effectivePlanStatuses.map(\.rawValue))
        let from = sql.bind(window.from)
        let to = sql.bind(window.to)
        let oblasts = sql.bind(f.oblasts), districts = sql.bind(f.districts), municipalities = sql.bind(f.municipalities)
        let events = sql.bind(f.events), roles = sql.bind(f.inviteRoles?.map(\.rawValue))
        sql.append("""
            reached AS (
                SELECT ap.id, ap.municipality_code, ap.event_id, min(s.step_date) AS day
                FROM action_plan ap JOIN action_plan_status s ON s.plan_id = ap.id
                WHERE s.status = ANY(\(statuses)::text[]) AND s.step_date <= \(to)::date
                  AND (\(from)::date IS NULL OR s.step_date >= \(from)::date)
                GROUP BY ap.id, ap.municipality_code, ap.event_id
            ),
            plan_row AS (
                SELECT * FROM (
                    SELECT r.id::text AS unit, r.day AS first_day, r.municipality_code, g.district_code AS district,
                           g.oblast_code AS oblast, e.id AS event_id, e.code AS event_code,
                           CASE WHEN em.role IS NOT NULL THEN em.role
                                WHEN r.municipality_code = e.venue_municipality THEN 'venue' ELSE 'other' END AS invite_role
                    FROM reached r
                    JOIN municipality g ON g.code = r.municipality_code
                    JOIN event e ON e.id = r.event_id
                    LEFT JOIN event_municipality em ON em.event_id = r.event_id AND em.municipality_code = r.municipality_code
                ) AS q
                WHERE (\(oblasts)::text[] IS NULL OR q.oblast = ANY(\(oblasts)::text[]))
                  AND (\(districts)::text[] IS NULL OR q.district = ANY(\(districts)::text[]))
                  AND (\(municipalities)::text[] IS NULL OR q.municipality_code = ANY(\(municipalities)::text[]))
                  AND (\(events)::uuid[] IS NULL OR q.event_id = ANY(\(events)::uuid[]))
                  AND (\(roles)::text[] IS NULL OR q.invite_role = ANY(\(roles)::text[]))
            )
            """)
        sql.append(", counted AS (SELECT unit\(dimensionColumns(&sql)) FROM plan_row)")
    }

    /// ", <expr> AS d0, <expr> AS d1, ..." over the columns `participation` and `plan_row`
    /// share (a plan's first_day is the day it reached a counted status).
    private func dimensionColumns(_ sql: inout ReportSQL) -> String {
        definition.disaggregations.enumerated().map { index, dimension in
            ", \(expression(dimension, &sql)) AS d\(index)"
        }.joined()
    }

    private func expression(_ dimension: IndicatorDimension, _ sql: inout ReportSQL) -> String {
        switch dimension {
        case .oblast: "oblast"
        case .district: "district"
        case .municipality: "municipality_code"
        case .event: "event_code"
        case .category: "category"
        case .inviteRole: "invite_role"
        case .sex: "sex"
        case .month: "to_char(first_day, 'YYYY-MM')"
        case .quarter: "to_char(first_day, 'YYYY-\"Q\"Q')"
        case .year: "to_char(first_day, 'YYYY')"
        case .ageBand: ageBandExpression(&sql)
        }
    }

    /// CASE over `age` from the oldest band down; labels and bounds bound as values.
    private func ageBandExpression(_ sql: inout ReportSQL) -> String {
        let unknown = sql.bind(IndicatorAgeBands.unknown)
        var text = "CASE WHEN age IS NULL OR age < 0 THEN \(unknown)::text"
        for band in ageBands.bands.reversed() {
            text += " WHEN age >= \(sql.bind(band.lowerBound))::int THEN \(sql.bind(band.label))::text"
        }
        return text + " END"
    }

    /// The IDL's group order, as Participation sorts it.
    private static func precedes(_ a: String?, _ b: String?, _ dimension: IndicatorDimension) -> Bool {
        guard let report = ReportDimension(rawValue: dimension.rawValue) else { return (a ?? "") < (b ?? "") }
        return ParticipationGroupKey.precedes(ParticipationGroupKey(dimension: report, value: a),
                                              ParticipationGroupKey(dimension: report, value: b))
    }
}
