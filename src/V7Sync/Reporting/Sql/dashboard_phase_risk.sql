-- The risk score per phase, 0-100, by part.
SELECT * FROM v7_phase_risk ORDER BY phase_number
