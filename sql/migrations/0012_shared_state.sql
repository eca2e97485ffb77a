-- 0012: state several `lifecircle serve` processes on one PostgreSQL share (issue #19).
-- Rate-limit counters: one row per (limiter:client, fixed window), counted by every process.
CREATE TABLE rate_limit_hit (
  key          text NOT NULL CHECK (length(key) <= 200),
  window_start timestamptz NOT NULL,
  hits         integer NOT NULL DEFAULT 0,
  PRIMARY KEY (key, window_start)
);
CREATE INDEX rate_limit_hit_window_idx ON rate_limit_hit (window_start);

-- Progress of running siting jobs (the jobs themselves live in the pg-boss queue on a server).
CREATE TABLE siting_job_progress (
  job_id     text PRIMARY KEY CHECK (length(job_id) <= 64),
  fraction   double precision NOT NULL DEFAULT 0 CHECK (fraction >= 0 AND fraction <= 1),
  phase      text NOT NULL DEFAULT 'queued' CHECK (length(phase) <= 64),
  -- The process working it (host:pid), for operators and the job's view.
  worker     text NOT NULL DEFAULT '' CHECK (length(worker) <= 300),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every data-version bump also tells listening processes (LISTEN lifecircle_data_version), so they
-- drop engines of the old version at once instead of at their next request.
CREATE OR REPLACE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE v bigint;
BEGIN
  UPDATE data_version SET version = version + 1, changed_at = now() WHERE id RETURNING version INTO v;
  PERFORM pg_notify('lifecircle_data_version', v::text);
  RETURN NULL;
END $$;

-- A scenario's edits (row version bumps) and deletions are announced too (LISTEN lifecircle_scenario,
-- payload: its id), so processes drop that scenario's overlays and engines.
CREATE FUNCTION notify_scenario_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('lifecircle_scenario', (CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END)::text);
  RETURN NULL;
END $$;
CREATE TRIGGER scenario_notify AFTER UPDATE OR DELETE ON scenario FOR EACH ROW EXECUTE FUNCTION notify_scenario_change();
