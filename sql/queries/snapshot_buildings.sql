-- Residential buildings for the in-memory coverage snapshot (full coordinate precision).
-- Output: code, community_code, households, lon, lat
SELECT code, community_code, households, ST_X(geom) AS lon, ST_Y(geom) AS lat
FROM building
ORDER BY code;
