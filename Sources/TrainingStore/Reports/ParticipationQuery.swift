import Foundation
import Postgres
import TrainingCore

/// The statement of a Participation report and its count: PostgreSQL filters the kept
/// participation base and streams, per participation, the raw column of each group_by
/// dimension; the daemon derives the keys (`ParticipationKeys`) and counts persons, events and
/// municipalities per group and for the total (`ParticipationTally`).
struct ParticipationQuery {
    let filter: ParticipationFilter
    let groupBy: [ReportDimension]
    let ageBands: IndicatorAgeBands

    /// DECLAREs the cursor participation_rows: one row per participation, columns k0…k<n-1>
    /// (each dimension's raw column, `ParticipationKeys.rawColumn`), label, person_id, sex,
    /// event_id, m (the participant's municipality). The event title is only carried when
    /// grouping by event, the only dimension with a label. Nothing here names the gazetteer's
    /// columns, so without place filters PostgreSQL drops that join.
    var statement: ReportSQL {
        var sql = ReportSQL()
        sql.append("DECLARE participation_rows NO SCROLL CURSOR FOR WITH ")
        ParticipationSource(filter: filter, base: .kept(eventNames: groupBy.contains(.event))).appendCTEs(to: &sql)
        let keys = groupBy.enumerated().map { "\(ParticipationKeys.rawColumn($1).rawValue) AS k\($0)" }
        let label = groupBy.contains(.event) ? "event_title" : "NULL::text"
        let columns = keys + ["\(label) AS label", "person_id", "sex", "event_id", "participant_municipality AS m"]
        sql.append("\nSELECT \(columns.joined(separator: ", ")) FROM participation")
        return sql
    }

    /// Runs the statement and counts: groups in the IDL's order (names still missing) and the
    /// total. 5,000 rows per FETCH keep each result near a megabyte (libpq holds a chunk
    /// whole, ~250 bytes a row) while the round trips stay a small share of the time;
    /// PostgreSQL produces each chunk while the one before is counted.
    func run(_ c: PGConnection) throws -> (groups: [ParticipationGroup], total: ParticipationMeasures) {
        let places = groupBy.contains(where: \.isPlace) ? try Self.places(c) : [:]
        var counting = ParticipationCounting(groupBy: groupBy, keys: ParticipationKeys(ageBands: ageBands, places: places))
        try c.execute(statement.query)
        try c.forEachChunk(ofCursor: "participation_rows", size: 5_000) { chunk in
            for row in chunk.rows { try counting.add(row) }
        }
        try c.execute("CLOSE participation_rows")
        let counted = counting.finish()
        var groups = counted.groups.map { group in
            ParticipationGroup(key: groupBy.enumerated().map { index, dimension in
                ParticipationGroupKey(dimension: dimension, value: group.key[index], label: dimension == .event ? group.label : nil)
            }, measures: group.measures)
        }
        groups.sort { ParticipationGroupKey.precedes($0.key, $1.key) }
        return (groups, counted.total)
    }

    /// The gazetteer's municipalities: a few hundred rows.
    private static func places(_ c: PGConnection) throws -> [String: ParticipationKeys.Place] {
        var places: [String: ParticipationKeys.Place] = [:]
        for row in try c.query("SELECT code, district_code, oblast_code FROM municipality").rows {
            places[try row.decode(0, as: String.self)] = ParticipationKeys.Place(
                district: try row.decode(1, as: String?.self), oblast: try row.decode(2, as: String.self))
        }
        return places
    }
}
