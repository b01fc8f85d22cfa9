-- 0013: registration and change_log check the event they name once per statement, not once
-- per row (scripts/bench items 2 and 5).
--
-- A foreign key is a trigger run per written row. An import of 100,000 participants ran the
-- event check 200,000 times (a registration and a change row each), 1.75 s of PostgreSQL's
-- time by EXPLAIN ANALYZE, and the whole import took 2.5 s longer with them than without; an
-- attendance sheet runs it once per mark. Every row of such a statement names the same event,
-- or a few. So these two references are now kept by triggers doing what the foreign keys did,
-- once per statement:
--   * child side (registration, change_log): after a statement inserts rows, the distinct
--     (tenant_id, event_id) they name are locked FOR KEY SHARE, as a foreign key's check
--     locks its parent row, and one that does not exist is error 23503 naming the old
--     constraint; an UPDATE that changes the key (the application never does) is checked
--     the same way, per row;
--   * parent side (event): deleting an event deletes its change rows (was ON DELETE CASCADE)
--     and is refused while registrations name it (was NO ACTION); changing an event's key is
--     refused while either names it.
-- Errors carry the same constraint names and SQLSTATE as before. scripts/tenant-export orders
-- tables by these references as by foreign keys (it reads them from pg_trigger).
-- The references to person, registration and the gazetteer stay foreign keys.

ALTER TABLE registration DROP CONSTRAINT registration_event_fkey;
ALTER TABLE change_log DROP CONSTRAINT change_log_event_fkey;

-- The error a missing event raises, as the foreign key worded it.
CREATE FUNCTION trainingd_missing_event(schema_name text, table_name text, constraint_name text, tenant uuid, event uuid)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    RAISE foreign_key_violation USING
        MESSAGE = format('insert or update on table "%s" violates foreign key constraint "%s"', table_name, constraint_name),
        DETAIL = format('Key (tenant_id, event_id)=(%s, %s) is not present in table "event".', tenant, event),
        CONSTRAINT = constraint_name, TABLE = table_name, SCHEMA = schema_name;
END
$$;

-- TG_ARGV[0]: the constraint name errors carry. The rows are in `written`. The event table
-- is named with its schema: no SET search_path (a per-call cost), and a temporary table
-- called event cannot stand in for it.
CREATE FUNCTION trainingd_check_event_reference() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    missing record;
BEGIN
    -- One query (the locking subquery runs once per distinct key): a single-row statement,
    -- the attendance mark, pays about 3 microseconds more than the foreign key did.
    SELECT w.tenant_id, w.event_id INTO missing
      FROM (SELECT DISTINCT tenant_id, event_id FROM written) w
     WHERE w.event_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM public.event e WHERE e.tenant_id = w.tenant_id AND e.id = w.event_id FOR KEY SHARE OF e)
     LIMIT 1;
    IF FOUND THEN
        PERFORM public.trainingd_missing_event(TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_ARGV[0], missing.tenant_id, missing.event_id);
    END IF;
    RETURN NULL;
END
$$;

-- The same for one row whose key an UPDATE changed.
CREATE FUNCTION trainingd_check_event_reference_row() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM public.event e WHERE e.tenant_id = NEW.tenant_id AND e.id = NEW.event_id FOR KEY SHARE OF e;
    IF NOT FOUND THEN
        PERFORM public.trainingd_missing_event(TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_ARGV[0], NEW.tenant_id, NEW.event_id);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER registration_event_reference AFTER INSERT ON registration
    REFERENCING NEW TABLE AS written
    FOR EACH STATEMENT EXECUTE FUNCTION trainingd_check_event_reference('registration_event_fkey');
CREATE TRIGGER registration_event_reference_update AFTER UPDATE OF tenant_id, event_id ON registration
    FOR EACH ROW WHEN (OLD.tenant_id IS DISTINCT FROM NEW.tenant_id OR OLD.event_id IS DISTINCT FROM NEW.event_id)
    EXECUTE FUNCTION trainingd_check_event_reference_row('registration_event_fkey');
CREATE TRIGGER change_log_event_reference AFTER INSERT ON change_log
    REFERENCING NEW TABLE AS written
    FOR EACH STATEMENT EXECUTE FUNCTION trainingd_check_event_reference('change_log_event_fkey');
CREATE TRIGGER change_log_event_reference_update AFTER UPDATE OF tenant_id, event_id ON change_log
    FOR EACH ROW WHEN (OLD.tenant_id IS DISTINCT FROM NEW.tenant_id OR OLD.event_id IS DISTINCT FROM NEW.event_id)
    EXECUTE FUNCTION trainingd_check_event_reference_row('change_log_event_fkey');

-- Parent side. SECURITY DEFINER: the cascade deletes change rows, which the application role
-- may not (change_log is append-only for it), as the foreign key's cascade did. Row-level
-- security is FORCEd on the owner too, so the function works in the event's own tenant
-- whatever the deleting session chose (a superuser may have chosen none), and gives the
-- session its choice back (an error rolls the setting back with the statement anyway).
CREATE FUNCTION trainingd_event_referenced() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    chosen text := current_setting('trainingd.tenant', true);
BEGIN
    -- A foreign key checks the children with a fresh snapshot; a trigger sees the
    -- transaction's, which under REPEATABLE READ can miss a row committed since: refuse.
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE serialization_failure USING
            MESSAGE = format('%s of an event runs in READ COMMITTED only', lower(TG_OP)),
            HINT = 'registration and change_log name events by trigger (sql/0013), which needs the latest committed rows';
    END IF;
    PERFORM set_config('trainingd.tenant', OLD.tenant_id::text, true);
    IF TG_OP = 'DELETE' THEN
        DELETE FROM change_log WHERE tenant_id = OLD.tenant_id AND event_id = OLD.id;
    ELSIF EXISTS (SELECT 1 FROM change_log WHERE tenant_id = OLD.tenant_id AND event_id = OLD.id) THEN
        RAISE foreign_key_violation USING
            MESSAGE = 'update or delete on table "event" violates foreign key constraint "change_log_event_fkey" on table "change_log"',
            DETAIL = format('Key (tenant_id, id)=(%s, %s) is still referenced from table "change_log".', OLD.tenant_id, OLD.id),
            CONSTRAINT = 'change_log_event_fkey', TABLE = 'change_log', SCHEMA = TG_TABLE_SCHEMA;
    END IF;
    IF EXISTS (SELECT 1 FROM registration WHERE tenant_id = OLD.tenant_id AND event_id = OLD.id) THEN
        RAISE foreign_key_violation USING
            MESSAGE = 'update or delete on table "event" violates foreign key constraint "registration_event_fkey" on table "registration"',
            DETAIL = format('Key (tenant_id, id)=(%s, %s) is still referenced from table "registration".', OLD.tenant_id, OLD.id),
            CONSTRAINT = 'registration_event_fkey', TABLE = 'registration', SCHEMA = TG_TABLE_SCHEMA;
    END IF;
    PERFORM set_config('trainingd.tenant', coalesce(chosen, ''), true);
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION trainingd_event_referenced() FROM PUBLIC;

CREATE TRIGGER event_references_delete AFTER DELETE ON event
    FOR EACH ROW EXECUTE FUNCTION trainingd_event_referenced();
CREATE TRIGGER event_references_update AFTER UPDATE OF tenant_id, id ON event
    FOR EACH ROW WHEN (OLD.tenant_id IS DISTINCT FROM NEW.tenant_id OR OLD.id IS DISTINCT FROM NEW.id)
    EXECUTE FUNCTION trainingd_event_referenced();

-- TRUNCATE fires no row trigger: with the foreign keys, truncating event without the tables
-- naming it was refused; now any TRUNCATE of event is (delete rows instead).
CREATE FUNCTION trainingd_event_not_truncated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE feature_not_supported USING
        MESSAGE = 'cannot truncate table "event": registration and change_log name its rows (sql/0013)',
        HINT = 'Delete the events instead, or disable trigger event_not_truncated as the owner when the tables naming them are empty.';
END
$$;
CREATE TRIGGER event_not_truncated BEFORE TRUNCATE ON event
    FOR EACH STATEMENT EXECUTE FUNCTION trainingd_event_not_truncated();
