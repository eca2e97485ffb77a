-- Spatial index on the staged geometries (overlap check, building assignment).
CREATE INDEX ON import_stage USING gist (geom)
