-- 0010: who may do what. Accounts (planner or admin; the public needs none) with an Argon2id
-- password hash, and API keys for scripts, stored as SHA-256 of a random 32-byte secret (the key
-- itself is shown once and never stored). Neither table is city data: no data_version trigger.
CREATE TABLE users (
  name          text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$'),
  role          text NOT NULL CHECK (role IN ('planner', 'admin')),
  -- PHC string ($argon2id$v=19$m=…); NULL = no password login (API keys only).
  password_hash text CHECK (password_hash LIKE '$argon2id$%'),
  disabled      boolean NOT NULL DEFAULT false,
  -- Bumped when the password changes or the account is disabled: tokens carry the epoch they were
  -- issued under, and an older one is refused, so a leaked token dies with the old password.
  token_epoch   integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
  -- Public part of the key (`lc_<id>_<secret>`): names it in lists and revocation.
  id           text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{12}$'),
  user_name    text NOT NULL REFERENCES users (name) ON UPDATE CASCADE ON DELETE CASCADE,
  label        text NOT NULL DEFAULT '' CHECK (length(label) <= 200),
  -- Hex SHA-256 of the secret part.
  secret_hash  text NOT NULL CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz
);
CREATE INDEX api_keys_user_idx ON api_keys (user_name);
