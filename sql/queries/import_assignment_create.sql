-- Communities assigned by location to the import's buildings that came without community_code
-- (filled by import_assign_buildings; empty for other collections). Dropped at commit or rollback.
CREATE TEMP TABLE import_assignment (idx integer PRIMARY KEY, code text NOT NULL) ON COMMIT DROP
