import Foundation
import Postgres
import TrainingCore

/// The statement of a Participation report and its count: PostgreSQL filters the kept
/// participation base and computes each row's group key; the daemon counts persons, events
/// and municipalities per group and for the total (`ParticipationTally`).
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

    /// DECLAREs the cursor participation_rows: one row per participation, columns k0…k<n-1>, label, person_id,
    /// sex, event_id, m (the participant's municipality). The event title is only carried
    /// when grouping by event, the only dimension with a label.
    var statement: ReportSQL {
        var sql = ReportSQL()
        sql.append("DECLARE participation_rows NO SCROLL CURSOR FOR WITH ")
        ParticipationSource(filter: filter, kept: true, eventNames: groupBy.contains(.event)).appendCTEs(to: &sql)
        let bands = sql.bind(ageBands.lowerBounds)
        let keys = groupBy.enumerated().map { "\(keyExpression($1, bands: bands)) AS k\($0)" }
        let label = groupBy.contains(.event) ? "event_title" : "NULL::text"
        let columns = keys + ["\(label) AS label", "person_id", "sex", "event_id", "participant_municipality AS m"]
        sql.append("\nSELECT \(columns.joined(separator: ", ")) FROM participation")
        return sql
    }

    /// Runs the statement and counts: groups in the IDL's order (names still missing) and the
    /// total. 20,000 rows per FETCH bound the daemon's memory (a few MB of text) while the
    /// round trips stay a small share of the time; PostgreSQL produces each chunk while the
    /// one before is counted.
    func run(_ c: PGConnection) throws -> (groups: [ParticipationGroup], total: ParticipationMeasures) {
        var counting = ParticipationCounting(dimensions: groupBy.count)
        try c.execute(statement.query)
        try c.forEachChunk(ofCursor: "participation_rows", size: 20_000) { chunk in
            for row in chunk.rows { try counting.add(row) }
        }
        try c.execute("CLOSE participation_rows")
        let counted = counting.finish()
        var groups = counted.groups.map { group in
            ParticipationGroup(key: groupBy.enumerated().map { index, dimension in
                ParticipationGroupKey(dimension: dimension, value: value(group.key[index], dimension),
                                      label: dimension == .event ? group.label : nil)
            }, measures: group.measures)
        }
        groups.sort { ParticipationGroupKey.precedes($0.key, $1.key) }
        return (groups, counted.total)
    }

    /// The wire value of a key column: age bands come back as the band's number.
    private func value(_ raw: String?, _ dimension: ReportDimension) -> String? {
        guard dimension == .ageBand else { return raw }
        guard let raw, let index = Int(raw), index >= 1, index <= ageBands.lowerBounds.count else { return IndicatorAgeBands.unknown }
        return ageBands.label(age: ageBands.lowerBounds[index - 1])
    }
}
