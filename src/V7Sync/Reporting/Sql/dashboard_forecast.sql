-- The forecast per open phase; dates as ISO text, so the console and JSON print them as the view does.
SELECT phase_number, phase_name, status, remaining_tasks, completed_last_4_weeks, weekly_throughput,
       estimated_completion::text, remaining_week_ago, weekly_throughput_week_ago,
       estimated_completion_week_ago::text, slip_days, completions_by_week
FROM v7_phase_forecast
