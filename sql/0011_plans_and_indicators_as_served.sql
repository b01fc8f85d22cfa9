-- 0011: joint action plans and donor indicators in the shape io.trainingd.Plans and
-- io.trainingd.Reports serve them. 0006 sketched these tables before the protocol was
-- written; no method ever wrote them, so they are replaced rather than altered. The guard
-- below refuses to drop a table that holds rows (someone wrote them by hand): move them
-- aside first.
--   * action_plan: a planning period of dates (not years), a title, the date of the
--     current status, linked to any event of the tenant (the service checks the
--     municipality was trained there: venue, invited, or with a registered participant);
--     overlapping periods of one municipality are refused by the service under a lock.
--   * action_plan_status: each step dated (when it happened) and recorded (when and by
--     whom), with the status it left and, for council_approved, the council decision.
--   * action_plan_item: named by a uuid (a retried AddPlanItems does not add twice),
--     budget in whole som, an item status and a progress note.
--   * indicator: description, cumulative window start, archived flag, version.
--   * change_log: plan changes appear in the tenant's change log, so a report's
--     data_cursor covers plans too (Events.Watch does not stream these kinds).

DO $$
DECLARE
    t text;
    n bigint;
BEGIN
    FOREACH t IN ARRAY ARRAY['action_plan_item', 'action_plan_status', 'action_plan', 'indicator'] LOOP
        EXECUTE format('SELECT count(*) FROM %I', t) INTO n;
        IF n > 0 THEN
            RAISE EXCEPTION 'table % holds % rows written outside trainingd; 0011 replaces it', t, n
                USING HINT = 'Copy the rows aside, delete them, run the migration, then re-enter them through io.trainingd.Plans.';
        END IF;
    END LOOP;
END
$$;

DROP TABLE action_plan_item, action_plan_status, action_plan, indicator;


CREATE TABLE action_plan (
    tenant_id               uuid NOT NULL REFERENCES tenant (id),
    id                      uuid NOT NULL DEFAULT gen_random_uuid(),
    municipality_code       text NOT NULL REFERENCES municipality (code),
    event_id                uuid NOT NULL,
    period_start            date NOT NULL,
    period_end              date NOT NULL,
    title                   text CONSTRAINT action_plan_title_check
                                 CHECK (btrim(title) <> '' AND char_length(title) <= 300),
    status                  text NOT NULL DEFAULT 'drafting' CONSTRAINT action_plan_status_check
                                 CHECK (status IN ('drafting', 'community_agreed', 'council_approved',
                                                   'implementing', 'completed', 'abandoned')),
    status_date             date NOT NULL,
    council_decision_number text CONSTRAINT action_plan_council_decision_number_check
                                 CHECK (btrim(council_decision_number) <> ''
                                        AND char_length(council_decision_number) <= 100),
    council_decision_date   date CONSTRAINT action_plan_council_decision_date_check
                                 CHECK (council_decision_date BETWEEN DATE '1990-01-01' AND DATE '2100-12-31'),
    version                 integer NOT NULL DEFAULT 1 CONSTRAINT action_plan_version_check CHECK (version >= 1),
    created_by              bigint NOT NULL,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT action_plan_period_key UNIQUE (tenant_id, municipality_code, period_start, period_end),
    CONSTRAINT action_plan_period_check
        CHECK (period_start >= DATE '1990-01-01' AND period_end >= period_start
               AND period_end <= period_start + interval '10 years'),
    CONSTRAINT action_plan_event_fkey FOREIGN KEY (tenant_id, event_id)
        REFERENCES event (tenant_id, id),
    CONSTRAINT action_plan_council_decision_pair_check
        CHECK ((council_decision_number IS NULL) = (council_decision_date IS NULL)),
    -- Required from council approval on, absent before it, optional once abandoned (a plan
    -- may be abandoned before or after approval).
    CONSTRAINT action_plan_council_decision_check
        CHECK (CASE
                 WHEN status IN ('council_approved', 'implementing', 'completed')
                   THEN council_decision_number IS NOT NULL
                 WHEN status IN ('drafting', 'community_agreed')
                   THEN council_decision_number IS NULL
                 ELSE true
               END)
);
CREATE INDEX action_plan_event_idx ON action_plan (tenant_id, event_id, municipality_code);
CREATE INDEX action_plan_municipality_idx ON action_plan (tenant_id, municipality_code, period_start);
CREATE INDEX action_plan_status_idx ON action_plan (tenant_id, status);
CALL trainingd_protect_tenant_table('action_plan');
COMMENT ON TABLE action_plan IS
    'Tenant data: a joint action plan (JAP, ky БАП, ru ПСД) of one municipality for a planning period, linked to the training event that produced it. Status drafting -> community_agreed -> council_approved (council decision number and date required) -> implementing -> completed, or abandoned; status_date is when the current status was reached. Steps are validated by the service (TrainingCore PlanLifecycle) and dated in action_plan_status.';


CREATE TABLE action_plan_status (
    tenant_id               uuid NOT NULL REFERENCES tenant (id),
    plan_id                 uuid NOT NULL,
    seq                     integer NOT NULL CONSTRAINT action_plan_status_seq_check CHECK (seq >= 1),
    from_status             text CONSTRAINT action_plan_status_from_status_check
                                 CHECK (from_status IN ('drafting', 'community_agreed', 'council_approved',
                                                        'implementing', 'completed', 'abandoned')),
    status                  text NOT NULL CONSTRAINT action_plan_status_status_check
                                 CHECK (status IN ('drafting', 'community_agreed', 'council_approved',
                                                   'implementing', 'completed', 'abandoned')),
    step_date               date NOT NULL CONSTRAINT action_plan_status_step_date_check
                                 CHECK (step_date BETWEEN DATE '1990-01-01' AND DATE '2100-12-31'),
    recorded_at             timestamptz NOT NULL DEFAULT now(),
    recorded_by             bigint NOT NULL,
    note                    text CONSTRAINT action_plan_status_note_check
                                 CHECK (btrim(note) <> '' AND char_length(note) <= 2000),
    council_decision_number text CONSTRAINT action_plan_status_council_decision_number_check
                                 CHECK (btrim(council_decision_number) <> ''
                                        AND char_length(council_decision_number) <= 100),
    council_decision_date   date,
    PRIMARY KEY (tenant_id, plan_id, seq),
    CONSTRAINT action_plan_status_first_check CHECK ((seq = 1) = (from_status IS NULL)),
    CONSTRAINT action_plan_status_council_decision_check
        CHECK ((council_decision_number IS NOT NULL) = (status = 'council_approved')
               AND (council_decision_number IS NULL) = (council_decision_date IS NULL)),
    CONSTRAINT action_plan_status_plan_fkey FOREIGN KEY (tenant_id, plan_id)
        REFERENCES action_plan (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX action_plan_status_reached_idx ON action_plan_status (tenant_id, status, step_date);
CALL trainingd_protect_tenant_table('action_plan_status');
COMMENT ON TABLE action_plan_status IS
    'Tenant data: dated history of a plan''s lifecycle, one row per step (seq 1 = drafting, when linked): the status left and reached, the date it happened (step_date, e.g. the community meeting), when and by whom (uid) it was recorded, a note, and the council decision with the council_approved step. PlanFunnel reads stages from here as of a date.';


CREATE TABLE action_plan_item (
    tenant_id        uuid NOT NULL REFERENCES tenant (id),
    id               uuid NOT NULL,
    plan_id          uuid NOT NULL,
    item_no          integer NOT NULL CONSTRAINT action_plan_item_item_no_check CHECK (item_no >= 1),
    priority_issue   text NOT NULL CONSTRAINT action_plan_item_priority_issue_check
                          CHECK (btrim(priority_issue) <> '' AND char_length(priority_issue) <= 1000),
    activity         text NOT NULL CONSTRAINT action_plan_item_activity_check
                          CHECK (btrim(activity) <> '' AND char_length(activity) <= 2000),
    responsible      text NOT NULL CONSTRAINT action_plan_item_responsible_check
                          CHECK (btrim(responsible) <> '' AND char_length(responsible) <= 300),
    due_date         date CONSTRAINT action_plan_item_due_date_check
                          CHECK (due_date BETWEEN DATE '1990-01-01' AND DATE '2100-12-31'),
    budget_local     bigint NOT NULL DEFAULT 0 CONSTRAINT action_plan_item_budget_local_check
                          CHECK (budget_local BETWEEN 0 AND 1000000000000),
    budget_community bigint NOT NULL DEFAULT 0 CONSTRAINT action_plan_item_budget_community_check
                          CHECK (budget_community BETWEEN 0 AND 1000000000000),
    budget_donor     bigint NOT NULL DEFAULT 0 CONSTRAINT action_plan_item_budget_donor_check
                          CHECK (budget_donor BETWEEN 0 AND 1000000000000),
    status           text NOT NULL DEFAULT 'planned' CONSTRAINT action_plan_item_status_check
                          CHECK (status IN ('planned', 'in_progress', 'done', 'dropped')),
    progress         integer NOT NULL DEFAULT 0 CONSTRAINT action_plan_item_progress_check
                          CHECK (progress BETWEEN 0 AND 100),
    progress_note    text CONSTRAINT action_plan_item_progress_note_check
                          CHECK (btrim(progress_note) <> '' AND char_length(progress_note) <= 2000),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT action_plan_item_number_key UNIQUE (tenant_id, plan_id, item_no),
    CONSTRAINT action_plan_item_plan_fkey FOREIGN KEY (tenant_id, plan_id)
        REFERENCES action_plan (tenant_id, id) ON DELETE CASCADE
);
CALL trainingd_protect_tenant_table('action_plan_item');
COMMENT ON TABLE action_plan_item IS
    'Tenant data: a line of a joint action plan: priority issue, activity, responsible, due date, budget in whole KGS split into local budget / community contribution / donor, status and progress (percent and note). Named by a uuid the client may choose, so a retried AddPlanItems replaces instead of adding twice.';


CREATE TABLE indicator (
    tenant_id       uuid NOT NULL REFERENCES tenant (id),
    code            text NOT NULL CONSTRAINT indicator_code_check
                         CHECK (code ~ '^[A-Za-z0-9._-]{1,64}$'),
    title           text NOT NULL CONSTRAINT indicator_title_check
                         CHECK (btrim(title) <> '' AND char_length(title) <= 300),
    description     text CONSTRAINT indicator_description_check
                         CHECK (btrim(description) <> '' AND char_length(description) <= 2000),
    unit            text NOT NULL CONSTRAINT indicator_unit_check
                         CHECK (unit IN ('persons', 'participations', 'municipalities', 'plans')),
    counting_rule   text NOT NULL CONSTRAINT indicator_counting_rule_check
                         CHECK (counting_rule IN ('unique_per_period', 'cumulative')),
    since           date CONSTRAINT indicator_since_check
                         CHECK (since BETWEEN DATE '1990-01-01' AND DATE '2100-12-31'),
    filters         jsonb NOT NULL DEFAULT '{}' CONSTRAINT indicator_filters_check
                         CHECK (jsonb_typeof(filters) = 'object'),
    disaggregations text[] NOT NULL DEFAULT '{}' CONSTRAINT indicator_disaggregations_check
                         CHECK (trainingd_text_array_ok(disaggregations, 5, 64)),
    archived        boolean NOT NULL DEFAULT false,
    version         integer NOT NULL DEFAULT 1 CONSTRAINT indicator_version_check CHECK (version >= 1),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, code)
);
CALL trainingd_protect_tenant_table('indicator');
COMMENT ON TABLE indicator IS
    'Tenant data: a donor indicator defined as data: what it counts (unit), over which window (unique per period, or cumulative from since), which records (filters: a JSON object of IndicatorFilters as io.trainingd.Reports declares them, events stored as uuids) and its breakdowns (disaggregations). Computed by Reports.ComputeIndicators; version counts redefinitions.';


ALTER TABLE change_log
    DROP CONSTRAINT change_log_kind_check,
    ADD CONSTRAINT change_log_kind_check
        CHECK (kind IN ('event_created', 'event_updated', 'event_status_changed',
                        'invitation_changed', 'registration_created',
                        'registration_changed', 'registration_cancelled',
                        'attendance_recorded',
                        'plan_linked', 'plan_status_changed', 'plan_items_changed')),
    ADD COLUMN plan_id uuid,
    ADD COLUMN plan_status text CONSTRAINT change_log_plan_status_check
        CHECK (plan_status IN ('drafting', 'community_agreed', 'council_approved',
                               'implementing', 'completed', 'abandoned'));
COMMENT ON COLUMN change_log.plan_id IS 'The plan of a plan_* change (event_id is the training that produced it).';

CALL trainingd_check_tenant_tables();
