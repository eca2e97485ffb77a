-- One buildings vector tile from PostGIS (#19): see tile_facilities.sql (also for why the rows are found
-- first and cut after). Public properties only (TILE_PROPERTIES.buildings: no households, which are planner-only).
-- $1 z, $2 x, $3 y, $4 extent (tile units per side), $5 buffer (tile units).
WITH bounds AS (
  SELECT ST_TileEnvelope($1::int, $2::int, $3::int) AS mercator,
         ST_Transform(ST_TileEnvelope($1::int, $2::int, $3::int, margin => $5::float8 / $4::int), 4326) AS lonlat
)
SELECT ST_AsMVT(t, 'buildings', $4::int, 'geom') AS mvt,
       -- The data version of this statement's snapshot (ETags, cache keys): no transaction needed.
       (SELECT version::text FROM data_version) AS version
FROM (
  SELECT b.code, b.community_code,
         ST_AsMVTGeom(ST_Transform(b.geom, 3857), b.mercator, $4::int, $5::int, true) AS geom
  FROM (
    SELECT b.code, b.community_code, b.geom, bounds.mercator
    FROM building b, bounds
    WHERE b.geom && bounds.lonlat
    OFFSET 0
  ) b
  ORDER BY b.code
) t
WHERE t.geom IS NOT NULL;
