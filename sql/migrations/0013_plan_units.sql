-- 0013: plan fidelity (issue #20). Reported figures per unit: a target whose level is below the city
-- (per street, district or community, e.g. zb.employment.reemployed, bj.security.wardens_*) takes one
-- figure per unit. '' is the city (every figure entered before this migration).

ALTER TABLE plan_reported_value ADD COLUMN unit_code text NOT NULL DEFAULT '' CHECK (length(unit_code) <= 64);

DROP INDEX plan_reported_value_target_idx;
CREATE INDEX plan_reported_value_target_idx ON plan_reported_value (plan_id, target_id, measure, unit_code, as_of DESC, id DESC);
