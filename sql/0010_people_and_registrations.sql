-- 0010: what io.trainingd.People and io.trainingd.Registrations promise beyond 0005:
--   * person.search_key: the lenient name key FindPeople matches word prefixes against
--     (computed in Swift like name_key: TrainingCore NameKey.searchKey);
--   * person.phone_entered: the phone as entered, which the IDL returns; person.phone stays
--     the digits-only key that duplicate detection compares;
--   * phone keys of 5 to 30 digits (the IDL accepts 5 to 30 characters, at least 5 digits),
--     and name keys up to 1000 characters (transliteration may lengthen a 200-character name);
--   * registration.note, cancel_reason and status_changed_at (Registration in the IDL);
--     status_changed_at is kept by a trigger, so every writer of registration.status
--     (registrations, merges, waitlist promotions, walk-ins) keeps it right;
--   * indexes for counting seats and for reading attendance by person.

ALTER TABLE person
    ADD COLUMN search_key text NOT NULL DEFAULT '' CONSTRAINT person_search_key_check
        CHECK (char_length(search_key) <= 1000),
    ADD COLUMN phone_entered text CONSTRAINT person_phone_entered_check
        CHECK (btrim(phone_entered) <> '' AND char_length(phone_entered) <= 30),
    DROP CONSTRAINT person_phone_check,
    ADD CONSTRAINT person_phone_check CHECK (phone ~ '^[0-9]{5,30}$'),
    DROP CONSTRAINT person_name_key_check,
    ADD CONSTRAINT person_name_key_check CHECK (name_key <> '' AND char_length(name_key) <= 1000);
COMMENT ON COLUMN person.search_key IS
    'Lenient name key for FindPeople (NameKey.searchKey in Swift): strict key words with ң ө ү folded to н о у, э to е, й to и, ь ъ dropped; words sorted, space-separated.';
COMMENT ON COLUMN person.phone_entered IS 'The phone as entered (NFC, trimmed); phone holds its digits-only key.';

ALTER TABLE registration
    ADD COLUMN status_changed_at timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN note text CONSTRAINT registration_note_check
        CHECK (btrim(note) <> '' AND char_length(note) <= 2000),
    ADD COLUMN cancel_reason text CONSTRAINT registration_cancel_reason_check
        CHECK (btrim(cancel_reason) <> '' AND char_length(cancel_reason) <= 2000);
COMMENT ON COLUMN registration.status_changed_at IS 'When status last changed (kept by trigger registration_status_changed).';
COMMENT ON COLUMN registration.note IS 'Free text given with Register (newlines allowed), at most 2000 characters.';
COMMENT ON COLUMN registration.cancel_reason IS 'Reason given with CancelRegistration; cleared when the registration is reactivated.';

CREATE FUNCTION trainingd_registration_status_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        NEW.status_changed_at := now();
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER registration_status_changed BEFORE UPDATE ON registration
    FOR EACH ROW EXECUTE FUNCTION trainingd_registration_status_changed();

-- Seats are counted per event and status under the event's row lock.
CREATE INDEX registration_event_status_idx ON registration (tenant_id, event_id, status);
-- FindPeople summarises each person's attendance, MergePeople moves it: both by person.
CREATE INDEX attendance_person_idx ON attendance (tenant_id, person_id);

CALL trainingd_check_tenant_tables();
