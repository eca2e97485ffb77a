-- Imported community polygons whose interiors overlap another imported community, or a stored one that
-- the import does not replace (same code), by more than $1 square metres (geodesic, on the WGS 84 ellipsoid).
-- Shared edges and corners are no overlap. Output: idx, other_idx (NULL for a stored community),
-- other_code, area_m2. Each pair of the file is reported once, on the later row.
WITH imported AS (
  SELECT idx, code, geom FROM import_stage WHERE target = 'community' AND ST_IsValid(geom)
), pairs AS (
  SELECT b.idx, a.idx AS other_idx, a.code AS other_code, a.geom AS other_geom, b.geom
  FROM imported a JOIN imported b ON a.idx < b.idx AND a.geom && b.geom
  UNION ALL
  SELECT i.idx, NULL, c.code, c.geom, i.geom
  FROM imported i JOIN community c ON c.geom && i.geom
  WHERE NOT EXISTS (SELECT 1 FROM imported r WHERE r.code = c.code)
)
SELECT idx, other_idx, other_code, area_m2
FROM (
  SELECT p.idx, p.other_idx, p.other_code,
         ST_Area(ST_CollectionExtract(ST_Intersection(p.geom, p.other_geom), 3)::geography) AS area_m2
  FROM pairs p
  WHERE ST_Relate(p.geom, p.other_geom, 'T********')
) o
WHERE area_m2 > $1
ORDER BY idx, other_code
