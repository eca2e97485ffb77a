-- 0004: one counter bumped by every write to a data table, so caches (coverage, tiles)
-- can key on it and never serve results older than the data.
CREATE TABLE data_version (
  id      boolean PRIMARY KEY DEFAULT true CHECK (id),
  version bigint NOT NULL DEFAULT 0,
  changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO data_version (id, version) VALUES (true, 0);

CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE data_version SET version = version + 1, changed_at = now() WHERE id;
  RETURN NULL;
END $$;

CREATE TRIGGER district_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON district
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER street_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON street
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER community_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON community
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER building_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON building
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER facility_type_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON facility_type
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER facility_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON facility
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER network_edge_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON network_edge
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
