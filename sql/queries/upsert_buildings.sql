-- Upsert of the import's residential buildings by code: the file's community_code, else the one assigned
-- by location (import_assignment), else NULL (in no community).
INSERT INTO building (code, community_code, households, geom, properties)
SELECT s.code, COALESCE(s.rec->>'community_code', a.code), (s.rec->>'households')::integer, s.geom,
       COALESCE(s.rec->'properties', '{}'::jsonb)
FROM import_stage s
LEFT JOIN import_assignment a ON a.idx = s.idx
WHERE s.target = 'building'
ORDER BY s.idx
ON CONFLICT (code) DO UPDATE SET
  community_code = EXCLUDED.community_code, households = EXCLUDED.households, geom = EXCLUDED.geom,
  properties = EXCLUDED.properties
