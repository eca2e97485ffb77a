-- Communities for the in-memory coverage snapshot.
-- Output: code, name, street_code, district_code, households, population, elderly, geometry (GeoJSON)
SELECT c.code, c.name, c.street_code, s.district_code, c.households, c.population, c.elderly,
       ST_AsGeoJSON(c.geom)::json AS geometry
FROM community c JOIN street s ON s.code = c.street_code
ORDER BY c.code;
