-- Bulk insert of street-network lines.
-- $1: json array of { kind, name, walkable, geom: GeoJSON LineString, properties? }
INSERT INTO network_edge (kind, name, walkable, geom, properties)
SELECT t.kind, t.name, COALESCE(t.walkable, true), ST_SetSRID(ST_GeomFromGeoJSON(t.geom), 4326),
       COALESCE(t.properties, '{}'::jsonb)
FROM jsonb_to_recordset($1::jsonb)
  AS t(kind text, name text, walkable boolean, geom text, properties jsonb);
