-- Adds a batch of validated rows to the import's staging table.
-- $1: json array of { idx, target, code, generated, rec: object,
--                     lon, lat (a point, WGS 84) | geom (any other GeoJSON geometry, WGS 84) | neither (no shape) }
-- Points travel as two numbers: ST_MakePoint is far cheaper than parsing GeoJSON for 100 000 buildings.
INSERT INTO import_stage (idx, target, code, generated, rec, geom)
SELECT t.idx, t.target, t.code, COALESCE(t.generated, false), t.rec,
       CASE WHEN t.lon IS NOT NULL THEN ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326)
            WHEN t.geom IS NOT NULL THEN ST_SetSRID(ST_GeomFromGeoJSON(t.geom), 4326) END
FROM jsonb_to_recordset($1::jsonb)
  AS t(idx integer, target text, code text, generated boolean, rec jsonb, lon double precision, lat double precision, geom text)
