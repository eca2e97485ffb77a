-- Imported community polygons whose interiors overlap another imported community, or a stored one that
-- the import does not replace (same code), by more than $1 square metres (geodesic, on the WGS 84 ellipsoid).
-- Shared edges and corners are no overlap. Run only when every staged shape is valid (GEOS needs that).
-- Output: idx, other_idx (NULL for a stored community), other_code, area_m2. A pair of the file is
-- reported once, on its later row.
SELECT idx, other_idx, other_code, area_m2
FROM (
  SELECT b.idx, a.idx AS other_idx, a.code AS other_code,
         ST_Area(ST_CollectionExtract(ST_Intersection(b.geom, a.geom), 3)::geography) AS area_m2
  FROM import_stage a
  JOIN import_stage b ON a.geom && b.geom AND a.idx < b.idx
  WHERE a.target = 'community' AND b.target = 'community' AND ST_Relate(a.geom, b.geom, 'T********')
  UNION ALL
  SELECT i.idx, NULL, c.code,
         ST_Area(ST_CollectionExtract(ST_Intersection(i.geom, c.geom), 3)::geography)
  FROM import_stage i
  JOIN community c ON c.geom && i.geom
  WHERE i.target = 'community' AND ST_Relate(i.geom, c.geom, 'T********')
    AND NOT EXISTS (SELECT 1 FROM import_stage r WHERE r.target = 'community' AND r.code = c.code)
) o
WHERE area_m2 > $1
ORDER BY idx, other_code
