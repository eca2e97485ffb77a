-- Everything the basemap tiles draw (#17), as GeoJSON: the basemap features, then the lines of
-- network_edge (streets by kind with their names, railways and other non-walkable lines).
SELECT 'b' || id AS key, layer, class, name, name_en, ST_AsGeoJSON(geom, 7) AS geojson
FROM basemap_feature
UNION ALL
SELECT 'n' || id, CASE WHEN walkable THEN 'road' WHEN kind IN ('rail', 'railway', 'light_rail', 'subway', 'tram') THEN 'rail' ELSE 'road' END,
       kind, name, NULL, ST_AsGeoJSON(geom, 7)
FROM network_edge
ORDER BY 1;
