-- Facilities for the in-memory coverage snapshot.
-- Output: code, name, type, status, opened_on, closed_on, lon, lat
SELECT code, name, type, status, opened_on, closed_on, ST_X(geom) AS lon, ST_Y(geom) AS lat
FROM facility
ORDER BY code;
