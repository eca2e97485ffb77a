-- Shapes of the units of one level, for coverage as GeoJSON.
-- $1: level ('community' | 'street' | 'district' | 'city')
-- Output: code, geometry (GeoJSON, 7 decimals)
SELECT code, ST_AsGeoJSON(geom, 7)::json AS geometry FROM community WHERE $1::text = 'community'
UNION ALL
SELECT code, ST_AsGeoJSON(geom, 7)::json FROM street_shape WHERE $1::text = 'street'
UNION ALL
SELECT code, ST_AsGeoJSON(geom, 7)::json FROM district_shape WHERE $1::text = 'district'
UNION ALL
SELECT 'city', ST_AsGeoJSON(ST_Union(geom), 7)::json FROM community WHERE $1::text = 'city' HAVING count(*) > 0;
