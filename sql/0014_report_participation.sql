-- 0014: the participation base of the Participation report, kept ready (scripts/bench item 4).
--
-- Computed at report time, the base took ~1.5 s of a 2.8-3.9 s report over 2,000,000 marks:
-- every attended mark of the period counted per (event, person), then joined to
-- registrations, people and invitations. Here it is kept as one row per participation
-- (event, person with at least one day present or late within the event's days), with what
-- the report filters and groups by, so a report reads one narrow table.
--
-- How it stays exact without slowing the writers down:
--   * every statement that writes attendance, registrations or invitations leaves a marker
--     in report_stale naming the events it touched (statement-level triggers: one small
--     INSERT per statement, whoever writes, the daemon or a script); so does every change of
--     an event's status, days or venue (the old event id, so a changed key is covered too),
--     and of a person's sex or birth year (row-level triggers, only when those changed);
--   * a Participation report first refreshes, in its own REPEATABLE READ transaction: it
--     deletes the markers its snapshot sees and recomputes those events' rows from the base
--     tables in the same snapshot, then reads. A marker committed after the snapshot is not
--     seen, so it stays for the next report; a write whose marker the report deletes is
--     visible to the recomputation. Reports of one tenant refresh one at a time (a session
--     advisory lock taken before the snapshot), so two never delete the same markers;
--   * a tenant without a report_participation_state row has never been built (databases
--     migrated from before 0014, tenants imported by scripts/tenant-import, which leaves these
--     derived tables out, or rows loaded with triggers disabled): its first report recomputes
--     every event;
--   * TRUNCATE, which fires no such trigger, is refused on attendance, registration and
--     event_municipality (event and person refuse it already).
-- Bulk loads that disable triggers (session_replication_role = replica) must insert markers
-- for the events they load, or delete the tenant's report_participation_state row.

CREATE TABLE report_participation (
    tenant_id          uuid NOT NULL,
    event_id           uuid NOT NULL,
    person_id          uuid NOT NULL,
    days               integer NOT NULL,
    event_status       text NOT NULL,
    first_day          date NOT NULL,
    last_day           date NOT NULL,
    venue_municipality text,
    sex                text NOT NULL,
    birth_year         integer,
    category           text NOT NULL,
    municipality_code  text,
    invite_role        text NOT NULL,
    PRIMARY KEY (tenant_id, event_id, person_id)
);
CALL trainingd_protect_tenant_table('report_participation');
COMMENT ON TABLE report_participation IS
    'Tenant data, derived: one row per participation (event, person with days present or late within the event >= 1) with the attributes reports filter and group by. Recomputed per event from the base tables by the Participation report for the events named in report_stale.';

CREATE TABLE report_stale (
    tenant_id uuid NOT NULL,
    seq       bigint GENERATED ALWAYS AS IDENTITY,
    event_id  uuid,
    person_id uuid,
    PRIMARY KEY (tenant_id, seq),
    CONSTRAINT report_stale_subject_check CHECK ((event_id IS NULL) <> (person_id IS NULL))
);
CALL trainingd_protect_tenant_table('report_stale', 'SELECT, INSERT, DELETE');
GRANT USAGE ON SEQUENCE report_stale_seq_seq TO trainingd_app;
COMMENT ON TABLE report_stale IS
    'Tenant data, derived: events (or persons: every event of theirs) whose report_participation rows a write may have changed since they were computed, one row per writing statement and event or person. Deleted by the report that recomputes them.';

CREATE TABLE report_participation_state (
    tenant_id uuid NOT NULL,
    built_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id)
);
CALL trainingd_protect_tenant_table('report_participation_state', 'SELECT, INSERT, DELETE');
COMMENT ON TABLE report_participation_state IS
    'Tenant data, derived: present once report_participation has been built for the tenant; without it the next report recomputes every event.';

-- Rows with an event_id column (attendance, registration, event_municipality). An UPDATE
-- marks the events before and after, in case one moved.
CREATE FUNCTION trainingd_report_stale_by_event_id() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO public.report_stale (tenant_id, event_id)
        SELECT tenant_id, event_id FROM changed UNION SELECT tenant_id, event_id FROM before;
    ELSE
        INSERT INTO public.report_stale (tenant_id, event_id) SELECT DISTINCT tenant_id, event_id FROM changed;
    END IF;
    RETURN NULL;
END
$$;

-- An event row whose status, days or venue changed (they are copied), or that is gone. Per
-- row with a WHEN, as events change one at a time and most updates change none of these.
CREATE FUNCTION trainingd_report_stale_event() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO public.report_stale (tenant_id, event_id) VALUES (OLD.tenant_id, OLD.id);
    RETURN NULL;
END
$$;

-- A person whose sex or birth year changed (they are copied). The marker names the person, not
-- the events found now: a registration of theirs committing concurrently would not be seen
-- here. The refresh recomputes every event the person has in its own snapshot.
CREATE FUNCTION trainingd_report_stale_person() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO public.report_stale (tenant_id, person_id) VALUES (NEW.tenant_id, NEW.id);
    RETURN NULL;
END
$$;

-- TRUNCATE fires no row or statement trigger, so it would leave no marker: refused on the
-- tables the base is computed from (delete rows instead).
CREATE FUNCTION trainingd_report_base_not_truncated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE feature_not_supported USING
        MESSAGE = format('cannot truncate table "%s": report_participation is kept from its rows (sql/0014)', TG_TABLE_NAME),
        HINT = 'Delete the rows instead; or truncate as the owner with this trigger disabled, then delete report_participation_state.';
END
$$;

CREATE PROCEDURE trainingd_report_stale_triggers(t regclass)
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('CREATE TRIGGER report_stale_insert AFTER INSERT ON %s REFERENCING NEW TABLE AS changed
                    FOR EACH STATEMENT EXECUTE FUNCTION trainingd_report_stale_by_event_id()', t);
    EXECUTE format('CREATE TRIGGER report_stale_update AFTER UPDATE ON %s REFERENCING OLD TABLE AS before NEW TABLE AS changed
                    FOR EACH STATEMENT EXECUTE FUNCTION trainingd_report_stale_by_event_id()', t);
    EXECUTE format('CREATE TRIGGER report_stale_delete AFTER DELETE ON %s REFERENCING OLD TABLE AS changed
                    FOR EACH STATEMENT EXECUTE FUNCTION trainingd_report_stale_by_event_id()', t);
    EXECUTE format('CREATE TRIGGER report_base_not_truncated BEFORE TRUNCATE ON %s
                    FOR EACH STATEMENT EXECUTE FUNCTION trainingd_report_base_not_truncated()', t);
END
$$;
CALL trainingd_report_stale_triggers('attendance');
CALL trainingd_report_stale_triggers('registration');
CALL trainingd_report_stale_triggers('event_municipality');
DROP PROCEDURE trainingd_report_stale_triggers(regclass);

CREATE TRIGGER report_stale_update AFTER UPDATE ON event FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.first_day IS DISTINCT FROM NEW.first_day
          OR OLD.last_day IS DISTINCT FROM NEW.last_day OR OLD.venue_municipality IS DISTINCT FROM NEW.venue_municipality
          OR OLD.id IS DISTINCT FROM NEW.id OR OLD.tenant_id IS DISTINCT FROM NEW.tenant_id)
    EXECUTE FUNCTION trainingd_report_stale_event();
CREATE TRIGGER report_stale_delete AFTER DELETE ON event FOR EACH ROW EXECUTE FUNCTION trainingd_report_stale_event();
CREATE TRIGGER report_stale_update AFTER UPDATE ON person FOR EACH ROW
    WHEN (OLD.sex IS DISTINCT FROM NEW.sex OR OLD.birth_year IS DISTINCT FROM NEW.birth_year)
    EXECUTE FUNCTION trainingd_report_stale_person();

CALL trainingd_check_tenant_tables();
