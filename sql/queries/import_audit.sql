-- One audit entry per imported record (action 'import'), written in the import's transaction before the
-- upserts: `before` is the stored record (NULL for a new one), `after` the imported one, both as GeoJSON
-- Features like the editing API's. $1: actor. $2: the import's Idempotency-Key or NULL, kept on its first
-- entry (unique per actor: a second commit under the key fails, import_receipt finds the first).
INSERT INTO audit_log (actor, action, collection, code, before, after, idempotency_key)
SELECT $1, 'import',
       CASE s.target WHEN 'district' THEN 'districts' WHEN 'street' THEN 'streets' WHEN 'community' THEN 'communities'
                     WHEN 'building' THEN 'buildings' WHEN 'facility' THEN 'facilities' ELSE 'facility-types' END,
       s.code,
       CASE s.target
         WHEN 'district' THEN (SELECT jsonb_build_object('type', 'Feature', 'id', t.code, 'geometry', ST_AsGeoJSON(t.geom)::jsonb, 'properties', to_jsonb(t) - 'geom' - 'version') FROM district t WHERE t.code = s.code)
         WHEN 'street' THEN (SELECT jsonb_build_object('type', 'Feature', 'id', t.code, 'geometry', ST_AsGeoJSON(t.geom)::jsonb, 'properties', to_jsonb(t) - 'geom' - 'version') FROM street t WHERE t.code = s.code)
         WHEN 'community' THEN (SELECT jsonb_build_object('type', 'Feature', 'id', t.code, 'geometry', ST_AsGeoJSON(t.geom)::jsonb, 'properties', to_jsonb(t) - 'geom' - 'version') FROM community t WHERE t.code = s.code)
         WHEN 'building' THEN (SELECT jsonb_build_object('type', 'Feature', 'id', t.code, 'geometry', ST_AsGeoJSON(t.geom)::jsonb, 'properties', to_jsonb(t) - 'geom' - 'version') FROM building t WHERE t.code = s.code)
         WHEN 'facility' THEN (SELECT jsonb_build_object('type', 'Feature', 'id', t.code, 'geometry', ST_AsGeoJSON(t.geom)::jsonb, 'properties', to_jsonb(t) - 'geom' - 'version') FROM facility t WHERE t.code = s.code)
         WHEN 'facility_type' THEN (SELECT jsonb_build_object('type', 'Feature', 'id', t.code, 'geometry', NULL, 'properties', to_jsonb(t) - 'version') FROM facility_type t WHERE t.code = s.code)
       END,
       jsonb_build_object('type', 'Feature', 'id', s.code, 'geometry', ST_AsGeoJSON(s.geom)::jsonb,
                          'properties', CASE WHEN a.idx IS NULL THEN s.rec ELSE s.rec || jsonb_build_object('community_code', a.code) END),
       CASE WHEN s.idx = (SELECT min(f.idx) FROM import_stage f) THEN $2::text END
FROM import_stage s
LEFT JOIN import_assignment a ON a.idx = s.idx
ORDER BY s.idx
