import Foundation
import Postgres
import TrainingCore
import UUIDText

/// The one statement that records a RecordAttendance call for people who exist, when it has
/// walk-ins to register (`RecordAttendanceBatchStatement` records the others, alone or
/// together; the ordering and Watch-order reasoning below holds for both).
///
/// Why one statement: a sheet of marks is the hot path (it is benchmarked against pgbench
/// running a bare INSERT). Everything is read in one snapshot (the event, each person, their
/// registration and current mark) and every write is guarded by the same checks
/// `AttendanceRules` applies in Swift, so when a check fails nothing is written and the
/// transaction is rolled back anyway; when all pass, the marks are upserted
/// (`ON CONFLICT ... DO UPDATE ... WHERE` the status differs, so a repeated mark writes
/// nothing), walk-ins get their registration, and the change-log rows and the single audit
/// row are derived from what was actually written, all in the same round trip.
///
/// Ordered with the event's other writers: `eventLock` runs first, in its own statement, and
/// takes the event row `FOR SHARE`. Everything that changes what a recording checks holds
/// that row `FOR UPDATE` (UpdateEvent's dates, status changes, registrations, cancellations,
/// imports), so the recording waits for such a change in progress, and the statement's
/// snapshot, taken after the lock (READ COMMITTED), sees its result: the new dates, the
/// cancelled registration. The other way round, those writers wait for the recording's commit
/// and see its marks (UpdateEvent then refuses dates that leave a mark outside). Without it, a
/// mark could land outside dates just shortened, or on a registration just cancelled.
///
/// Watch order: Events.Watch streams a tenant's change_log "after the last seq sent", so it
/// must never see a higher seq while a lower one is still uncommitted. Like
/// `ChangeFeedStore.record`, the statement takes the tenant's change-log advisory lock in
/// SHARED mode before its change rows draw their seq, and holds it to the commit; readers take
/// it exclusive (`ChangeFeedStore.waitForWriters`), so they wait for this commit. Shared, the
/// tenant's writers do not wait for each other (exclusive, 8 clients recording in one tenant
/// were serialized: 1,458 -> 1,035 calls/s). It still takes it as late as it can, only once
/// the marks, registrations and the audit row are written (`in_commit_order` counts them
/// first), and only when something was written; with COMMIT pipelined right behind the
/// statement (`PGConnection.transactionInOneRoundTrip`) the lock is held for the change-row
/// insert and the commit only, never across a network round trip, so a reader waiting for
/// it (and the writers queued behind that reader) wait little.
struct RecordAttendanceStatement: Sendable {
    let tenant: UUID
    let reference: String
    let people: [UUID]
    let entries: [AttendanceMarkInput]
    let uid: UInt32
    let method: String
    let createdPeople: [UUID]

    init(tenant: UUID, reference: String, people: [UUID], entries: [AttendanceMarkInput], uid: UInt32, method: String, createdPeople: [UUID]) {
        self.tenant = tenant
        self.reference = reference
        self.people = people
        self.entries = entries
        self.uid = uid
        self.method = method
        self.createdPeople = createdPeople
    }

    /// The event row `FOR SHARE`, before the statement (see the type's documentation).
    var eventLock: PGQuery { EventLookup.query(reference, lock: .share) }

    /// Marks, walk-in registrations and people created. The arrays are cast as a whole
    /// (`uuid[]`, `date[]`), never element by element in the joins: a join clause holding a
    /// non-leakproof cast such as `text::uuid` cannot become an index condition on a table
    /// under row-level security, so each mark scanned every attendance row of the event (5 ms
    /// per call at 1,000 rows, growing; scripts/bench).
    var query: PGQuery {
        let id = UUID(text: reference)
        let persons = people.map { $0.lowercasedText }
        let days = entries.map(\.day.description)
        let statuses = entries.map(\.status.rawValue)
        let walkIns = entries.map { $0.walkIn ? "true" : "false" }
        let created = createdPeople.map { $0.lowercasedText }
        return """
            WITH ev AS (
                SELECT id, code, status, first_day, last_day FROM event
                WHERE (\(id)::uuid IS NOT NULL AND id = \(id)) OR (\(id)::uuid IS NULL AND code = \(reference))
            ),
            input AS (
                SELECT t.n::int - 1 AS n, t.p AS person_id, t.d AS day, t.s AS status, t.w AS walk_in
                FROM unnest(\(persons)::uuid[], \(days)::date[], \(statuses)::text[], \(walkIns)::boolean[]) WITH ORDINALITY AS t(p, d, s, w, n)
            ),
            facts AS (
                SELECT i.n, i.person_id, i.day, i.status, i.walk_in,
                       p.id IS NOT NULL AS person_exists, p.category, p.municipality_code,
                       r.status AS registration_status, a.status AS previous_status
                FROM input i
                LEFT JOIN person p ON p.id = i.person_id AND p.merged_into IS NULL
                LEFT JOIN ev ON true
                LEFT JOIN registration r ON r.event_id = ev.id AND r.person_id = i.person_id
                LEFT JOIN attendance a ON a.event_id = ev.id AND a.person_id = i.person_id AND a.day = i.day
            ),
            verdict AS (
                SELECT EXISTS (SELECT 1 FROM ev WHERE ev.status IN ('scheduled', 'in_progress', 'held'))
                   AND NOT EXISTS (
                       SELECT 1 FROM facts f, ev
                       WHERE f.day < ev.first_day OR f.day > ev.last_day OR NOT f.person_exists
                          OR (f.registration_status IS DISTINCT FROM 'registered' AND NOT f.walk_in)) AS ok
            ),
            walk_ins AS (
                INSERT INTO registration (tenant_id, event_id, person_id, status, source, category, municipality_code)
                SELECT DISTINCT ON (f.person_id) \(tenant), ev.id, f.person_id, 'registered', 'walk_in', f.category, f.municipality_code
                FROM facts f, ev, verdict
                WHERE verdict.ok AND f.walk_in AND f.registration_status IS DISTINCT FROM 'registered'
                ORDER BY f.person_id
                ON CONFLICT (tenant_id, event_id, person_id) DO UPDATE
                    SET status = 'registered', source = 'walk_in', cancelled_at = NULL, updated_at = now()
                    WHERE registration.status <> 'registered'
                RETURNING person_id, (xmax = 0) AS inserted
            ),
            upserted AS (
                INSERT INTO attendance (tenant_id, event_id, person_id, day, status, recorded_by)
                SELECT \(tenant), ev.id, f.person_id, f.day, f.status, \(Int64(uid))
                FROM facts f, ev, verdict
                WHERE verdict.ok AND f.previous_status IS DISTINCT FROM f.status
                ON CONFLICT (tenant_id, event_id, person_id, day) DO UPDATE
                    SET status = EXCLUDED.status, recorded_at = now(), recorded_by = EXCLUDED.recorded_by
                    WHERE attendance.status <> EXCLUDED.status
                RETURNING person_id, day, status, (xmax = 0) AS inserted
            ),
            written AS (
                SELECT f.n, f.previous_status, u.* FROM upserted u JOIN facts f ON f.person_id = u.person_id AND f.day = u.day
            ),
            registered AS (
                SELECT min(f.n) AS n, w.person_id, w.inserted FROM walk_ins w JOIN facts f ON f.person_id = w.person_id
                GROUP BY w.person_id, w.inserted
            ),
            audited AS (
                INSERT INTO audit_log (tenant_id, uid, method, object_type, object_id, before, after)
                SELECT \(tenant), \(Int64(uid)), \(method), 'event', ev.id::text,
                       (SELECT jsonb_build_object('attendance', jsonb_agg(jsonb_build_object(
                                   'person_id', w.person_id, 'day', w.day, 'status', w.previous_status) ORDER BY w.n))
                        FROM written w WHERE NOT w.inserted HAVING count(*) > 0),
                       jsonb_strip_nulls(jsonb_build_object(
                           'event_code', ev.code,
                           'attendance', (SELECT jsonb_agg(jsonb_build_object('person_id', w.person_id, 'day', w.day, 'status', w.status)
                                                           ORDER BY w.n) FROM written w),
                           'walk_ins_registered', (SELECT jsonb_agg(r.person_id ORDER BY r.n) FROM registered r),
                           'people_created', (SELECT jsonb_agg(x) FROM unnest(\(created)::text[]) AS x)))
                FROM ev
                WHERE EXISTS (SELECT 1 FROM upserted) OR EXISTS (SELECT 1 FROM walk_ins) OR cardinality(\(created)::text[]) > 0
                RETURNING id
            ),
            in_commit_order AS MATERIALIZED (
                SELECT pg_advisory_xact_lock_shared(hashtext(\(ChangeFeedStore.changeLogLockName(tenant)))) AS locked
                FROM (SELECT (SELECT count(*) FROM upserted) + (SELECT count(*) FROM walk_ins) AS changes,
                             (SELECT count(*) FROM audited) AS audit) w
                WHERE w.changes > 0
            ),
            logged AS (
                INSERT INTO change_log (tenant_id, by_uid, method, kind, event_id, event_code, person_id,
                                        registration_status, day, attendance_status)
                SELECT \(tenant), \(Int64(uid)), \(method), c.kind, ev.id, ev.code, c.person_id, c.registration_status, c.day, c.status
                FROM ev, (
                    SELECT 0 AS part, r.n, r.person_id,
                           CASE WHEN r.inserted THEN 'registration_created' ELSE 'registration_changed' END AS kind,
                           'registered' AS registration_status, NULL::date AS day, NULL::text AS status
                    FROM registered r
                    UNION ALL
                    SELECT 1, w.n, w.person_id, 'attendance_recorded', NULL, w.day, w.status FROM written w
                ) c
                WHERE (SELECT count(*) FROM in_commit_order) >= 0
                ORDER BY c.part, c.n
                RETURNING seq
            )
            SELECT f.n, f.person_exists, f.registration_status, f.previous_status,
                   w.n IS NOT NULL AS written, coalesce(w.inserted, false) AS inserted, r.n IS NOT NULL AS walk_in_registered,
                   ev.id AS event_id, ev.code AS event_code, ev.status AS event_status, ev.first_day, ev.last_day,
                   verdict.ok, (SELECT count(*) FROM logged) AS logged, (SELECT count(*) FROM audited) AS audited
            FROM facts f CROSS JOIN verdict LEFT JOIN ev ON true
            LEFT JOIN written w ON w.n = f.n
            LEFT JOIN registered r ON r.n = f.n
            ORDER BY f.n
            """
    }

    /// Runs the statement inside the caller's transaction and turns its rows into outcomes, or
    /// throws the first problem.
    func run(_ c: PGConnection, createdEntries: Set<Int>) throws -> AttendanceRecording {
        try outcomes(of: try c.queryPrepared(query), createdEntries: createdEntries)
    }

    /// Turns the statement's rows into outcomes, or throws the first problem. Safe to call after
    /// the commit: when any check fails the statement writes nothing (every write is guarded by
    /// `verdict.ok`), so a refused call committed an empty transaction.
    func outcomes(of result: PGResult, createdEntries: Set<Int>) throws -> AttendanceRecording {
        try Self.recording(rows: result.rows.map { $0 }, reference: reference, people: people, entries: entries, createdEntries: createdEntries)
    }

    /// One call's answer from its rows (ordered by entry; `RecordAttendanceBatchStatement` gives
    /// each call of a batch the same columns), or its first problem.
    static func recording(rows: [PGRow], reference: String, people: [UUID], entries: [AttendanceMarkInput],
                          createdEntries: Set<Int>) throws -> AttendanceRecording {
        guard let first = rows.first, let eventID = try first.decode("event_id", as: UUID?.self) else {
            throw AttendanceStoreError.eventNotFound(reference)
        }
        let eventCode: String = try first.decode("event_code")
        guard let eventStatus = EventStatus(rawValue: try first.decode("event_status")) else {
            throw PGError(code: .protocolViolation, message: "unknown event status")
        }
        let firstDay: Day = try first.decode("first_day")
        let lastDay: Day = try first.decode("last_day")

        var facts: [AttendanceRules.EntryFacts] = []
        var outcomes: [AttendanceOutcome] = []
        for row in rows {
            let n: Int = try row.decode("n")
            let entry = entries[n]
            facts.append(AttendanceRules.EntryFacts(
                entry: n, day: entry.day, personExists: try row.decode("person_exists"),
                registrationStatus: try row.decode("registration_status", as: String?.self).flatMap(RegistrationStatus.init(rawValue:)),
                walkIn: entry.walkIn))
            let previous = try row.decode("previous_status", as: String?.self).flatMap(AttendanceStatus.init(rawValue:))
            let result: AttendanceEntryResult
            if try row.decode("written", as: Bool.self) {
                result = try row.decode("inserted", as: Bool.self) ? .recorded : .updated
            } else {
                result = .unchanged
            }
            outcomes.append(AttendanceOutcome(
                entry: n, personID: people[n], day: entry.day, status: entry.status, result: result,
                previousStatus: result == .updated ? previous : nil,
                walkInRegistered: try row.decode("walk_in_registered"), personCreated: createdEntries.contains(n)))
        }
        if let problem = AttendanceRules.firstProblem(eventStatus: eventStatus, firstDay: firstDay, lastDay: lastDay, entries: facts) {
            let person: UUID? = switch problem {
            case .personNotFound(let entry), .notRegistered(let entry, _): people[entry]
            default: nil
            }
            throw AttendanceStoreError.rejected(problem, eventCode: eventCode, personID: person)
        }
        guard try first.decode("ok", as: Bool.self) else {
            // The SQL guard and AttendanceRules disagree: a bug, never a user error.
            throw PGError(code: .protocolViolation, message: "attendance checks disagree between SQL and AttendanceRules")
        }
        return AttendanceRecording(eventID: eventID, eventCode: eventCode, outcomes: outcomes)
    }
}
