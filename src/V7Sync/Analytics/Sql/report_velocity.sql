-- Completions per ISO week, the whole migration (v7_velocity_weekly, scope overall); weeks without one have no row.
SELECT week_start, iso_week, completed
FROM v7_velocity_weekly
WHERE scope = 'overall'
ORDER BY week_start;
