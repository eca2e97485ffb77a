-- Upsert of the import's districts/counties by code. A row without a shape keeps the stored one
-- (or none: then the shape is derived from the district's communities).
INSERT INTO district (code, name, kind, geom, properties)
SELECT s.code, s.rec->>'name', s.rec->>'kind', ST_Multi(s.geom), COALESCE(s.rec->'properties', '{}'::jsonb)
FROM import_stage s WHERE s.target = 'district'
ORDER BY s.idx
ON CONFLICT (code) DO UPDATE SET
  name = EXCLUDED.name, kind = EXCLUDED.kind, geom = COALESCE(EXCLUDED.geom, district.geom),
  properties = EXCLUDED.properties
