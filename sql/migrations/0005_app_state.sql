-- 0005: small key/value state of the application (e.g. whether the database was ever initialised,
-- so a restart never re-seeds over a user's data).
CREATE TABLE app_state (
  key        text PRIMARY KEY,
  value      jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
