-- 0009: what io.trainingd.Events and io.trainingd.Geography promise beyond 0002/0005:
--   * event codes as the IDL defines them (letters of any script, digits, - _ . /,
--     1..64 characters, never uuid-shaped) instead of 0005's ASCII-only rule;
--   * capacity optional (NULL = no limit) and free-text notes;
--   * event_status_history: the dated lifecycle steps GetEvent returns;
--   * trainingd_search_key(text): the script-insensitive search key for gazetteer and
--     event searches ("гулчо", "Gulcho" and "Гульча" all find Gülchö).

-- The precise letter/digit rule lives in TrainingCore (EventCode), which checks Unicode
-- categories; the database cannot (its regex classes follow LC_CTYPE, which is often "C"),
-- so this CHECK refuses what is certainly not a letter or digit: every ASCII character
-- outside [0-9A-Za-z._/-], the C1 controls, Latin-1 punctuation and symbols (but not
-- ª µ º, which are letters), × ÷, the General Punctuation block (spaces, dashes, quotes,
-- invisible formatting), the ideographic space and the BOM. It is thus a little looser
-- than the service, never stricter.
ALTER TABLE event
    DROP CONSTRAINT event_code_check,
    ADD CONSTRAINT event_code_check CHECK (
        char_length(code) BETWEEN 1 AND 64
        AND code IS NFC NORMALIZED
        AND code !~ '[\x01-\x2c\x3a-\x40\x5b-\x5e\x60\x7b-\xa9\xab-\xb4\xb6-\xb9\xbb-\xbf\xd7\xf7\u2000-\u206f\u3000\ufeff]'
        AND code !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$');
COMMENT ON COLUMN event.code IS
    'Tenant-unique human code (e.g. OSH-2019-04-GULCHO): 1..64 letters of any script, digits, - _ . /; never uuid-shaped, so a reference is a code or a uuid unambiguously.';

-- The IDL makes capacity optional ("absent means no limit") and UpdateEvent can clear it.
ALTER TABLE event ALTER COLUMN capacity DROP NOT NULL;
COMMENT ON COLUMN event.capacity IS 'Seats; NULL = no limit.';

ALTER TABLE event ADD COLUMN notes text CONSTRAINT event_notes_check
    CHECK (btrim(notes) <> '' AND char_length(notes) <= 10000);
COMMENT ON COLUMN event.notes IS 'Free-text notes (newlines allowed), at most 10000 characters.';


-- One row per lifecycle step, the creation included (from_status NULL, to_status
-- 'draft'). Written by CreateEvent and SetEventStatus in the same transaction as the
-- change; read by GetEvent (oldest first, by seq). Append-only for the application.
CREATE TABLE event_status_history (
    tenant_id   uuid NOT NULL REFERENCES tenant (id),
    event_id    uuid NOT NULL,
    seq         bigint GENERATED ALWAYS AS IDENTITY,
    from_status text CONSTRAINT event_status_history_from_check
                     CHECK (from_status IN ('draft', 'scheduled', 'in_progress', 'held',
                                            'closed', 'cancelled', 'postponed')),
    to_status   text NOT NULL CONSTRAINT event_status_history_to_check
                     CHECK (to_status IN ('draft', 'scheduled', 'in_progress', 'held',
                                          'closed', 'cancelled', 'postponed')),
    at          timestamptz NOT NULL DEFAULT now(),
    by_uid      bigint NOT NULL CONSTRAINT event_status_history_by_uid_check
                     CHECK (by_uid BETWEEN 0 AND 4294967295),
    reason      text CONSTRAINT event_status_history_reason_check
                     CHECK (btrim(reason) <> '' AND char_length(reason) <= 2000),
    PRIMARY KEY (tenant_id, event_id, seq),
    CONSTRAINT event_status_history_event_fkey FOREIGN KEY (tenant_id, event_id)
        REFERENCES event (tenant_id, id) ON DELETE CASCADE
);
CALL trainingd_protect_tenant_table('event_status_history', 'SELECT, INSERT');
GRANT USAGE ON SEQUENCE event_status_history_seq_seq TO trainingd_app;
COMMENT ON TABLE event_status_history IS
    'Tenant data, append-only: the dated lifecycle of each event (creation as NULL -> draft, then every SetEventStatus step), who made it (uid) and why.';


-- trainingd_search_key(text): trainingd_fold, then Cyrillic transliterated to Latin, so
-- that a search ignores the script as well as case and diacritics: 'Гүлчө' -> 'gulcho',
-- 'Gülchö' -> 'gulcho', 'Гульча' -> 'gulcha', 'Бүлөлү' -> 'bulolu'. Spelling variants
-- of the same sound are merged on both sides: дж/dj/zh/ж -> j, х/kh -> h, й/ы -> y,
-- ng -> n (Kyrgyz ң, which trainingd_fold already made н, is "ng" in Latin spellings:
-- Chong-Alay = Чоң-Алай), ь ъ dropped. Used on both the names and the query, so the exact mapping matters less
-- than its being the same. IMMUTABLE and inlinable like trainingd_fold.
CREATE FUNCTION trainingd_search_key(t text)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(translate(replace(trainingd_fold($1), 'дж', 'j'),
                  'абвгдезийклмнопрстуфыэъь',
                  'abvgdeziyklmnoprstufye'),
        'ж', 'j'),
        'х', 'h'),
        'ц', 'ts'),
        'щ', 'shch'),
        'ч', 'ch'),
        'ш', 'sh'),
        'ю', 'yu'),
        'я', 'ya'),
        'dzh', 'j'),
        'dj', 'j'),
        'zh', 'j'),
        'kh', 'h'),
        'ng', 'n')
$$;
COMMENT ON FUNCTION trainingd_search_key(text) IS
    'Search key ignoring case, diacritics and script: trainingd_fold, Cyrillic transliterated to Latin, spelling variants merged (dj/zh -> j, kh -> h, ng -> n). Applied to names and query alike.';
GRANT EXECUTE ON FUNCTION trainingd_search_key(text) TO trainingd_app;

CALL trainingd_check_tenant_tables();
