-- The Monte Carlo's inputs (v7_phase_forecast): each open phase's remaining tasks and completions in the last
-- @weeks 7-day windows (the first: the 7 days up to now); the row without a phase number is the whole migration.
SELECT phase_number, phase_name, remaining_tasks, completions_by_week[1:@weeks]
FROM v7_phase_forecast
ORDER BY phase_number NULLS LAST;
