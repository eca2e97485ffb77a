-- Buildings of the import without a community_code get the stored community that covers them
-- (on a shared edge, the smallest code). Output: unassigned (how many lie in none), first_idx (of those, by row).
WITH assigned AS (
  UPDATE import_stage s
  SET rec = s.rec || jsonb_build_object('community_code',
        (SELECT c.code FROM community c WHERE ST_Covers(c.geom, s.geom) ORDER BY c.code LIMIT 1))
  WHERE s.target = 'building' AND s.rec->>'community_code' IS NULL
  RETURNING s.idx, s.rec->>'community_code' IS NULL AS none
)
SELECT count(*) FILTER (WHERE none)::int AS unassigned, count(*)::int AS assigned_total FROM assigned
