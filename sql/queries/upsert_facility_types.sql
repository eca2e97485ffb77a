-- Upsert of the import's facility types by code.
INSERT INTO facility_type (code, name_zh, name_en, level, reach_m, standard, properties)
SELECT s.code, s.rec->>'name_zh', s.rec->>'name_en', s.rec->>'level', (s.rec->>'reach_m')::double precision,
       s.rec->>'standard', COALESCE(s.rec->'properties', '{}'::jsonb)
FROM import_stage s WHERE s.target = 'facility_type'
ORDER BY s.idx
ON CONFLICT (code) DO UPDATE SET
  name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en, level = EXCLUDED.level,
  reach_m = EXCLUDED.reach_m, standard = EXCLUDED.standard, properties = EXCLUDED.properties
