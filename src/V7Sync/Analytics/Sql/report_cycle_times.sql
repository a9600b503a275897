-- The cycle-time distribution of completed tasks (v7_task_cycle_times): tasks per whole day, 30 and more together.
SELECT LEAST(floor(cycle_time_days), @cap)::int AS days, count(*)::int AS tasks
FROM v7_task_cycle_times
WHERE cycle_time_days IS NOT NULL
GROUP BY 1
ORDER BY 1;
