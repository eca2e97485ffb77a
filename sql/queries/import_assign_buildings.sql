-- Buildings of the import without a community_code get the stored community that covers them (on a
-- shared edge, the smallest code). A join (not a subquery per building) lets PostGIS walk each community
-- once over the staged points' index, reusing the prepared polygon. Output: assigned (rows updated).
WITH covering AS (
  SELECT DISTINCT ON (s.idx) s.idx, c.code
  FROM import_stage s
  JOIN community c ON ST_Covers(c.geom, s.geom)
  WHERE s.target = 'building' AND s.rec->>'community_code' IS NULL
  ORDER BY s.idx, c.code
), assigned AS (
  UPDATE import_stage s SET rec = s.rec || jsonb_build_object('community_code', v.code)
  FROM covering v
  WHERE s.idx = v.idx
  RETURNING 1
)
SELECT count(*)::int AS assigned FROM assigned
