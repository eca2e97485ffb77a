-- Bulk insert of districts.
-- $1: json array of { code, name, kind, geom?: GeoJSON MultiPolygon|Polygon|null, properties?: object }
INSERT INTO district (code, name, kind, geom, properties)
SELECT t.code, t.name, t.kind,
       CASE WHEN t.geom IS NULL THEN NULL ELSE ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(t.geom), 4326)) END,
       COALESCE(t.properties, '{}'::jsonb)
FROM jsonb_to_recordset($1::jsonb) AS t(code text, name text, kind text, geom text, properties jsonb);
