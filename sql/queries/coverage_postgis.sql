-- Reference coverage computed entirely in PostGIS: households covered per community under an OR rule.
-- Used by the tests (exactness of the TypeScript engine) and by bench/coverage.ts (the speed baseline).
-- $1: text[]   facility types
-- $2: float8[] reach in metres, one per type (same order)
-- $3: date     evaluation date (open: opened_on null or <= $3, closed_on null or > $3, not planned,
--              and a 'closed' facility without closed_on is never open)
-- Output: code, households (sum over buildings), households_covered
SELECT c.code,
       COALESCE(sum(b.households), 0)::int AS households,
       COALESCE(sum(b.households) FILTER (WHERE EXISTS (
         SELECT 1
         FROM unnest($1::text[], $2::float8[]) AS r(type, reach_m)
         JOIN facility f ON f.type = r.type
         WHERE f.status <> 'planned'
           AND NOT (f.status = 'closed' AND f.closed_on IS NULL)
           AND (f.opened_on IS NULL OR f.opened_on <= $3::date)
           AND (f.closed_on IS NULL OR f.closed_on > $3::date)
           AND ST_DWithin(b.geom::geography, f.geom::geography, r.reach_m)
       )), 0)::int AS households_covered
FROM community c
LEFT JOIN building b ON b.community_code = c.code
GROUP BY c.code
ORDER BY c.code;
