-- Buildings of the import that lie in no community (after import_assign_buildings): how many, and the
-- first $1 of them by row. Output: idx, total (the same on every row).
SELECT s.idx, count(*) OVER ()::int AS total
FROM import_stage s
WHERE s.target = 'building' AND s.rec->>'community_code' IS NULL
  AND NOT EXISTS (SELECT 1 FROM import_assignment a WHERE a.idx = s.idx)
ORDER BY s.idx LIMIT $1
