-- Every phase with its risk score and the points of each part (v7_phase_risk), in phase order.
SELECT phase_number, phase_name, status, risk_score,
       enum_points, impact_points, blocker_points, blocked_points, stale_points, test_points, finding_points, slip_points
FROM v7_phase_risk
ORDER BY phase_number;
