-- Bulk insert of residential buildings.
-- $1: json array of { code, community_code, households, lon, lat, properties? }
INSERT INTO building (code, community_code, households, geom, properties)
SELECT t.code, t.community_code, t.households,
       ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326),
       COALESCE(t.properties, '{}'::jsonb)
FROM jsonb_to_recordset($1::jsonb)
  AS t(code text, community_code text, households integer, lon double precision, lat double precision, properties jsonb);
