-- Upsert of the import's residential buildings by code (community_code already assigned by location
-- where the file gave none; NULL when the building lies in no community).
INSERT INTO building (code, community_code, households, geom, properties)
SELECT s.code, s.rec->>'community_code', (s.rec->>'households')::integer, s.geom,
       COALESCE(s.rec->'properties', '{}'::jsonb)
FROM import_stage s WHERE s.target = 'building'
ORDER BY s.idx
ON CONFLICT (code) DO UPDATE SET
  community_code = EXCLUDED.community_code, households = EXCLUDED.households, geom = EXCLUDED.geom,
  properties = EXCLUDED.properties
