-- 0014: hardening, round two (issue #21).

-- Accounts get an id that is never reused (an identity column: its sequence never goes back), and
-- tokens name it: a token of a deleted account never fits a new account of the same name.
ALTER TABLE users ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE users ADD CONSTRAINT users_id_key UNIQUE (id);

-- Row versions never repeat for a code: a deleted row leaves its last version here, and a row created
-- again under the same code continues after it, so an If-Match from before the delete stays stale (ABA).
CREATE TABLE row_version_tombstone (
  tbl     text NOT NULL,
  code    text NOT NULL,
  version integer NOT NULL,
  PRIMARY KEY (tbl, code)
);

CREATE FUNCTION keep_row_version_tombstone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO row_version_tombstone (tbl, code, version) VALUES (TG_TABLE_NAME, OLD.code, OLD.version)
  ON CONFLICT (tbl, code) DO UPDATE SET version = GREATEST(row_version_tombstone.version, EXCLUDED.version);
  RETURN OLD;
END $$;

CREATE FUNCTION continue_row_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.version := COALESCE((SELECT t.version FROM row_version_tombstone t WHERE t.tbl = TG_TABLE_NAME AND t.code = NEW.code), 0) + 1;
  RETURN NEW;
END $$;

CREATE TRIGGER district_row_tombstone      AFTER DELETE ON district      FOR EACH ROW EXECUTE FUNCTION keep_row_version_tombstone();
CREATE TRIGGER street_row_tombstone        AFTER DELETE ON street        FOR EACH ROW EXECUTE FUNCTION keep_row_version_tombstone();
CREATE TRIGGER community_row_tombstone     AFTER DELETE ON community     FOR EACH ROW EXECUTE FUNCTION keep_row_version_tombstone();
CREATE TRIGGER building_row_tombstone      AFTER DELETE ON building      FOR EACH ROW EXECUTE FUNCTION keep_row_version_tombstone();
CREATE TRIGGER facility_type_row_tombstone AFTER DELETE ON facility_type FOR EACH ROW EXECUTE FUNCTION keep_row_version_tombstone();
CREATE TRIGGER facility_row_tombstone      AFTER DELETE ON facility      FOR EACH ROW EXECUTE FUNCTION keep_row_version_tombstone();

CREATE TRIGGER district_row_continue      BEFORE INSERT ON district      FOR EACH ROW EXECUTE FUNCTION continue_row_version();
CREATE TRIGGER street_row_continue        BEFORE INSERT ON street        FOR EACH ROW EXECUTE FUNCTION continue_row_version();
CREATE TRIGGER community_row_continue     BEFORE INSERT ON community     FOR EACH ROW EXECUTE FUNCTION continue_row_version();
CREATE TRIGGER building_row_continue      BEFORE INSERT ON building      FOR EACH ROW EXECUTE FUNCTION continue_row_version();
CREATE TRIGGER facility_type_row_continue BEFORE INSERT ON facility_type FOR EACH ROW EXECUTE FUNCTION continue_row_version();
CREATE TRIGGER facility_row_continue      BEFORE INSERT ON facility      FOR EACH ROW EXECUTE FUNCTION continue_row_version();

-- Idempotent writes: a write sent with an Idempotency-Key records it in its audit entry (same
-- transaction), so a client whose request answered 503 can ask again and learn whether it committed.
ALTER TABLE audit_log ADD COLUMN idempotency_key text CHECK (length(idempotency_key) BETWEEN 1 AND 200);
CREATE UNIQUE INDEX audit_log_idempotency_idx ON audit_log (actor, idempotency_key) WHERE idempotency_key IS NOT NULL;
