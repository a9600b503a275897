-- The guide's §4.1 executive dashboard, as written.
SELECT * FROM v7_migration_dashboard
