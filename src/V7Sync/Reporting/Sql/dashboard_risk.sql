-- The guide's §4.3 risk dashboard, as written; the outer SELECT only reads the risk ENUM as text.
SELECT category, count, highest_risk::text AS highest_risk FROM (
    SELECT
        'ENUMs' as category,
        COUNT(*) as count,
        MAX(risk_level) as highest_risk
    FROM v7_enum_migrations
    WHERE status != 'implemented'
    AND risk_level IN ('high', 'critical')

    UNION ALL

    SELECT
        'Global Impacts',
        COUNT(*),
        MAX(risk_assessment)
    FROM v7_global_impacts
    WHERE approval_status = 'pending'
    AND risk_assessment IN ('high', 'critical')
) risk
