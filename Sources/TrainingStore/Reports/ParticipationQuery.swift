import Foundation
import Postgres
import TrainingCore

/// The grouped statement of a Participation report: groups and total from one evaluation of
/// the participation base (grouping sets with and without the keys), persons, events and
/// municipalities counted distinct per group. A person has one sex, so unique persons are
/// women + men + not recorded.
struct ParticipationQuery {
    let filter: ParticipationFilter
    let groupBy: [ReportDimension]
    let ageBands: IndicatorAgeBands

    /// The key column `k<i>` of a dimension, over a row of `participation`.
    private func keyExpression(_ dimension: ReportDimension, bands: String) -> String {
        switch dimension {
        case .oblast: "oblast"
        case .district: "district"
        case .municipality: "municipality_code"
        case .event: "event_code"
        case .category: "category"
        case .inviteRole: "invite_role"
        case .sex: "sex"
        case .ageBand: "nullif(width_bucket(age, \(bands)::int[]), 0)::text"
        case .month: "to_char(first_day, 'YYYY-MM')"
        case .quarter: "to_char(first_day, 'YYYY-\"Q\"Q')"
        case .year: "to_char(first_day, 'YYYY')"
        }
    }

    var statement: ReportSQL {
        var sql = ReportSQL()
        sql.append("WITH ")
        ParticipationSource(filter: filter).appendCTEs(to: &sql)
        let bands = sql.bind(ageBands.lowerBounds)
        sql.append(groupBy.isEmpty ? Self.totalOnly : grouped(bands: bands))
        return sql
    }

    /// Without group_by: one group, distinct counts are one sort each.
    private static let totalOnly = """

        SELECT NULL::text AS label, 1 AS is_total,
               count(DISTINCT event_id) AS events, count(*) AS participations,
               count(DISTINCT person_id) FILTER (WHERE sex = 'female') AS women,
               count(DISTINCT person_id) FILTER (WHERE sex = 'male') AS men,
               count(DISTINCT person_id) FILTER (WHERE sex = 'not_recorded') AS not_recorded,
               count(*) FILTER (WHERE sex = 'female') AS women_participations,
               count(*) FILTER (WHERE sex = 'male') AS men_participations,
               count(*) FILTER (WHERE sex = 'not_recorded') AS not_recorded_participations,
               count(DISTINCT participant_municipality) AS municipalities
        FROM participation
        """

    /// With group_by: the distinct counts as hash aggregations instead of sorts. `keyed`
    /// keeps only what is counted; `parts` holds one row per (group, person), (group, event)
    /// and (group, municipality), each also for the total (the grouping sets without the
    /// keys); the last pass counts them per group. A person has one sex, so persons by sex
    /// are rows of kind p by sex. The event title is only carried when grouping by event, the
    /// only dimension with a label.
    private func grouped(bands: String) -> String {
        let k = groupBy.indices.map { "k\($0)" }.joined(separator: ", ")
        let keyColumns = groupBy.enumerated().map { "\(keyExpression($1, bands: bands)) AS k\($0)" }.joined(separator: ", ")
        let label = groupBy.contains(.event) ? "event_title" : "NULL::text"
        return """
            ,
            keyed AS MATERIALIZED (
                SELECT \(keyColumns), \(label) AS label, person_id, sex, event_id, participant_municipality AS m FROM participation
            ),
            parts AS (
                SELECT \(k), GROUPING(\(k)) AS t, 'p' AS kind, min(sex) AS sex, count(*) AS n, min(label) AS label
                FROM keyed GROUP BY GROUPING SETS ((\(k), person_id), (person_id))
                UNION ALL
                SELECT \(k), GROUPING(\(k)), 'e', NULL, 0, NULL FROM keyed GROUP BY GROUPING SETS ((\(k), event_id), (event_id))
                UNION ALL
                SELECT \(k), GROUPING(\(k)), 'm', NULL, 0, NULL FROM keyed WHERE m IS NOT NULL
                GROUP BY GROUPING SETS ((\(k), m), (m))
            )
            SELECT \(k), min(label) AS label, t AS is_total,
                   count(*) FILTER (WHERE kind = 'e') AS events,
                   coalesce(sum(n) FILTER (WHERE kind = 'p'), 0)::bigint AS participations,
                   count(*) FILTER (WHERE kind = 'p' AND sex = 'female') AS women,
                   count(*) FILTER (WHERE kind = 'p' AND sex = 'male') AS men,
                   count(*) FILTER (WHERE kind = 'p' AND sex = 'not_recorded') AS not_recorded,
                   coalesce(sum(n) FILTER (WHERE kind = 'p' AND sex = 'female'), 0)::bigint AS women_participations,
                   coalesce(sum(n) FILTER (WHERE kind = 'p' AND sex = 'male'), 0)::bigint AS men_participations,
                   coalesce(sum(n) FILTER (WHERE kind = 'p' AND sex = 'not_recorded'), 0)::bigint AS not_recorded_participations,
                   count(*) FILTER (WHERE kind = 'm') AS municipalities
            FROM parts GROUP BY \(k), t
            """
    }

    /// Runs the statement: groups in the IDL's order (names still missing) and the total.
    func run(_ c: PGConnection) throws -> (groups: [ParticipationGroup], total: ParticipationMeasures) {
        var groups: [ParticipationGroup] = []
        var total = ParticipationMeasures()
        for row in try c.query(statement.query).rows {
            let measures = try Self.measures(row)
            if try row.decode("is_total", as: Int32.self) != 0 {
                total = measures
                continue
            }
            let label = try row.decode("label", as: String?.self)
            let key = try groupBy.enumerated().map { index, dimension in
                ParticipationGroupKey(dimension: dimension, value: try value(row.decode("k\(index)", as: String?.self), dimension),
                                      label: dimension == .event ? label : nil)
            }
            groups.append(ParticipationGroup(key: key, measures: measures))
        }
        groups.sort { ParticipationGroupKey.precedes($0.key, $1.key) }
        return (groups, total)
    }

    /// The wire value of a key column: age bands come back as the band's number.
    private func value(_ raw: String?, _ dimension: ReportDimension) -> String? {
        guard dimension == .ageBand else { return raw }
        guard let raw, let index = Int(raw), index >= 1, index <= ageBands.lowerBounds.count else { return IndicatorAgeBands.unknown }
        return ageBands.label(age: ageBands.lowerBounds[index - 1])
    }

    private static func measures(_ row: PGRow) throws -> ParticipationMeasures {
        func count(_ column: String) throws -> Int { Int(try row.decode(column, as: Int64.self)) }
        return ParticipationMeasures(
            events: try count("events"), participations: try count("participations"),
            uniquePersons: try count("women") + count("men") + count("not_recorded"),
            women: try count("women"), men: try count("men"), notRecorded: try count("not_recorded"),
            womenParticipations: try count("women_participations"), menParticipations: try count("men_participations"),
            notRecordedParticipations: try count("not_recorded_participations"), municipalities: try count("municipalities"))
    }
}
