-- 0003: reference data for Osh, Naryn and Chüy oblasts: 3 oblasts, 20 districts,
-- 267 municipalities from data/kg-municipalities-2019.csv (sources, coverage and
-- caveats in data/README.md). Another oblast is added the same way: a new CSV in
-- data/ and a new migration with these four statements.
-- The \copy line is run client-side by the migration runner (as psql would), with
-- the path relative to the sql/ directory.

CREATE TABLE gazetteer_import OF gazetteer_row;
\copy gazetteer_import FROM 'data/kg-municipalities-2019.csv' WITH (FORMAT csv, HEADER true)
CALL gazetteer_load();
DROP TABLE gazetteer_import;

-- This file must produce the full 2019 set; fail loudly if the CSV was cut short.
DO $$
BEGIN
    IF (SELECT count(*) FROM municipality
         WHERE oblast_code IN ('41704000000000', '41706000000000', '41708000000000')) <> 267 THEN
        RAISE EXCEPTION 'gazetteer: expected 267 municipalities in Osh, Naryn and Chüy';
    END IF;
END
$$;
