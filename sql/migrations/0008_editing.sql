-- 0008: optimistic concurrency and an audit trail for edits.
-- Every editable row carries a version, bumped by a trigger on each UPDATE; the API's ETag is that
-- version, and writes must name it in If-Match, so two planners never silently overwrite each other.
ALTER TABLE district      ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE street        ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE community     ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE building      ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE facility_type ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE facility      ADD COLUMN version integer NOT NULL DEFAULT 1;

CREATE FUNCTION bump_row_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.version := OLD.version + 1;
  RETURN NEW;
END $$;

CREATE TRIGGER district_row_version      BEFORE UPDATE ON district      FOR EACH ROW EXECUTE FUNCTION bump_row_version();
CREATE TRIGGER street_row_version        BEFORE UPDATE ON street        FOR EACH ROW EXECUTE FUNCTION bump_row_version();
CREATE TRIGGER community_row_version     BEFORE UPDATE ON community     FOR EACH ROW EXECUTE FUNCTION bump_row_version();
CREATE TRIGGER building_row_version      BEFORE UPDATE ON building      FOR EACH ROW EXECUTE FUNCTION bump_row_version();
CREATE TRIGGER facility_type_row_version BEFORE UPDATE ON facility_type FOR EACH ROW EXECUTE FUNCTION bump_row_version();
CREATE TRIGGER facility_row_version      BEFORE UPDATE ON facility      FOR EACH ROW EXECUTE FUNCTION bump_row_version();

-- Who changed what, when, with the record before and after (GeoJSON Feature form).
CREATE TABLE audit_log (
  id          bigserial PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  actor       text NOT NULL,
  action      text NOT NULL CHECK (action IN ('create', 'replace', 'patch', 'delete', 'import')),
  collection  text NOT NULL,
  code        text NOT NULL,
  before      jsonb,
  after       jsonb
);
CREATE INDEX audit_log_target_idx ON audit_log (collection, code, at);
