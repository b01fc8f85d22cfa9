-- 0004: tenants, principals (who may do what in which tenant) and the audit logs.
--
-- Tenant isolation: every tenant table has tenant_id as the first column of its
-- primary key, foreign keys between tenant tables include tenant_id (they never cross
-- tenants; only references to reference data are single-column), and row-level
-- security is enabled and FORCEd with the one policy tenant_isolation (see
-- trainingd_protect_tenant_table in 0001). The daemon does, in every transaction,
--     SELECT set_config('trainingd.tenant', $1, true)   -- = SET LOCAL, with a parameter
-- as trainingd_app; with the setting unset or '' tenant tables show no rows.

CREATE TABLE tenant (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    slug       text NOT NULL UNIQUE CONSTRAINT tenant_slug_check CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    name       text NOT NULL CONSTRAINT tenant_name_check
                    CHECK (btrim(name) <> '' AND char_length(name) <= 200),
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE tenant IS
    'Directory of tenants (organisations sharing the daemon and database). Not row-level secured: it is what the daemon resolves tenant slugs against; trainingd_app may SELECT and INSERT (CreateTenant).';
GRANT SELECT, INSERT ON tenant TO trainingd_app;


CREATE TABLE principal (
    tenant_id  uuid NOT NULL REFERENCES tenant (id),
    uid        bigint NOT NULL CONSTRAINT principal_uid_check CHECK (uid BETWEEN 0 AND 4294967295),
    role       text NOT NULL CONSTRAINT principal_role_check
                    CHECK (role IN ('viewer', 'registrar', 'coordinator', 'tenant_admin')),
    granted_at timestamptz NOT NULL DEFAULT now(),
    granted_by bigint CONSTRAINT principal_granted_by_check CHECK (granted_by BETWEEN 0 AND 4294967295),
    PRIMARY KEY (tenant_id, uid)
);
CALL trainingd_protect_tenant_table('principal');
COMMENT ON TABLE principal IS
    'Tenant data: the role a Unix uid (from SO_PEERCRED) holds in a tenant: viewer < registrar < coordinator < tenant_admin. One role per uid and tenant.';
COMMENT ON COLUMN principal.granted_by IS 'uid of the caller who granted the role (0 = root); NULL if unknown.';


-- trainingd_roles_of(uid): every tenant in which `uid` holds a role, across all
-- tenants (WhoAmI and "the caller's only tenant" need it before a tenant is chosen).
-- principal is row-level secured and FORCEd, so even the owner (as whom this
-- SECURITY DEFINER function runs) sees only the tenant named by trainingd.tenant; the
-- function therefore looks into each tenant in turn (one primary-key probe per
-- tenant) and puts the caller's trainingd.tenant back before returning. (A
-- `SET trainingd.tenant` clause on the function would do that too, but PostgreSQL 15
-- lets only superusers attach custom settings to functions.) If the function fails,
-- the caller's (sub)transaction is rolled back, and with it the setting.
CREATE FUNCTION trainingd_roles_of(p_uid bigint)
RETURNS TABLE (tenant_id uuid, slug text, tenant_name text, role text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    saved text := pg_catalog.current_setting('trainingd.tenant', true);
    t     record;
BEGIN
    FOR t IN SELECT tn.id, tn.slug, tn.name FROM public.tenant AS tn ORDER BY tn.slug LOOP
        PERFORM pg_catalog.set_config('trainingd.tenant', t.id::text, true);
        RETURN QUERY
            SELECT t.id, t.slug, t.name, p.role
              FROM public.principal AS p
             WHERE p.tenant_id = t.id AND p.uid = p_uid;
    END LOOP;
    PERFORM pg_catalog.set_config('trainingd.tenant', coalesce(saved, ''), true);
END
$$;
REVOKE ALL ON FUNCTION trainingd_roles_of(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION trainingd_roles_of(bigint) TO trainingd_app;
COMMENT ON FUNCTION trainingd_roles_of(bigint) IS
    'SECURITY DEFINER: (tenant_id, slug, tenant_name, role) for every tenant where the uid holds a role, ordered by slug. For WhoAmI before a tenant is chosen.';


CREATE TABLE audit_log (
    tenant_id   uuid NOT NULL REFERENCES tenant (id),
    id          bigint GENERATED ALWAYS AS IDENTITY,
    at          timestamptz NOT NULL DEFAULT now(),
    uid         bigint NOT NULL,
    method      text NOT NULL CONSTRAINT audit_log_method_check
                     CHECK (btrim(method) <> '' AND char_length(method) <= 200),
    object_type text CONSTRAINT audit_log_object_type_check
                     CHECK (btrim(object_type) <> '' AND char_length(object_type) <= 100),
    object_id   text CONSTRAINT audit_log_object_id_check
                     CHECK (btrim(object_id) <> '' AND char_length(object_id) <= 500),
    before      jsonb,
    after       jsonb,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_log_object_idx ON audit_log (tenant_id, object_type, object_id, id);
CREATE INDEX audit_log_at_idx ON audit_log (tenant_id, at);
CALL trainingd_protect_tenant_table('audit_log', 'SELECT, INSERT');
GRANT USAGE ON SEQUENCE audit_log_id_seq TO trainingd_app;
COMMENT ON TABLE audit_log IS
    'Tenant data, append-only for the application (INSERT and SELECT only): one row per mutating call in a tenant: who (uid), when, which Varlink method, which object, its state before and after (jsonb; NULL when created/deleted).';


CREATE TABLE system_audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    uid         bigint NOT NULL,
    method      text NOT NULL CONSTRAINT system_audit_log_method_check
                     CHECK (btrim(method) <> '' AND char_length(method) <= 200),
    tenant_id   uuid REFERENCES tenant (id),
    object_type text CONSTRAINT system_audit_log_object_type_check
                     CHECK (btrim(object_type) <> '' AND char_length(object_type) <= 100),
    object_id   text CONSTRAINT system_audit_log_object_id_check
                     CHECK (btrim(object_id) <> '' AND char_length(object_id) <= 500),
    before      jsonb,
    after       jsonb
);
CREATE INDEX system_audit_log_at_idx ON system_audit_log (at);
GRANT SELECT, INSERT ON system_audit_log TO trainingd_app;
GRANT USAGE ON SEQUENCE system_audit_log_id_seq TO trainingd_app;
COMMENT ON TABLE system_audit_log IS
    'Audit of system-administrator actions that belong to no tenant yet (CreateTenant, and anything else outside a tenant). Not row-level secured; append-only for the application. tenant_id names the tenant concerned, if any. Actions inside a tenant (Grant, Revoke, all data changes) go to audit_log.';
COMMENT ON COLUMN system_audit_log.tenant_id IS 'The tenant the action concerned (e.g. the tenant created), or NULL.';

CALL trainingd_check_tenant_tables();
