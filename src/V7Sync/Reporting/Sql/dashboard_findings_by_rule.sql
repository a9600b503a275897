-- How many findings are open under each rule, and since when.
SELECT rule, COUNT(*) AS open, MIN(first_seen_at) AS oldest, MAX(last_seen_at) AS last_seen
FROM v7_open_findings
GROUP BY rule
ORDER BY COUNT(*) DESC, rule
