import Foundation
import Postgres
import TrainingCore

/// The grouped statement of a Participation report: groups and total in one pass over the
/// participation base (GROUPING SETS ((keys), ())), persons counted distinct per group. A
/// person has one sex, so unique persons are women + men + not recorded: one distinct count
/// (a sort of every participation) fewer.
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

    /// The event title is only carried (through the sorts of the distinct counts) when
    /// grouping by event, the only dimension with a label.
    var statement: ReportSQL {
        var sql = ReportSQL()
        sql.append("WITH ")
        ParticipationSource(filter: filter).appendCTEs(to: &sql)
        let bands = sql.bind(ageBands.lowerBounds)
        let keys = groupBy.indices.map { "k\($0)" }
        let keyColumns = groupBy.enumerated().map { "\(keyExpression($1, bands: bands)) AS k\($0)" }
        sql.append("""

            SELECT \(keys.map { "\($0), " }.joined())\(groupBy.contains(.event) ? "min(event_title)" : "NULL::text") AS label,
                   \(keys.isEmpty ? "1" : "GROUPING(\(keys.joined(separator: ", ")))") AS is_total,
                   count(DISTINCT event_id) AS events, count(*) AS participations,
                   count(DISTINCT person_id) FILTER (WHERE sex = 'female') AS women,
                   count(DISTINCT person_id) FILTER (WHERE sex = 'male') AS men,
                   count(DISTINCT person_id) FILTER (WHERE sex = 'not_recorded') AS not_recorded,
                   count(*) FILTER (WHERE sex = 'female') AS women_participations,
                   count(*) FILTER (WHERE sex = 'male') AS men_participations,
                   count(*) FILTER (WHERE sex = 'not_recorded') AS not_recorded_participations,
                   count(DISTINCT participant_municipality) AS municipalities
            FROM (SELECT *\(keyColumns.map { ", \($0)" }.joined()) FROM participation) AS keyed
            \(keys.isEmpty ? "" : "GROUP BY GROUPING SETS ((\(keys.joined(separator: ", "))), ())")
            """)
        return sql
    }

    /// Runs the statement: groups in the IDL's order (names still missing) and the total.
    func run(_ c: PGConnection) throws -> (groups: [ParticipationGroup], total: ParticipationMeasures) {
        var groups: [ParticipationGroup] = []
        var total = ParticipationMeasures()
        for row in try c.query(statement.query).rows {
            let measures = try Self.measures(row)
            if try row.decode("is_total", as: Int64.self) != 0 {
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
