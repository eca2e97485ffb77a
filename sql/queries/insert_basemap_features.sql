-- Bulk insert of basemap features (#17).
-- $1: json array of { layer, class, name, name_en, geom: GeoJSON geometry }
INSERT INTO basemap_feature (layer, class, name, name_en, geom)
SELECT t.layer, COALESCE(t.class, ''), t.name, t.name_en, ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(t.geom), 4326))
FROM jsonb_to_recordset($1::jsonb)
  AS t(layer text, class text, name text, name_en text, geom text);
