-- Buildings of the import without a community_code get the stored community that covers them (on a
-- shared edge, the smallest code). Communities drive the loop (LATERAL), so each polygon is prepared once
-- and tested against the staged points its index finds; the result goes to its own small table rather
-- than rewriting every staged row.
INSERT INTO import_assignment (idx, code)
SELECT DISTINCT ON (p.idx) p.idx, c.code
FROM community c
CROSS JOIN LATERAL (
  SELECT s.idx FROM import_stage s
  WHERE s.geom && c.geom AND ST_Covers(c.geom, s.geom)
    AND s.target = 'building' AND s.rec->>'community_code' IS NULL
) p
ORDER BY p.idx, c.code
