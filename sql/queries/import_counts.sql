-- Per target table: staged rows, and how many of them replace a stored record of the same code.
SELECT s.target, count(*)::int AS total,
       count(*) FILTER (WHERE CASE s.target
         WHEN 'district'      THEN EXISTS (SELECT 1 FROM district t WHERE t.code = s.code)
         WHEN 'street'        THEN EXISTS (SELECT 1 FROM street t WHERE t.code = s.code)
         WHEN 'community'     THEN EXISTS (SELECT 1 FROM community t WHERE t.code = s.code)
         WHEN 'building'      THEN EXISTS (SELECT 1 FROM building t WHERE t.code = s.code)
         WHEN 'facility'      THEN EXISTS (SELECT 1 FROM facility t WHERE t.code = s.code)
         WHEN 'facility_type' THEN EXISTS (SELECT 1 FROM facility_type t WHERE t.code = s.code)
       END)::int AS existing
FROM import_stage s
GROUP BY s.target
