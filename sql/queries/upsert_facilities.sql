-- Upsert of the import's facilities by code (the file's record replaces the stored one).
INSERT INTO facility (code, name, type, status, opened_on, closed_on, floor_area_m2, site_area_m2, beds,
                      gp_count, grade, service_items, properties, geom)
SELECT s.code, s.rec->>'name', s.rec->>'type', COALESCE(s.rec->>'status', 'open'),
       (s.rec->>'opened_on')::date, (s.rec->>'closed_on')::date,
       (s.rec->>'floor_area_m2')::double precision, (s.rec->>'site_area_m2')::double precision,
       (s.rec->>'beds')::integer, (s.rec->>'gp_count')::integer, s.rec->>'grade',
       (s.rec->>'service_items')::integer, COALESCE(s.rec->'properties', '{}'::jsonb), s.geom
FROM import_stage s WHERE s.target = 'facility'
ORDER BY s.idx
ON CONFLICT (code) DO UPDATE SET
  name = EXCLUDED.name, type = EXCLUDED.type, status = EXCLUDED.status, opened_on = EXCLUDED.opened_on,
  closed_on = EXCLUDED.closed_on, floor_area_m2 = EXCLUDED.floor_area_m2, site_area_m2 = EXCLUDED.site_area_m2,
  beds = EXCLUDED.beds, gp_count = EXCLUDED.gp_count, grade = EXCLUDED.grade,
  service_items = EXCLUDED.service_items, properties = EXCLUDED.properties, geom = EXCLUDED.geom
