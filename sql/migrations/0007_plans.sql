-- 0007: plan profiles (the targets of community plans, as data) and the figures users report for
-- targets the map cannot compute. Built-in profiles come from seeds/plans/*.json and are upserted
-- at start-up unless a user edited them; user profiles are never touched by the upsert.

CREATE TABLE plan_profile (
  id         text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{1,63}$'),
  -- The validated profile (api/src/domain/plans/profile.ts); its "id" equals the column.
  profile    jsonb NOT NULL CHECK (jsonb_typeof(profile) = 'object' AND profile->>'id' = id),
  builtin    boolean NOT NULL DEFAULT false,
  -- A built-in the user has edited: the start-up upsert leaves it alone.
  modified   boolean NOT NULL DEFAULT false,
  revision   integer NOT NULL DEFAULT 1 CHECK (revision >= 1),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every figure ever entered is kept; an evaluation on date D uses, per target and measure, the
-- latest figure dated on or before D.
CREATE TABLE plan_reported_value (
  id         bigserial PRIMARY KEY,
  plan_id    text NOT NULL REFERENCES plan_profile (id) ON UPDATE CASCADE ON DELETE CASCADE,
  target_id  text NOT NULL CHECK (length(target_id) BETWEEN 1 AND 128),
  -- '' for a target with one figure; else the measure's key (e.g. 'elderly_65').
  measure    text NOT NULL DEFAULT '' CHECK (length(measure) <= 64),
  value      double precision NOT NULL CHECK (value NOT IN ('NaN', 'Infinity', '-Infinity')),
  -- The date the figure refers to.
  as_of      date NOT NULL,
  source     text NOT NULL CHECK (length(btrim(source)) > 0),
  author     text NOT NULL CHECK (length(btrim(author)) > 0),
  note       text,
  entered_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX plan_reported_value_target_idx ON plan_reported_value (plan_id, target_id, measure, as_of DESC, id DESC);
