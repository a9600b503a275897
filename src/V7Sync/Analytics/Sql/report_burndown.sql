-- Each phase's burndown, day by day (v7_phase_burndown).
SELECT phase_number, day, remaining_tasks, total_tasks
FROM v7_phase_burndown
ORDER BY phase_number, day;
