-- 0001: the application role, schema privileges and helper routines.
--
-- Applied by the trainingd migration runner inside one transaction it opens itself
-- (no BEGIN/COMMIT here), as the owning role. Everything lives in schema `public`.
--
-- Roles:
--   * the owning role (whoever runs the migrations) owns every object;
--   * trainingd_app (NOLOGIN, NOBYPASSRLS) is what the daemon works as after
--     `SET ROLE trainingd_app`; it gets exactly the privileges granted below and in
--     later files.
-- Roles are cluster-wide while migrations are per database, and several databases of
-- one cluster may be migrated at the same time (parallel tests), so creating the role
-- must tolerate a concurrent creator: the loser sees duplicate_object (it saw the
-- committed role) or unique_violation (it raced on pg_authid's unique index).

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'trainingd_app') THEN
        BEGIN
            CREATE ROLE trainingd_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION;
            -- Only the creator comments: concurrent COMMENT ON ROLE from several
            -- databases could fail with "tuple concurrently updated".
            COMMENT ON ROLE trainingd_app IS
                'trainingd application role: the daemon does SET ROLE trainingd_app for all application work; subject to row-level security.';
        EXCEPTION
            WHEN duplicate_object OR unique_violation THEN
                NULL;  -- created concurrently by a migration of another database
        END;
    END IF;
END
$$;

-- Refuse to go on if a pre-existing trainingd_app could bypass row-level security.
-- (Deliberately no ALTER ROLE: concurrent ALTERs of one role from several databases
-- fail with "tuple concurrently updated".)
DO $$
DECLARE
    r record;
BEGIN
    SELECT rolsuper, rolbypassrls, rolcanlogin INTO r
      FROM pg_catalog.pg_roles WHERE rolname = 'trainingd_app';
    IF r.rolsuper OR r.rolbypassrls THEN
        RAISE EXCEPTION 'role trainingd_app exists with SUPERUSER or BYPASSRLS; row-level security would not apply'
            USING HINT = 'ALTER ROLE trainingd_app NOSUPERUSER NOBYPASSRLS, then migrate again.';
    END IF;
    IF r.rolcanlogin THEN
        RAISE WARNING 'role trainingd_app has LOGIN; it is meant to be NOLOGIN (reached with SET ROLE only)';
    END IF;
END
$$;

-- The owning (login) role must be a member of trainingd_app to `SET ROLE` to it.
-- Superusers are members of everything already. A concurrent identical GRANT from
-- another database may hit pg_auth_members' unique index: ignore that.
DO $$
BEGIN
    IF NOT pg_catalog.pg_has_role(current_user, 'trainingd_app', 'MEMBER') THEN
        BEGIN
            EXECUTE format('GRANT trainingd_app TO %I', current_user);
        EXCEPTION
            WHEN unique_violation OR duplicate_object THEN
                NULL;
        END;
    END IF;
END
$$;

-- Nobody but the owner creates objects in the schema.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO trainingd_app;


-- trainingd_text_array_ok(a, max_items, max_len): true when `a` is a one-dimensional
-- text array (or empty) of at most max_items elements, none NULL or blank, each at
-- most max_len characters. Used in CHECK constraints of text[] columns.
CREATE FUNCTION trainingd_text_array_ok(a text[], max_items integer, max_len integer)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT a IS NOT NULL
       AND (cardinality(a) = 0 OR array_ndims(a) = 1)
       AND cardinality(a) <= max_items
       AND NOT EXISTS (
             SELECT 1 FROM unnest(a) AS x
              WHERE x IS NULL OR btrim(x) = '' OR char_length(x) > max_len)
$$;
COMMENT ON FUNCTION trainingd_text_array_ok(text[], integer, integer) IS
    'CHECK helper: one-dimensional text array of at most max_items non-blank elements of at most max_len characters each.';


-- trainingd_protect_tenant_table(t, privileges): makes `t` a tenant table: enables and
-- FORCEs row-level security (so the owner is filtered too), creates the single policy
-- tenant_isolation, and grants `privileges` on it to trainingd_app.
-- With trainingd.tenant unset or '' the policy expression is NULL: no row is visible
-- and every INSERT/UPDATE is refused, never an error. current_setting() is STABLE, so
-- the comparison is evaluated once per query and can drive an index scan on the
-- leading tenant_id column.
-- Later migrations adding a tenant table call this too, then
-- CALL trainingd_check_tenant_tables().
CREATE PROCEDURE trainingd_protect_tenant_table(
    t regclass,
    privileges text DEFAULT 'SELECT, INSERT, UPDATE, DELETE')
LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp
AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$
        CREATE POLICY tenant_isolation ON %s AS PERMISSIVE FOR ALL TO PUBLIC
            USING (tenant_id = NULLIF(current_setting('trainingd.tenant', true), '')::uuid)
            WITH CHECK (tenant_id = NULLIF(current_setting('trainingd.tenant', true), '')::uuid)
        $p$, t);
    EXECUTE format('GRANT %s ON %s TO trainingd_app', privileges, t);
END
$$;
REVOKE ALL ON PROCEDURE trainingd_protect_tenant_table(regclass, text) FROM PUBLIC;
COMMENT ON PROCEDURE trainingd_protect_tenant_table(regclass, text) IS
    'Migration helper (owner only): ENABLE + FORCE row-level security, the tenant_isolation policy on trainingd.tenant, and grants to trainingd_app.';


-- trainingd_check_tenant_tables(): raises unless every table of schema public that has
-- a tenant_id column (except system_audit_log, the system-level log) has tenant_id as
-- the first primary-key column, row-level security enabled and forced, and exactly
-- the one policy tenant_isolation. Called at the end of the migrations that create
-- tenant tables.
CREATE PROCEDURE trainingd_check_tenant_tables()
LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT c.oid, c.relname, c.relrowsecurity, c.relforcerowsecurity,
               (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) AS policies,
               (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid
                                                   AND p.polname = 'tenant_isolation') AS isolation,
               (SELECT a.attname FROM pg_constraint k
                  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.conkey[1]
                 WHERE k.conrelid = c.oid AND k.contype = 'p') AS pk_first
          FROM pg_class c
         WHERE c.relnamespace = 'public'::regnamespace
           AND c.relkind IN ('r', 'p')
           AND c.relname <> 'system_audit_log'
           AND EXISTS (SELECT 1 FROM pg_attribute a
                        WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
    LOOP
        IF NOT (r.relrowsecurity AND r.relforcerowsecurity AND r.policies = 1 AND r.isolation = 1
                AND r.pk_first IS NOT DISTINCT FROM 'tenant_id') THEN
            RAISE EXCEPTION 'tenant table % is not protected: rls=% force=% policies=% pk_first=%',
                r.relname, r.relrowsecurity, r.relforcerowsecurity, r.policies, r.pk_first;
        END IF;
    END LOOP;
END
$$;
REVOKE ALL ON PROCEDURE trainingd_check_tenant_tables() FROM PUBLIC;
COMMENT ON PROCEDURE trainingd_check_tenant_tables() IS
    'Migration assertion (owner only): every tenant table leads its primary key with tenant_id and has FORCEd RLS with the single tenant_isolation policy.';
