-- Buildings of the import that lie in no community (after import_assign_buildings): how many, and the
-- first $1 of them by row. Output: idx, total (the same on every row).
SELECT idx, count(*) OVER ()::int AS total
FROM import_stage
WHERE target = 'building' AND rec->>'community_code' IS NULL
ORDER BY idx LIMIT $1
