-- Upsert of the import's streets/townships by code. A row without a shape keeps the stored one
-- (or none: then the shape is derived from the street's communities).
INSERT INTO street (code, name, kind, district_code, geom, properties)
SELECT s.code, s.rec->>'name', s.rec->>'kind', s.rec->>'district_code', ST_Multi(s.geom),
       COALESCE(s.rec->'properties', '{}'::jsonb)
FROM import_stage s WHERE s.target = 'street'
ORDER BY s.idx
ON CONFLICT (code) DO UPDATE SET
  name = EXCLUDED.name, kind = EXCLUDED.kind, district_code = EXCLUDED.district_code,
  geom = COALESCE(EXCLUDED.geom, street.geom), properties = EXCLUDED.properties
