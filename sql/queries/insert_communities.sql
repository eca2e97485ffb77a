-- Bulk insert of communities.
-- $1: json array of { code, name, street_code, households, population, elderly, geom: GeoJSON (Multi)Polygon, properties? }
INSERT INTO community (code, name, street_code, households, population, elderly, geom, properties)
SELECT t.code, t.name, t.street_code, t.households, t.population, t.elderly,
       ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(t.geom), 4326)),
       COALESCE(t.properties, '{}'::jsonb)
FROM jsonb_to_recordset($1::jsonb)
  AS t(code text, name text, street_code text, households integer, population integer, elderly integer, geom text, properties jsonb);
