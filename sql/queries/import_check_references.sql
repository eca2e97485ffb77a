-- References to codes that exist neither in the database nor in the same import.
-- Output: idx, field (the column), value (the code referred to), refers_to (the table it should name).
SELECT s.idx, 'street_code' AS field, s.rec->>'street_code' AS value, 'street' AS refers_to
FROM import_stage s
WHERE s.target = 'community'
  AND NOT EXISTS (SELECT 1 FROM street t WHERE t.code = s.rec->>'street_code')
  AND NOT EXISTS (SELECT 1 FROM import_stage t WHERE t.target = 'street' AND t.code = s.rec->>'street_code')
UNION ALL
SELECT s.idx, 'district_code', s.rec->>'district_code', 'district'
FROM import_stage s
WHERE s.target = 'street'
  AND NOT EXISTS (SELECT 1 FROM district t WHERE t.code = s.rec->>'district_code')
  AND NOT EXISTS (SELECT 1 FROM import_stage t WHERE t.target = 'district' AND t.code = s.rec->>'district_code')
UNION ALL
SELECT s.idx, 'community_code', s.rec->>'community_code', 'community'
FROM import_stage s
WHERE s.target = 'building' AND s.rec->>'community_code' IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM community t WHERE t.code = s.rec->>'community_code')
UNION ALL
SELECT s.idx, 'type', s.rec->>'type', 'facility_type'
FROM import_stage s
WHERE s.target = 'facility'
  AND NOT EXISTS (SELECT 1 FROM facility_type t WHERE t.code = s.rec->>'type')
ORDER BY 1
