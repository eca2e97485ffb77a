-- Upsert of the import's communities by code (the file's record replaces the stored one).
INSERT INTO community (code, name, street_code, households, population, elderly, geom, properties)
SELECT s.code, s.rec->>'name', s.rec->>'street_code', (s.rec->>'households')::integer,
       (s.rec->>'population')::integer, COALESCE((s.rec->>'elderly')::integer, 0), ST_Multi(s.geom),
       COALESCE(s.rec->'properties', '{}'::jsonb)
FROM import_stage s WHERE s.target = 'community'
ORDER BY s.idx
ON CONFLICT (code) DO UPDATE SET
  name = EXCLUDED.name, street_code = EXCLUDED.street_code, households = EXCLUDED.households,
  population = EXCLUDED.population, elderly = EXCLUDED.elderly, geom = EXCLUDED.geom,
  properties = EXCLUDED.properties
