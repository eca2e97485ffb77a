-- Community polygons for the maps of plan reports (GeoJSON, 6 decimals ≈ 0.1 m: plenty for a figure).
-- Output: code, geometry
SELECT code, ST_AsGeoJSON(geom, 6)::json AS geometry
FROM community
ORDER BY code;
