-- Bulk insert of streets/townships.
-- $1: json array of { code, name, kind, district_code, geom?: GeoJSON|null, properties?: object }
INSERT INTO street (code, name, kind, district_code, geom, properties)
SELECT t.code, t.name, t.kind, t.district_code,
       CASE WHEN t.geom IS NULL THEN NULL ELSE ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(t.geom), 4326)) END,
       COALESCE(t.properties, '{}'::jsonb)
FROM jsonb_to_recordset($1::jsonb) AS t(code text, name text, kind text, district_code text, geom text, properties jsonb);
