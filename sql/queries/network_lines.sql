-- The walkable lines of the street network, in id order, as GeoJSON (the walking graph is noded from these).
SELECT id::text AS id, kind, name, ST_AsGeoJSON(geom)::json AS geometry
FROM network_edge
WHERE walkable
ORDER BY id;
