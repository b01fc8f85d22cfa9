-- 0008: the per-tenant change log behind io.trainingd.Events.Watch.
--
-- Every call that creates or changes an event, invitation, registration or attendance
-- inserts one row per change here, in its own transaction. The insert trigger sends
-- NOTIFY trainingd_changes with the tenant id, which PostgreSQL delivers only on commit;
-- watchers then read the rows after their last cursor. Notifications can be lost (a
-- listener reconnecting), rows cannot: Watch always catches up from the table.

CREATE TABLE change_log (
    tenant_id           uuid NOT NULL REFERENCES tenant (id),
    seq                 bigint GENERATED ALWAYS AS IDENTITY,
    at                  timestamptz NOT NULL DEFAULT now(),
    by_uid              bigint NOT NULL,
    method              text NOT NULL CONSTRAINT change_log_method_check
                             CHECK (btrim(method) <> '' AND char_length(method) <= 200),
    kind                text NOT NULL CONSTRAINT change_log_kind_check
                             CHECK (kind IN ('event_created', 'event_updated', 'event_status_changed',
                                             'invitation_changed', 'registration_created',
                                             'registration_changed', 'registration_cancelled',
                                             'attendance_recorded')),
    event_id            uuid NOT NULL,
    event_code          text NOT NULL,
    event_status        text,
    version             integer,
    municipality_code   text,
    invite_role         text,
    person_id           uuid,
    registration_status text,
    day                 date,
    attendance_status   text,
    PRIMARY KEY (tenant_id, seq),
    CONSTRAINT change_log_event_fkey FOREIGN KEY (tenant_id, event_id)
        REFERENCES event (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX change_log_event_idx ON change_log (tenant_id, event_id, seq);
CALL trainingd_protect_tenant_table('change_log', 'SELECT, INSERT');
GRANT USAGE ON SEQUENCE change_log_seq_seq TO trainingd_app;
COMMENT ON TABLE change_log IS
    'Tenant data, append-only: one row per change to an event, invitation, registration or attendance, in commit order per tenant (seq). Read by Events.Watch; inserting notifies channel trainingd_changes with the tenant id.';

CREATE FUNCTION trainingd_notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_catalog.pg_notify('trainingd_changes', NEW.tenant_id::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER change_log_notify AFTER INSERT ON change_log
    FOR EACH ROW EXECUTE FUNCTION trainingd_notify_change();

CALL trainingd_check_tenant_tables();
