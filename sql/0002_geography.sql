-- 0002: reference geography shared by all tenants (no row-level security; the
-- application role may only read it): oblast > district > municipality, keyed by the
-- official 14-digit SOATE (СОАТЕ) code. The data itself is loaded by later migrations
-- (0003 for Osh, Naryn and Chüy) through gazetteer_load(), so that adding an oblast is
-- a CSV file plus a four-line migration (see data/README.md).

-- trainingd_fold(text): the search key for names in the reference data (municipality,
-- district and oblast search in ky/ru/en). Not used for matching people: that key is
-- computed in Swift and keeps ң ө ү distinct from н о у.
-- Steps: Unicode NFC; explicit upper->lower for the Russian/Kyrgyz Cyrillic alphabet
-- and Latin letters with diacritics (explicit, so the result does not depend on the
-- database's LC_CTYPE: lower() in a "C" database folds ASCII only), folding ё->е,
-- ң->н, ө->о, ү->у and Latin diacritics to the base letter (ü->u, ö->o, ç->c, ş->s, ...);
-- hyphens, dashes and no-break spaces -> space; finally lower() for anything else.
-- So 'Гүлчө' -> 'гулчо', 'Gülchö' -> 'gulcho', 'Кара-Суу' -> 'кара суу'.
-- й stays й. A plain SQL expression, IMMUTABLE and STRICT, so it is inlined and usable
-- in index expressions.
CREATE FUNCTION trainingd_fold(t text)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT lower(
        translate(
            translate(
                normalize($1, NFC),
                'АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯЁёҢңӨөҮүÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝàáâãäåçèéêëìíîïðñòóôõöøùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħĨĩĪīĬĭĮįİıĴĵĶķĹĺĻļĽľŁłŃńŅņŇňŊŋŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳ',
                'абвгдежзийклмнопрстуфхцчшщъыьэюяееннооууaaaaaaceeeeiiiidnoooooouuuuyaaaaaaceeeeiiiidnoooooouuuuyyaaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiijjkkllllllllnnnnnnnnoooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzoouuaaiioouuuuuuuuuuaaaaggkkoooojggnnaaaaaaeeeeiiiioooorrrruuuusstthhaaeeooooooooyy'),
            U&'-\2010\2011\2012\2013\2014\00A0',
            '       '))
$$;
COMMENT ON FUNCTION trainingd_fold(text) IS
    'Search folding for reference-data names: NFC, lower case, ё->е, ң->н, ө->о, ү->у, Latin diacritics removed, hyphens->space. Independent of LC_CTYPE. Not for matching people.';
GRANT EXECUTE ON FUNCTION trainingd_fold(text) TO trainingd_app;


CREATE TABLE oblast (
    code        text PRIMARY KEY CONSTRAINT oblast_code_check CHECK (code ~ '^[0-9]{14}$'),
    name_ky     text CHECK (btrim(name_ky) <> '' AND char_length(name_ky) <= 200),
    name_ru     text NOT NULL CHECK (btrim(name_ru) <> '' AND char_length(name_ru) <= 200),
    name_en     text CHECK (btrim(name_en) <> '' AND char_length(name_en) <= 200)
);
COMMENT ON TABLE oblast IS
    'Reference data, all tenants: oblasts (regions) of Kyrgyzstan keyed by SOATE code; names in ky/ru/en (ky, en may be missing).';

CREATE TABLE district (
    code        text PRIMARY KEY CONSTRAINT district_code_check CHECK (code ~ '^[0-9]{14}$'),
    oblast_code text NOT NULL REFERENCES oblast (code),
    name_ky     text CHECK (btrim(name_ky) <> '' AND char_length(name_ky) <= 200),
    name_ru     text NOT NULL CHECK (btrim(name_ru) <> '' AND char_length(name_ru) <= 200),
    name_en     text CHECK (btrim(name_en) <> '' AND char_length(name_en) <= 200),
    -- SOATE is hierarchical: 417 + oblast (2 digits) + district (3 digits) + unit.
    CONSTRAINT district_in_oblast_check
        CHECK (left(code, 5) = left(oblast_code, 5) AND code <> oblast_code),
    CONSTRAINT district_code_oblast_key UNIQUE (code, oblast_code)
);
CREATE INDEX district_oblast_idx ON district (oblast_code);
COMMENT ON TABLE district IS
    'Reference data, all tenants: districts (raion) keyed by SOATE code, each in one oblast.';

CREATE TABLE municipality (
    code          text PRIMARY KEY CONSTRAINT municipality_code_check CHECK (code ~ '^[0-9]{14}$'),
    oblast_code   text NOT NULL REFERENCES oblast (code),
    district_code text,
    kind          text NOT NULL CONSTRAINT municipality_kind_check
                       CHECK (kind IN ('aiyl_aimak', 'town', 'city')),
    name_ky       text CHECK (btrim(name_ky) <> '' AND char_length(name_ky) <= 200),
    name_ru       text NOT NULL CHECK (btrim(name_ru) <> '' AND char_length(name_ru) <= 200),
    name_en       text CHECK (btrim(name_en) <> '' AND char_length(name_en) <= 200),
    centre_ky     text CHECK (btrim(centre_ky) <> '' AND char_length(centre_ky) <= 200),
    centre_ru     text CHECK (btrim(centre_ru) <> '' AND char_length(centre_ru) <= 200),
    source        text NOT NULL CHECK (btrim(source) <> '' AND char_length(source) <= 4000),
    -- the district, when given, belongs to the same oblast
    CONSTRAINT municipality_district_fkey FOREIGN KEY (district_code, oblast_code)
        REFERENCES district (code, oblast_code),
    CONSTRAINT municipality_in_oblast_check CHECK (
        left(code, 5) = left(oblast_code, 5)
        AND (district_code IS NULL OR left(code, 8) = left(district_code, 8))),
    -- only cities of oblast significance (Naryn, Tokmok) stand outside any district
    CONSTRAINT municipality_district_required_check
        CHECK (district_code IS NOT NULL OR kind = 'city')
);
CREATE INDEX municipality_oblast_idx ON municipality (oblast_code);
CREATE INDEX municipality_district_idx ON municipality (district_code);
-- Name search: prefix search uses these (`trainingd_fold(name_ru) LIKE 'гул%'`);
-- with a few hundred rows a substring search (strpos(...) > 0) simply scans.
CREATE INDEX municipality_fold_ru_idx ON municipality (trainingd_fold(name_ru) text_pattern_ops);
CREATE INDEX municipality_fold_ky_idx ON municipality (trainingd_fold(name_ky) text_pattern_ops);
CREATE INDEX municipality_fold_en_idx ON municipality (trainingd_fold(name_en) text_pattern_ops);
COMMENT ON TABLE municipality IS
    'Reference data, all tenants: local self-government units (aiyl aimak, town of district significance, city of oblast significance) keyed by SOATE code, as before the 2023-2024 aiyl aimak reform. district_code is NULL for cities of oblast significance (Naryn, Tokmok). source cites where each field came from.';
COMMENT ON COLUMN municipality.name_ky IS 'Bare Kyrgyz name, without «айыл аймагы»; NULL where no source states it.';
COMMENT ON COLUMN municipality.name_ru IS 'Russian name exactly as the SOATE classifier spells it (e.g. «Бюлелинский айылный аймак»).';
COMMENT ON COLUMN municipality.centre_ky IS 'Administrative centre (ky), where a source states it.';
COMMENT ON COLUMN municipality.centre_ru IS 'Administrative centre (ru), spelled as in the classifier''s village list.';

GRANT SELECT ON oblast, district, municipality TO trainingd_app;


-- The shape of a gazetteer CSV row (the columns of data/kg-municipalities-2019.csv, in
-- order). A loading migration creates its staging table as
-- `CREATE TABLE gazetteer_import OF gazetteer_row`, \copy-es the CSV into it, calls
-- gazetteer_load() and drops it.
CREATE TYPE gazetteer_row AS (
    oblast_code       text,
    oblast_ky         text,
    oblast_ru         text,
    oblast_en         text,
    district_code     text,
    district_ky       text,
    district_ru       text,
    district_en       text,
    municipality_code text,
    municipality_kind text,
    municipality_ky   text,
    municipality_ru   text,
    municipality_en   text,
    centre_ky         text,
    centre_ru         text,
    source            text
);
COMMENT ON TYPE gazetteer_row IS
    'Column layout of a gazetteer CSV (see sql/data/README.md); staging tables are created OF this type.';

-- gazetteer_load(): upserts oblasts, districts and municipalities from the staging
-- table gazetteer_import (in the current search_path). Empty fields become NULL, text
-- is NFC-normalised. Idempotent: loading the same file twice changes nothing; a later
-- file may correct or complete rows (a non-empty value replaces the stored one, an
-- empty one never erases it; kind, oblast and district are replaced).
CREATE PROCEDURE gazetteer_load()
LANGUAGE plpgsql
SET search_path = public, pg_catalog, pg_temp
AS $$
DECLARE
    bad text;
    n   bigint;
BEGIN
    -- The staging table belongs to the calling migration and is dropped by it: clean it
    -- in place (empty -> NULL, trimmed, NFC).
    UPDATE gazetteer_import
       SET
           oblast_code       = NULLIF(btrim(oblast_code), ''),
           oblast_ky         = normalize(NULLIF(btrim(oblast_ky), ''), NFC),
           oblast_ru         = normalize(NULLIF(btrim(oblast_ru), ''), NFC),
           oblast_en         = normalize(NULLIF(btrim(oblast_en), ''), NFC),
           district_code     = NULLIF(btrim(district_code), ''),
           district_ky       = normalize(NULLIF(btrim(district_ky), ''), NFC),
           district_ru       = normalize(NULLIF(btrim(district_ru), ''), NFC),
           district_en       = normalize(NULLIF(btrim(district_en), ''), NFC),
           municipality_code = NULLIF(btrim(municipality_code), ''),
           municipality_kind = NULLIF(btrim(municipality_kind), ''),
           municipality_ky   = normalize(NULLIF(btrim(municipality_ky), ''), NFC),
           municipality_ru   = normalize(NULLIF(btrim(municipality_ru), ''), NFC),
           municipality_en   = normalize(NULLIF(btrim(municipality_en), ''), NFC),
           centre_ky         = normalize(NULLIF(btrim(centre_ky), ''), NFC),
           centre_ru         = normalize(NULLIF(btrim(centre_ru), ''), NFC),
           source            = normalize(NULLIF(btrim(source), ''), NFC);

    SELECT string_agg(coalesce(municipality_code, '?'), ', ') INTO bad
      FROM gazetteer_import
     WHERE oblast_code IS NULL OR oblast_ru IS NULL OR municipality_code IS NULL
        OR municipality_kind IS NULL OR municipality_ru IS NULL OR source IS NULL
        OR (district_code IS NULL) <> (district_ru IS NULL);
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'gazetteer: rows with a required field missing: %', bad;
    END IF;

    SELECT string_agg(code, ', ') INTO bad FROM (
        SELECT oblast_code AS code FROM gazetteer_import
         GROUP BY oblast_code HAVING count(DISTINCT (oblast_ky, oblast_ru, oblast_en)) > 1
        UNION ALL
        SELECT district_code FROM gazetteer_import WHERE district_code IS NOT NULL
         GROUP BY district_code
        HAVING count(DISTINCT (oblast_code, district_ky, district_ru, district_en)) > 1
        UNION ALL
        SELECT municipality_code FROM gazetteer_import
         GROUP BY municipality_code HAVING count(*) > 1) AS d;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'gazetteer: codes listed twice, or with conflicting names: %', bad;
    END IF;

    INSERT INTO oblast AS o (code, name_ky, name_ru, name_en)
    SELECT DISTINCT oblast_code, oblast_ky, oblast_ru, oblast_en
      FROM gazetteer_import
    ON CONFLICT (code) DO UPDATE
       SET name_ky = coalesce(EXCLUDED.name_ky, o.name_ky),
           name_ru = EXCLUDED.name_ru,
           name_en = coalesce(EXCLUDED.name_en, o.name_en);

    INSERT INTO district AS d (code, oblast_code, name_ky, name_ru, name_en)
    SELECT DISTINCT district_code, oblast_code, district_ky, district_ru, district_en
      FROM gazetteer_import
     WHERE district_code IS NOT NULL
    ON CONFLICT (code) DO UPDATE
       SET oblast_code = EXCLUDED.oblast_code,
           name_ky = coalesce(EXCLUDED.name_ky, d.name_ky),
           name_ru = EXCLUDED.name_ru,
           name_en = coalesce(EXCLUDED.name_en, d.name_en);

    INSERT INTO municipality AS m (code, oblast_code, district_code, kind, name_ky, name_ru,
                                   name_en, centre_ky, centre_ru, source)
    SELECT DISTINCT municipality_code, oblast_code, district_code, municipality_kind,
           municipality_ky, municipality_ru, municipality_en, centre_ky, centre_ru, source
      FROM gazetteer_import
    ON CONFLICT (code) DO UPDATE
       SET oblast_code   = EXCLUDED.oblast_code,
           district_code = EXCLUDED.district_code,
           kind          = EXCLUDED.kind,
           name_ky       = coalesce(EXCLUDED.name_ky, m.name_ky),
           name_ru       = EXCLUDED.name_ru,
           name_en       = coalesce(EXCLUDED.name_en, m.name_en),
           centre_ky     = coalesce(EXCLUDED.centre_ky, m.centre_ky),
           centre_ru     = coalesce(EXCLUDED.centre_ru, m.centre_ru),
           source        = EXCLUDED.source;
    GET DIAGNOSTICS n = ROW_COUNT;
    RAISE NOTICE 'gazetteer: % municipalities loaded or updated', n;

END
$$;
REVOKE ALL ON PROCEDURE gazetteer_load() FROM PUBLIC;
COMMENT ON PROCEDURE gazetteer_load() IS
    'Migration helper (owner only): upsert oblast/district/municipality from the staging table gazetteer_import (CREATE TABLE gazetteer_import OF gazetteer_row).';
