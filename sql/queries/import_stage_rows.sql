-- Adds a batch of validated rows to the import's staging table.
-- $1: json array of { idx, target, code, generated, rec: object, geom: GeoJSON geometry in WGS 84 | null }
INSERT INTO import_stage (idx, target, code, generated, rec, geom)
SELECT t.idx, t.target, t.code, COALESCE(t.generated, false), t.rec,
       CASE WHEN t.geom IS NULL THEN NULL ELSE ST_SetSRID(ST_GeomFromGeoJSON(t.geom), 4326) END
FROM jsonb_to_recordset($1::jsonb)
  AS t(idx integer, target text, code text, generated boolean, rec jsonb, geom text)
