import Foundation
import Postgres
import TrainingCore
import UUIDText

/// RecordAttendance calls without walk-ins for one event of one tenant, one or several,
/// recorded by one statement in one transaction (`AttendanceGroupCommit`), each call keeping
/// the answer it would get alone.
///
/// Why: a single mark cost its backend ~600 µs, most of it executor start-up and planning of
/// `RecordAttendanceStatement`'s plan plus BEGIN, `set_config` and COMMIT, against ~180 µs for
/// all of a pgbench transaction (docs/benchmarks.md). Eight clients marking one hall paid that
/// eight times over; here they pay it once.
///
/// The statement is `RecordAttendanceStatement.query` without walk-ins and with a call index on
/// every mark (its ordering and Watch-order reasoning holds here too):
/// - the event is read once, the checks are made per call (`verdict`), and a call's writes are
///   guarded by its own verdict, so a refused call writes nothing and the others go on;
/// - each call that wrote gets its own audit row (its uid and method), and its change rows
///   come in call order, then entry order, under the same change-log lock;
/// - the calls must mark disjoint (person, day) pairs (`AttendanceBatching`), so that each
///   call's reads are what it would have read alone, and `written` gives each row to one call.
///   `AttendanceStore.recordTogether` checks it before building one.
///
/// Rows are those of `RecordAttendanceStatement.query` plus `c`, the call's index, ordered by
/// call and entry.
struct RecordAttendanceBatchStatement: Sendable {
    let tenant: UUID
    let reference: String
    let calls: [AttendanceMarksCall]

    init(_ calls: [AttendanceMarksCall]) {
        precondition(!calls.isEmpty && calls.allSatisfy { $0.lane == calls[0].lane }, "a batch is one tenant's calls for one event")
        self.tenant = calls[0].tenant
        self.reference = calls[0].reference
        self.calls = calls
    }

    /// The event row `FOR SHARE`, before the statement, as for a single call.
    var eventLock: PGQuery { EventLookup.query(reference, lock: .share) }

    var query: PGQuery {
        let id = UUID(text: reference)
        let uids = calls.map { Int64($0.uid) }
        let methods = calls.map(\.method)
        var callOf: [Int] = [], entryOf: [Int] = [], persons: [String] = [], days: [String] = [], statuses: [String] = []
        for (c, call) in calls.enumerated() {
            for (n, (person, entry)) in zip(call.people, call.entries).enumerated() {
                callOf.append(c)
                entryOf.append(n)
                persons.append(person.lowercasedText)
                days.append(entry.day.description)
                statuses.append(entry.status.rawValue)
            }
        }
        return """
            WITH ev AS (
                SELECT id, code, status, first_day, last_day FROM event
                WHERE (\(id)::uuid IS NOT NULL AND id = \(id)) OR (\(id)::uuid IS NULL AND code = \(reference))
            ),
            calls AS (
                SELECT t.c::int - 1 AS c, t.u AS uid, t.m AS method
                FROM unnest(\(uids)::bigint[], \(methods)::text[]) WITH ORDINALITY AS t(u, m, c)
            ),
            facts AS (
                SELECT t.c::int AS c, t.n::int AS n, t.p AS person_id, t.d AS day, t.s AS status,
                       p.id IS NOT NULL AS person_exists, r.status AS registration_status, a.status AS previous_status
                FROM unnest(\(callOf)::bigint[], \(entryOf)::bigint[], \(persons)::uuid[], \(days)::date[], \(statuses)::text[]) AS t(c, n, p, d, s)
                LEFT JOIN person p ON p.id = t.p AND p.merged_into IS NULL
                LEFT JOIN ev ON true
                LEFT JOIN registration r ON r.event_id = ev.id AND r.person_id = t.p
                LEFT JOIN attendance a ON a.event_id = ev.id AND a.person_id = t.p AND a.day = t.d
            ),
            refused AS (
                SELECT DISTINCT f.c FROM facts f, ev
                WHERE f.day < ev.first_day OR f.day > ev.last_day OR NOT f.person_exists
                   OR f.registration_status IS DISTINCT FROM 'registered'
            ),
            verdict AS (
                SELECT k.c, k.uid, k.method,
                       EXISTS (SELECT 1 FROM ev WHERE ev.status IN ('scheduled', 'in_progress', 'held'))
                       AND NOT EXISTS (SELECT 1 FROM refused x WHERE x.c = k.c) AS ok
                FROM calls k
            ),
            upserted AS (
                INSERT INTO attendance (tenant_id, event_id, person_id, day, status, recorded_by)
                SELECT \(tenant), ev.id, f.person_id, f.day, f.status, v.uid
                FROM facts f JOIN verdict v ON v.c = f.c CROSS JOIN ev
                WHERE v.ok AND f.previous_status IS DISTINCT FROM f.status
                ON CONFLICT (tenant_id, event_id, person_id, day) DO UPDATE
                    SET status = EXCLUDED.status, recorded_at = now(), recorded_by = EXCLUDED.recorded_by
                    WHERE attendance.status <> EXCLUDED.status
                RETURNING person_id, day, status, (xmax = 0) AS inserted
            ),
            written AS (
                SELECT f.c, f.n, f.previous_status, u.* FROM upserted u JOIN facts f ON f.person_id = u.person_id AND f.day = u.day
            ),
            per_call AS (
                SELECT w.c,
                       jsonb_agg(jsonb_build_object('person_id', w.person_id, 'day', w.day, 'status', w.status) ORDER BY w.n) AS marks,
                       jsonb_agg(jsonb_build_object('person_id', w.person_id, 'day', w.day, 'status', w.previous_status) ORDER BY w.n)
                           FILTER (WHERE NOT w.inserted) AS replaced
                FROM written w GROUP BY w.c
            ),
            audited AS (
                INSERT INTO audit_log (tenant_id, uid, method, object_type, object_id, before, after)
                SELECT \(tenant), v.uid, v.method, 'event', ev.id::text,
                       CASE WHEN s.replaced IS NOT NULL THEN jsonb_build_object('attendance', s.replaced) END,
                       jsonb_strip_nulls(jsonb_build_object('event_code', ev.code, 'attendance', s.marks))
                FROM per_call s JOIN verdict v ON v.c = s.c CROSS JOIN ev
                ORDER BY s.c
                RETURNING id
            ),
            in_commit_order AS MATERIALIZED (
                SELECT pg_advisory_xact_lock_shared(hashtext(\(ChangeFeedStore.changeLogLockName(tenant)))) AS locked
                FROM (SELECT (SELECT count(*) FROM upserted) AS changes, (SELECT count(*) FROM audited) AS audit) w
                WHERE w.changes > 0
            ),
            logged AS (
                INSERT INTO change_log (tenant_id, by_uid, method, kind, event_id, event_code, person_id,
                                        registration_status, day, attendance_status)
                SELECT \(tenant), v.uid, v.method, 'attendance_recorded', ev.id, ev.code, w.person_id, NULL, w.day, w.status
                FROM written w JOIN verdict v ON v.c = w.c CROSS JOIN ev
                WHERE (SELECT count(*) FROM in_commit_order) >= 0
                ORDER BY w.c, w.n
                RETURNING seq
            )
            SELECT f.c, f.n, f.person_exists, f.registration_status, f.previous_status,
                   w.n IS NOT NULL AS written, coalesce(w.inserted, false) AS inserted, false AS walk_in_registered,
                   ev.id AS event_id, ev.code AS event_code, ev.status AS event_status, ev.first_day, ev.last_day,
                   v.ok, (SELECT count(*) FROM logged) AS logged, (SELECT count(*) FROM audited) AS audited
            FROM facts f JOIN verdict v ON v.c = f.c LEFT JOIN ev ON true
            LEFT JOIN written w ON w.c = f.c AND w.n = f.n
            ORDER BY f.c, f.n
            """
    }

    /// Each call's answer or problem, in call order. It runs after the commit, so it never
    /// throws: rows it cannot read fail the calls they belong to (all of them, when a row's
    /// call cannot be told), and the callers see the error, not a guess.
    func recordings(of result: PGResult) -> [Result<AttendanceRecording, any Error>] {
        var rowsOfCall = Array(repeating: [PGRow](), count: calls.count)
        for row in result.rows {
            let c: Int
            do { c = try row.decode("c") } catch { return calls.map { _ in .failure(error) } }
            guard rowsOfCall.indices.contains(c) else {
                let error = PGError(code: .protocolViolation, message: "attendance batch returned call \(c) of \(calls.count)")
                return calls.map { _ in .failure(error) }
            }
            rowsOfCall[c].append(row)
        }
        return zip(calls, rowsOfCall).map { call, rows in
            Result {
                try RecordAttendanceStatement.recording(rows: rows, reference: reference, people: call.people, entries: call.entries, createdEntries: [])
            }
        }
    }
}
