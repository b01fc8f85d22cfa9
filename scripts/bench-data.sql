-- scripts/bench-data.sql: the bench's seeded data set, loaded by scripts/bench as the cluster
-- owner (row-level security does not apply to it). Deterministic: setseed() first, no
-- parallel plans, ids derived from md5 of a counter, so two runs load the same rows.
--
-- Variables (psql -v): tenant (uuid), events, people, regs (registrations per event),
-- days (attendance days per event), att_people (people registered to the attendance events).
-- Report data: :events held/closed events 2019-2025 across the three oblasts' municipalities,
-- :people people, :regs registrations per event, one mark per registration and day
-- (85 % present, 5 % late, 7 % absent, 3 % excused): events × regs × days attendance rows.
\set ON_ERROR_STOP on
SET max_parallel_workers_per_gather = 0;
-- Bulk load: skip foreign-key and change-log triggers; the rows are consistent by construction.
SET session_replication_role = replica;
SELECT setseed(0.2019);

CREATE TEMP TABLE bench_muni AS
    SELECT (row_number() OVER (ORDER BY code) - 1)::int AS i, code FROM municipality
    WHERE oblast_code IN ('41704000000000', '41706000000000', '41708000000000');
SELECT count(*) AS nm FROM bench_muni \gset

INSERT INTO person (tenant_id, id, full_name, name_key, search_key, sex, birth_year, category, municipality_code)
SELECT :'tenant', md5('bench-person-' || n)::uuid, 'Bench Person ' || n, 'bench person ' || n, 'bench person ' || n,
       CASE WHEN r1 < 0.47 THEN 'female' WHEN r1 < 0.98 THEN 'male' ELSE 'not_recorded' END,
       1950 + floor(r2 * 55)::int,
       (ARRAY['aiyl_okmotu_head', 'aiyl_okmotu_deputy_head', 'responsible_secretary', 'aiyl_okmotu_specialist',
              'council_chair', 'council_deputy', 'initiative_group_member', 'jmeg_member', 'other'])[1 + floor(r3 * 9)::int],
       m.code
FROM (SELECT n, random() AS r1, random() AS r2, random() AS r3, random() AS r4
      FROM generate_series(0, :people - 1) AS n) s
JOIN bench_muni m ON m.i = floor(s.r4 * :nm)::int
ORDER BY n;

INSERT INTO event (tenant_id, id, code, title, venue_municipality, first_day, last_day, capacity, status)
SELECT :'tenant', md5('bench-event-' || n)::uuid, 'BENCH-E' || lpad(n::text, 5, '0'), 'Bench training ' || n, m.code,
       DATE '2019-01-01' + floor(r1 * 2500)::int, DATE '2019-01-01' + floor(r1 * 2500)::int + (:days - 1), :regs + 20,
       CASE WHEN r2 < 0.65 THEN 'closed' WHEN r2 < 0.97 THEN 'held' ELSE 'cancelled' END
FROM (SELECT n, random() AS r1, random() AS r2, random() AS r3 FROM generate_series(0, :events - 1) AS n) s
JOIN bench_muni m ON m.i = floor(s.r3 * :nm)::int
ORDER BY n;

-- The venue is a target; one more municipality of the three oblasts is invited as a neighbour.
INSERT INTO event_municipality (tenant_id, event_id, municipality_code, role)
SELECT :'tenant', e.id, e.venue_municipality, 'target' FROM event e WHERE e.code LIKE 'BENCH-E%' ORDER BY e.code;
INSERT INTO event_municipality (tenant_id, event_id, municipality_code, role)
SELECT :'tenant', md5('bench-event-' || n)::uuid, m.code, 'neighbour'
FROM (SELECT n, random() AS r FROM generate_series(0, :events - 1) AS n) s
JOIN bench_muni m ON m.i = floor(s.r * :nm)::int
ORDER BY n
ON CONFLICT DO NOTHING;

-- Registration k of event e is person (37e + 1009k) mod people: distinct within an event
-- (1009 is prime to 10^n), each person in about events × regs / people events.
INSERT INTO registration (tenant_id, event_id, person_id, status, source, category, municipality_code)
SELECT :'tenant', md5('bench-event-' || e)::uuid, p.id, 'registered', 'import', p.category, p.municipality_code
FROM generate_series(0, :events - 1) AS e
CROSS JOIN generate_series(0, :regs - 1) AS k
JOIN person p ON p.tenant_id = :'tenant' AND p.id = md5('bench-person-' || ((37 * e + 1009 * k) % :people))::uuid
ORDER BY e, k;

INSERT INTO attendance (tenant_id, event_id, person_id, day, status, recorded_by)
SELECT r.tenant_id, r.event_id, r.person_id, e.first_day + d,
       CASE WHEN x < 0.85 THEN 'present' WHEN x < 0.90 THEN 'late' WHEN x < 0.97 THEN 'absent' ELSE 'excused' END, 0
FROM (SELECT r.*, d, random() AS x
      FROM registration r CROSS JOIN generate_series(0, :days - 1) AS d
      WHERE r.tenant_id = :'tenant'
      ORDER BY r.event_id, r.person_id, d) r
JOIN event e ON e.tenant_id = r.tenant_id AND e.id = r.event_id;

-- The events the write benches record into (the daemon's single marks, its sheets, pgbench;
-- the same shape) and the event the import bench fills: all of 2026, open for attendance.
INSERT INTO event (tenant_id, id, code, title, venue_municipality, first_day, last_day, capacity, status)
SELECT :'tenant', md5('bench-' || c)::uuid, c, 'Bench ' || c, (SELECT code FROM bench_muni WHERE i = 0),
       DATE '2026-01-01', DATE '2026-12-31', NULL, s
FROM (VALUES ('BENCH-ATT-OURS', 'in_progress'), ('BENCH-ATT-SHEETS', 'in_progress'), ('BENCH-ATT-PGBENCH', 'in_progress'),
             ('BENCH-IMPORT', 'scheduled')) AS v(c, s);
INSERT INTO registration (tenant_id, event_id, person_id, status, source, category, municipality_code)
SELECT :'tenant', md5('bench-' || c)::uuid, p.id, 'registered', 'manual', p.category, p.municipality_code
FROM (VALUES ('BENCH-ATT-OURS'), ('BENCH-ATT-SHEETS'), ('BENCH-ATT-PGBENCH')) AS v(c)
CROSS JOIN generate_series(0, :att_people - 1) AS n
JOIN person p ON p.tenant_id = :'tenant' AND p.id = md5('bench-person-' || n)::uuid
ORDER BY c, n;

RESET session_replication_role;
-- The triggers that mark the kept report base stale (sql/0014) were off: the next report
-- rebuilds the tenant's base from scratch. (Safe here: scripts/bench runs the daemon without
-- background refresh and no report runs during the load; docs/operations.md gives the way
-- that is safe at any time.)
DELETE FROM report_participation_state WHERE tenant_id = :'tenant';
VACUUM (ANALYZE) person, event, event_municipality, registration, attendance;
