-- The first $1 buildings of the import that lie in no community (for the report's warnings).
SELECT idx FROM import_stage
WHERE target = 'building' AND rec->'community_code' = 'null'::jsonb
ORDER BY idx LIMIT $1
