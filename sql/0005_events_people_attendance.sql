-- 0005: training events, invited municipalities, people, registrations, daily
-- attendance and import batches. All tenant tables (see 0004 for the isolation rules).

CREATE TABLE event (
    tenant_id          uuid NOT NULL REFERENCES tenant (id),
    id                 uuid NOT NULL DEFAULT gen_random_uuid(),
    code               text NOT NULL CONSTRAINT event_code_check
                            CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    title              text NOT NULL CONSTRAINT event_title_check
                            CHECK (btrim(title) <> '' AND char_length(title) <= 500
                                   AND title IS NFC NORMALIZED),
    modules            text[] NOT NULL DEFAULT '{}' CONSTRAINT event_modules_check
                            CHECK (trainingd_text_array_ok(modules, 50, 1000)),
    venue_municipality text NOT NULL REFERENCES municipality (code),
    settlement         text CONSTRAINT event_settlement_check
                            CHECK (btrim(settlement) <> '' AND char_length(settlement) <= 200),
    first_day          date NOT NULL,
    last_day           date NOT NULL,
    capacity           integer NOT NULL CONSTRAINT event_capacity_check
                            CHECK (capacity > 0 AND capacity <= 100000),
    trainers           text[] NOT NULL DEFAULT '{}' CONSTRAINT event_trainers_check
                            CHECK (trainingd_text_array_ok(trainers, 50, 200)),
    funder             text CONSTRAINT event_funder_check
                            CHECK (btrim(funder) <> '' AND char_length(funder) <= 300),
    status             text NOT NULL DEFAULT 'draft' CONSTRAINT event_status_check
                            CHECK (status IN ('draft', 'scheduled', 'in_progress', 'held',
                                              'closed', 'cancelled', 'postponed')),
    version            integer NOT NULL DEFAULT 1 CONSTRAINT event_version_check CHECK (version >= 1),
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT event_code_key UNIQUE (tenant_id, code),
    CONSTRAINT event_days_check CHECK (last_day >= first_day),
    CONSTRAINT event_days_range_check
        CHECK (first_day >= DATE '1990-01-01' AND last_day <= DATE '2100-12-31'
               AND last_day - first_day <= 366)
);
CREATE INDEX event_first_day_idx ON event (tenant_id, first_day);
CREATE INDEX event_venue_idx ON event (tenant_id, venue_municipality);
CALL trainingd_protect_tenant_table('event');
COMMENT ON TABLE event IS
    'Tenant data: a training event: human code (e.g. 2019-OSH-GULCHO), title, curriculum modules, venue (SOATE municipality + settlement), first and last day, capacity, trainers, funder, lifecycle status. version is for optimistic concurrency: UPDATE ... SET version = version + 1 WHERE version = <expected>.';
COMMENT ON COLUMN event.modules IS 'Curriculum topics, in order.';
COMMENT ON COLUMN event.settlement IS 'Village or town where the training took place (e.g. Gülchö), free text.';


CREATE TABLE event_municipality (
    tenant_id         uuid NOT NULL REFERENCES tenant (id),
    event_id          uuid NOT NULL,
    municipality_code text NOT NULL REFERENCES municipality (code),
    role              text NOT NULL CONSTRAINT event_municipality_role_check
                           CHECK (role IN ('target', 'neighbour')),
    invited_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, event_id, municipality_code),
    CONSTRAINT event_municipality_event_fkey FOREIGN KEY (tenant_id, event_id)
        REFERENCES event (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX event_municipality_municipality_idx ON event_municipality (tenant_id, municipality_code);
CALL trainingd_protect_tenant_table('event_municipality');
COMMENT ON TABLE event_municipality IS
    'Tenant data: municipalities invited to an event, as the project''s target or as a neighbour. Reports split participation by this role.';


CREATE TABLE person (
    tenant_id         uuid NOT NULL REFERENCES tenant (id),
    id                uuid NOT NULL DEFAULT gen_random_uuid(),
    full_name         text NOT NULL CONSTRAINT person_full_name_check
                           CHECK (btrim(full_name) <> '' AND char_length(full_name) <= 300
                                  AND full_name IS NFC NORMALIZED),
    name_key          text NOT NULL CONSTRAINT person_name_key_check
                           CHECK (name_key <> '' AND char_length(name_key) <= 300),
    sex               text NOT NULL CONSTRAINT person_sex_check
                           CHECK (sex IN ('female', 'male', 'not_recorded')),
    birth_year        integer CONSTRAINT person_birth_year_check CHECK (birth_year BETWEEN 1900 AND 2100),
    disability        boolean,
    category          text NOT NULL CONSTRAINT person_category_check
                           CHECK (category IN ('aiyl_okmotu_head', 'aiyl_okmotu_deputy_head',
                                               'responsible_secretary', 'aiyl_okmotu_specialist',
                                               'council_chair', 'council_deputy',
                                               'initiative_group_member', 'jmeg_member', 'other')),
    municipality_code text REFERENCES municipality (code),
    phone             text CONSTRAINT person_phone_check CHECK (phone ~ '^[0-9]{6,15}$'),
    merged_into       uuid,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT person_merged_into_fkey FOREIGN KEY (tenant_id, merged_into)
        REFERENCES person (tenant_id, id),
    CONSTRAINT person_merged_into_check CHECK (merged_into <> id)
);
-- duplicate detection: same normalised name (and municipality), or same phone
CREATE INDEX person_name_key_idx ON person (tenant_id, name_key, municipality_code);
CREATE INDEX person_phone_idx ON person (tenant_id, phone) WHERE phone IS NOT NULL;
CREATE INDEX person_merged_into_idx ON person (tenant_id, merged_into) WHERE merged_into IS NOT NULL;
CALL trainingd_protect_tenant_table('person');
COMMENT ON TABLE person IS
    'Tenant data: a participant. full_name as entered (NFC); name_key is the normalised key computed in Swift for deduplication and search (keeps ң ө ү distinct). A person merged away keeps its row with merged_into pointing at the survivor.';
COMMENT ON COLUMN person.phone IS 'Normalised phone number, digits only (e.g. 996555123456).';
COMMENT ON COLUMN person.disability IS 'NULL = not recorded.';


CREATE TABLE registration (
    tenant_id         uuid NOT NULL REFERENCES tenant (id),
    event_id          uuid NOT NULL,
    person_id         uuid NOT NULL,
    status            text NOT NULL CONSTRAINT registration_status_check
                           CHECK (status IN ('registered', 'waitlisted', 'cancelled')),
    source            text NOT NULL CONSTRAINT registration_source_check
                           CHECK (source IN ('manual', 'import', 'walk_in')),
    arrival_no        bigint GENERATED BY DEFAULT AS IDENTITY,
    registered_at     timestamptz NOT NULL DEFAULT now(),
    category          text NOT NULL CONSTRAINT registration_category_check
                           CHECK (category IN ('aiyl_okmotu_head', 'aiyl_okmotu_deputy_head',
                                               'responsible_secretary', 'aiyl_okmotu_specialist',
                                               'council_chair', 'council_deputy',
                                               'initiative_group_member', 'jmeg_member', 'other')),
    municipality_code text REFERENCES municipality (code),
    cancelled_at      timestamptz,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, event_id, person_id),
    CONSTRAINT registration_event_fkey FOREIGN KEY (tenant_id, event_id)
        REFERENCES event (tenant_id, id),
    CONSTRAINT registration_person_fkey FOREIGN KEY (tenant_id, person_id)
        REFERENCES person (tenant_id, id),
    CONSTRAINT registration_cancelled_check CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
);
-- the first waitlisted of an event, in arrival order
CREATE INDEX registration_waitlist_idx ON registration (tenant_id, event_id, arrival_no)
    WHERE status = 'waitlisted';
CREATE INDEX registration_person_idx ON registration (tenant_id, person_id);
CALL trainingd_protect_tenant_table('registration');
GRANT USAGE ON SEQUENCE registration_arrival_no_seq TO trainingd_app;
COMMENT ON TABLE registration IS
    'Tenant data: a person''s registration for an event, unique per (event, person). category and municipality_code are the person''s as they were at registration (reports use these). arrival_no orders the waitlist. A walk-in is a registration with source walk_in.';
COMMENT ON COLUMN registration.arrival_no IS 'Increasing arrival number (identity); waitlist promotion takes the lowest waitlisted.';
COMMENT ON COLUMN registration.cancelled_at IS 'Set exactly when status = cancelled (cleared when re-registered).';


CREATE TABLE attendance (
    tenant_id   uuid NOT NULL REFERENCES tenant (id),
    event_id    uuid NOT NULL,
    person_id   uuid NOT NULL,
    day         date NOT NULL,
    status      text NOT NULL CONSTRAINT attendance_status_check
                     CHECK (status IN ('present', 'late', 'excused', 'absent')),
    recorded_at timestamptz NOT NULL DEFAULT now(),
    recorded_by bigint NOT NULL,
    PRIMARY KEY (tenant_id, event_id, person_id, day),
    CONSTRAINT attendance_registration_fkey FOREIGN KEY (tenant_id, event_id, person_id)
        REFERENCES registration (tenant_id, event_id, person_id) ON UPDATE CASCADE
);
-- Participation reports and EventStatistics count "attended" (present or late) rows
-- per event and person (days attended >= N) and per day; this partial index answers
-- them with index-only scans. The primary key serves everything else.
CREATE INDEX attendance_attended_idx ON attendance (tenant_id, event_id, person_id, day)
    WHERE status IN ('present', 'late');
CALL trainingd_protect_tenant_table('attendance');
COMMENT ON TABLE attendance IS
    'Tenant data: one row per event, person and day: present | late | excused | absent, who recorded it (uid) and when. Requires a registration (walk-ins get one with source walk_in). The day must lie within the event (checked by the service).';


CREATE TABLE import_batch (
    tenant_id       uuid NOT NULL REFERENCES tenant (id),
    idempotency_key text NOT NULL CONSTRAINT import_batch_idempotency_key_check
                         CHECK (btrim(idempotency_key) <> '' AND char_length(idempotency_key) <= 200),
    event_id        uuid NOT NULL,
    request_hash    text NOT NULL CONSTRAINT import_batch_request_hash_check
                         CHECK (request_hash <> '' AND char_length(request_hash) <= 200),
    outcome         jsonb NOT NULL,
    created_by      bigint,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, idempotency_key),
    CONSTRAINT import_batch_event_fkey FOREIGN KEY (tenant_id, event_id)
        REFERENCES event (tenant_id, id)
);
CREATE INDEX import_batch_event_idx ON import_batch (tenant_id, event_id);
CALL trainingd_protect_tenant_table('import_batch');
COMMENT ON TABLE import_batch IS
    'Tenant data: one row per ImportRegistrations idempotency key: the hash of the request and the per-row outcome answered. A retry with the same key and hash answers the stored outcome; the same key with another hash is refused.';

CALL trainingd_check_tenant_tables();
