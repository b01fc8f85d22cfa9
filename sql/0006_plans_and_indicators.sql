-- 0006: joint action plans (JAP) produced by trained municipalities, their status
-- history and items, and per-tenant donor indicators. All tenant tables.

CREATE TABLE action_plan (
    tenant_id               uuid NOT NULL REFERENCES tenant (id),
    id                      uuid NOT NULL DEFAULT gen_random_uuid(),
    municipality_code       text NOT NULL REFERENCES municipality (code),
    period_from             integer NOT NULL,
    period_to               integer NOT NULL,
    event_id                uuid NOT NULL,
    status                  text NOT NULL DEFAULT 'drafting' CONSTRAINT action_plan_status_check
                                 CHECK (status IN ('drafting', 'community_agreed', 'council_approved',
                                                   'implementing', 'completed', 'abandoned')),
    council_decision_number text CONSTRAINT action_plan_council_decision_number_check
                                 CHECK (btrim(council_decision_number) <> ''
                                        AND char_length(council_decision_number) <= 100),
    council_decision_date   date CONSTRAINT action_plan_council_decision_date_check
                                 CHECK (council_decision_date BETWEEN DATE '1990-01-01' AND DATE '2100-12-31'),
    version                 integer NOT NULL DEFAULT 1 CONSTRAINT action_plan_version_check CHECK (version >= 1),
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT action_plan_period_key UNIQUE (tenant_id, municipality_code, period_from, period_to),
    CONSTRAINT action_plan_period_check
        CHECK (period_from BETWEEN 2000 AND 2100 AND period_to BETWEEN period_from AND period_from + 10),
    -- The training that produced the plan must have invited this municipality (as
    -- target or neighbour): a plan is linked to a training of its own municipality.
    CONSTRAINT action_plan_event_municipality_fkey FOREIGN KEY (tenant_id, event_id, municipality_code)
        REFERENCES event_municipality (tenant_id, event_id, municipality_code),
    -- Number and date of the local council's decision come together, ...
    CONSTRAINT action_plan_council_decision_pair_check
        CHECK ((council_decision_number IS NULL) = (council_decision_date IS NULL)),
    -- ... are required from council_approval on (council_approved, implementing,
    -- completed), absent before it (drafting, community_agreed), and optional for an
    -- abandoned plan, which may have been abandoned before or after approval.
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
CREATE INDEX action_plan_status_idx ON action_plan (tenant_id, status);
CALL trainingd_protect_tenant_table('action_plan');
COMMENT ON TABLE action_plan IS
    'Tenant data: a joint action plan (JAP, ky БАП, ru ПСД) of one municipality for a planning period (years period_from..period_to), linked to the training event that produced it (the municipality must be invited to that event). Status drafting -> community_agreed -> council_approved (council decision number and date required) -> implementing -> completed, or abandoned; transitions are validated by the service and dated in action_plan_status.';


CREATE TABLE action_plan_status (
    tenant_id  uuid NOT NULL REFERENCES tenant (id),
    plan_id    uuid NOT NULL,
    seq        integer NOT NULL CONSTRAINT action_plan_status_seq_check CHECK (seq >= 1),
    status     text NOT NULL CONSTRAINT action_plan_status_status_check
                    CHECK (status IN ('drafting', 'community_agreed', 'council_approved',
                                      'implementing', 'completed', 'abandoned')),
    changed_at timestamptz NOT NULL DEFAULT now(),
    changed_by bigint NOT NULL,
    note       text CONSTRAINT action_plan_status_note_check
                    CHECK (btrim(note) <> '' AND char_length(note) <= 2000),
    PRIMARY KEY (tenant_id, plan_id, seq),
    CONSTRAINT action_plan_status_plan_fkey FOREIGN KEY (tenant_id, plan_id)
        REFERENCES action_plan (tenant_id, id) ON DELETE CASCADE
);
CALL trainingd_protect_tenant_table('action_plan_status');
COMMENT ON TABLE action_plan_status IS
    'Tenant data: dated history of a plan''s statuses, one row per step (seq 1 = drafting when linked), with who made the change (uid) and an optional note.';


CREATE TABLE action_plan_item (
    tenant_id        uuid NOT NULL REFERENCES tenant (id),
    plan_id          uuid NOT NULL,
    item_no          integer NOT NULL CONSTRAINT action_plan_item_item_no_check CHECK (item_no >= 1),
    priority_issue   text NOT NULL CONSTRAINT action_plan_item_priority_issue_check
                          CHECK (btrim(priority_issue) <> '' AND char_length(priority_issue) <= 1000),
    activity         text NOT NULL CONSTRAINT action_plan_item_activity_check
                          CHECK (btrim(activity) <> '' AND char_length(activity) <= 2000),
    responsible      text CONSTRAINT action_plan_item_responsible_check
                          CHECK (btrim(responsible) <> '' AND char_length(responsible) <= 500),
    due_date         date CONSTRAINT action_plan_item_due_date_check
                          CHECK (due_date BETWEEN DATE '1990-01-01' AND DATE '2100-12-31'),
    budget_local     numeric(14,2) NOT NULL DEFAULT 0 CONSTRAINT action_plan_item_budget_local_check CHECK (budget_local >= 0),
    budget_community numeric(14,2) NOT NULL DEFAULT 0 CONSTRAINT action_plan_item_budget_community_check CHECK (budget_community >= 0),
    budget_donor     numeric(14,2) NOT NULL DEFAULT 0 CONSTRAINT action_plan_item_budget_donor_check CHECK (budget_donor >= 0),
    progress         integer NOT NULL DEFAULT 0 CONSTRAINT action_plan_item_progress_check CHECK (progress BETWEEN 0 AND 100),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, plan_id, item_no),
    CONSTRAINT action_plan_item_plan_fkey FOREIGN KEY (tenant_id, plan_id)
        REFERENCES action_plan (tenant_id, id) ON DELETE CASCADE
);
CALL trainingd_protect_tenant_table('action_plan_item');
COMMENT ON TABLE action_plan_item IS
    'Tenant data: a line of a joint action plan: priority issue, activity, responsible, due date, budget in KGS split into local budget / community contribution / donor, progress in percent.';


CREATE TABLE indicator (
    tenant_id       uuid NOT NULL REFERENCES tenant (id),
    code            text NOT NULL CONSTRAINT indicator_code_check
                         CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    title           text NOT NULL CONSTRAINT indicator_title_check
                         CHECK (btrim(title) <> '' AND char_length(title) <= 500),
    unit            text NOT NULL CONSTRAINT indicator_unit_check
                         CHECK (unit IN ('persons', 'participations', 'municipalities', 'plans')),
    counting_rule   text NOT NULL CONSTRAINT indicator_counting_rule_check
                         CHECK (counting_rule IN ('unique_per_period', 'cumulative')),
    filters         jsonb NOT NULL DEFAULT '{}' CONSTRAINT indicator_filters_check
                         CHECK (jsonb_typeof(filters) = 'object'),
    disaggregations text[] NOT NULL DEFAULT '{}' CONSTRAINT indicator_disaggregations_check
                         CHECK (trainingd_text_array_ok(disaggregations, 20, 64)),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, code)
);
CALL trainingd_protect_tenant_table('indicator');
COMMENT ON TABLE indicator IS
    'Tenant data: a donor indicator defined as data: what it counts (unit), how (unique per period or cumulative), which records (filters, a JSON object of report filters) and its breakdowns (disaggregations, e.g. {sex,oblast}). Computed by the Reports service.';

CALL trainingd_check_tenant_tables();
