-- One facilities vector tile from PostGIS (#19, as pg_tileserv and martin cut them): the features whose
-- box meets the tile grown by the buffer (&& on the GiST index of geom, in EPSG:4326), in Web Mercator
-- tile coordinates (ST_AsMVTGeom clips to the buffer), encoded by ST_AsMVT as layer 'facilities'.
-- The properties are TILE_PROPERTIES.facilities (api/src/services/tiles.ts); NULLs are left out.
-- The rows are found first and cut after (OFFSET 0 keeps the planner from pushing ST_AsMVTGeom, costed
-- high, down into the scan): with it in the scan, the planner starts a parallel worker for denser tiles,
-- and a worker's start (fork, loading PostGIS and PROJ) is ~20 ms, most of such a tile's time (#19,
-- docs/benchmarks.md). Found this way the scan is cheap and runs in the backend that asked.
-- $1 z, $2 x, $3 y, $4 extent (tile units per side), $5 buffer (tile units).
WITH bounds AS (
  SELECT ST_TileEnvelope($1::int, $2::int, $3::int) AS mercator,
         ST_Transform(ST_TileEnvelope($1::int, $2::int, $3::int, margin => $5::float8 / $4::int), 4326) AS lonlat
)
SELECT ST_AsMVT(t, 'facilities', $4::int, 'geom') AS mvt,
       -- The data version of this statement's snapshot (ETags, cache keys): no transaction needed.
       (SELECT version::text FROM data_version) AS version
FROM (
  SELECT f.code, f.name, f.type, f.status,
         ST_AsMVTGeom(ST_Transform(f.geom, 3857), f.mercator, $4::int, $5::int, true) AS geom
  FROM (
    SELECT f.code, f.name, f.type, f.status, f.geom, bounds.mercator
    FROM facility f, bounds
    WHERE f.geom && bounds.lonlat
    OFFSET 0
  ) f
  ORDER BY f.code
) t
WHERE t.geom IS NOT NULL;
