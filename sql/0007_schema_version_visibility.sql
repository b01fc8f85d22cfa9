-- 0007: let the application role read which migrations are applied.
--
-- schema_migrations is created by the migration runner itself (before 0001), so it is
-- owned by the owning role; Status reports the schema version as trainingd_app.
GRANT SELECT ON schema_migrations TO trainingd_app;
