import Foundation
import Postgres
import UUIDText

/// The kept participation base (sql/0014, `report_participation`): brought up to date at the
/// start of a Participation, PlanFunnel or ComputeIndicators report, in the report's own
/// snapshot, so the report reads one narrow table instead of counting every attendance mark
/// again.
///
/// Why it is exact: a write to anything the base copies leaves a marker (report_stale) in the
/// same transaction; `refresh` deletes the markers its snapshot sees and recomputes their events
/// from the base tables in that snapshot. Markers committed later stay for the next refresh.
/// Refreshes of one tenant run one at a time (`lock`, taken before the snapshot), so no two
/// delete the same markers.
enum ParticipationBase {
    /// The session advisory lock that serialises a tenant's refreshes.
    static func lock(_ c: PGConnection, tenant: UUID) throws {
        try c.query("SELECT pg_advisory_lock(hashtext(\(lockName(tenant))))")
    }

    /// Releases `lock`. Never throws: if the connection is gone, so is the lock.
    static func unlock(_ c: PGConnection, tenant: UUID) {
        _ = try? c.query("SELECT pg_advisory_unlock(hashtext(\(lockName(tenant))))")
    }

    private static func lockName(_ tenant: UUID) -> String { "trainingd_report_participation/\(tenant.lowercasedText)" }

    /// Up to this many stale events are recomputed with index probes, more with hash joins.
    static let probingLimit = 100

    /// Recomputes the events written since the last refresh (every event the first time);
    /// returns how many events it recomputed. Runs in a REPEATABLE READ read-write transaction
    /// scoped to `tenant`, under `lock`.
    @discardableResult
    static func refresh(_ c: PGConnection, tenant: UUID) throws -> Int {
        guard try c.query("SELECT EXISTS (SELECT 1 FROM report_participation_state) AS built")[0].decode("built", as: Bool.self) else {
            return try build(c, tenant: tenant)
        }
        // Usually a few events: index probes per event, registration and person. The
        // report's settings turn nested loops off for whole-period scans, which here would
        // hash the whole base and every person; they are restored for the reads after.
        try c.query("SELECT set_config('enable_nestloop', 'on', true)")
        defer { _ = try? c.query("SELECT set_config('enable_nestloop', 'off', true)") }
        let stale = try c.query("""
            WITH gone AS (DELETE FROM report_stale RETURNING event_id, person_id),
            stale AS (
                SELECT event_id FROM gone WHERE event_id IS NOT NULL
                UNION
                SELECT r.event_id FROM registration r JOIN gone g ON r.person_id = g.person_id
            ),
            dropped AS (DELETE FROM report_participation rp USING stale s WHERE rp.event_id = s.event_id)
            SELECT event_id::text AS id FROM stale
            """).rows.map { try $0.decode("id", as: String.self) }
        guard !stale.isEmpty else { return 0 }
        // Many events (a bulk load, an import): per-event probes went pathological (over two
        // minutes for all 5,003 bench events, against 2.9 s hashing as the first build does).
        if stale.count > Self.probingLimit { try c.query("SELECT set_config('enable_nestloop', 'off', true)") }
        try recompute(c, events: stale)
        return stale.count
    }

    /// The first refresh of a tenant: every event, whatever was there before.
    private static func build(_ c: PGConnection, tenant: UUID) throws -> Int {
        try c.execute("DELETE FROM report_stale")
        try c.execute("DELETE FROM report_participation")
        try recompute(c, events: nil)
        try c.execute("INSERT INTO report_participation_state (tenant_id) VALUES (\(tenant))")
        return try c.query("SELECT count(*) AS n FROM event")[0].decode("n", as: Int64.self).clamped
    }

    /// Inserts the participations of `events` (every event when nil), whose rows are gone.
    /// The same computation as `ParticipationSource`'s rpt_attended and participation CTEs,
    /// for every status and period: the attended marks of each event counted per person with
    /// an index-only scan, then joined to the registration, the person and the invitation.
    private static func recompute(_ c: PGConnection, events: [String]?) throws {
        try c.execute("""
            INSERT INTO report_participation (tenant_id, event_id, person_id, days, event_status, first_day, last_day,
                                              venue_municipality, sex, birth_year, category, municipality_code, invite_role)
            SELECT e.tenant_id, e.id, r.person_id, d.days, e.status, e.first_day, e.last_day, e.venue_municipality,
                   p.sex, p.birth_year, r.category, r.municipality_code,
                   CASE WHEN em.role IS NOT NULL THEN em.role
                        WHEN r.municipality_code = e.venue_municipality THEN 'venue'
                        ELSE 'other' END
            FROM event e
            CROSS JOIN LATERAL (
                SELECT a.person_id, count(*)::int AS days
                FROM attendance a
                WHERE a.event_id = e.id AND a.status IN ('present', 'late') AND a.day BETWEEN e.first_day AND e.last_day
                GROUP BY a.person_id
            ) AS d
            JOIN registration r ON r.event_id = e.id AND r.person_id = d.person_id
            JOIN person p ON p.id = r.person_id
            LEFT JOIN event_municipality em ON em.event_id = e.id AND em.municipality_code = r.municipality_code
            WHERE \(events)::uuid[] IS NULL OR e.id = ANY(\(events)::uuid[])
            """)
    }
}

private extension Int64 {
    var clamped: Int { Int(clamping: self) }
}
