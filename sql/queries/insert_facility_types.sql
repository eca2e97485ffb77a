-- Upsert of facility types by code (user-added types are kept).
-- $1: json array of { code, name_zh, name_en, level, reach_m, standard, properties? }
INSERT INTO facility_type (code, name_zh, name_en, level, reach_m, standard, properties)
SELECT t.code, t.name_zh, t.name_en, t.level, t.reach_m, t.standard, COALESCE(t.properties, '{}'::jsonb)
FROM jsonb_to_recordset($1::jsonb)
  AS t(code text, name_zh text, name_en text, level text, reach_m double precision, standard text, properties jsonb)
ON CONFLICT (code) DO UPDATE SET
  name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en, level = EXCLUDED.level,
  reach_m = EXCLUDED.reach_m, standard = EXCLUDED.standard, properties = EXCLUDED.properties;
