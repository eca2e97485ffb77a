-- Staging table of one import: validated rows wait here, inside the import's transaction, for the checks
-- that need the database (codes, references, overlaps), then go to their table in one upsert per table.
-- A temporary table writes no data table, so nothing fires data_version; it is dropped at commit or rollback.
-- Columns: idx (row in the file, 0-based), target (table), code, generated (code derived from the position),
--          rec (validated fields, jsonb), geom (WGS 84, NULL for attribute-only rows).
CREATE TEMP TABLE import_stage (
  idx       integer NOT NULL,
  target    text NOT NULL,
  code      text NOT NULL,
  generated boolean NOT NULL DEFAULT false,
  rec       jsonb NOT NULL,
  geom      geometry(Geometry, 4326)
) ON COMMIT DROP
