-- Records a build of the noded network: now, not stale, with its connectivity report.
-- $1: the report (jsonb)
INSERT INTO network_build (id, built_at, stale, report) VALUES (true, now(), false, $1::jsonb)
ON CONFLICT (id) DO UPDATE SET built_at = EXCLUDED.built_at, stale = false, report = EXCLUDED.report;
