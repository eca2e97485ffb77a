-- One communities vector tile from PostGIS (#19): see tile_facilities.sql (also for why the rows are found
-- first and cut after). With a coverage rule, $6 is a JSON array of { code, rate, households_covered,
-- population_covered, elderly_covered } for the communities of this tile (computed by the coverage
-- engine, as /api/coverage?level=community); NULL or a community missing from it = no coverage
-- properties (ST_AsMVT leaves NULLs out).
-- $1 z, $2 x, $3 y, $4 extent (tile units per side), $5 buffer (tile units), $6 coverage (jsonb or NULL).
WITH bounds AS (
  SELECT ST_TileEnvelope($1::int, $2::int, $3::int) AS mercator,
         ST_Transform(ST_TileEnvelope($1::int, $2::int, $3::int, margin => $5::float8 / $4::int), 4326) AS lonlat
),
coverage AS (
  SELECT * FROM jsonb_to_recordset(coalesce($6::jsonb, '[]'::jsonb))
    AS c(code text, rate float8, households_covered float8, population_covered float8, elderly_covered float8)
)
SELECT ST_AsMVT(t, 'communities', $4::int, 'geom') AS mvt,
       -- The data version of this statement's snapshot (ETags, cache keys): no transaction needed.
       (SELECT version::text FROM data_version) AS version
FROM (
  SELECT m.code, m.name, m.street_code, m.households, m.population, m.elderly,
         c.rate, c.households_covered, c.population_covered, c.elderly_covered,
         ST_AsMVTGeom(ST_Transform(m.geom, 3857), m.mercator, $4::int, $5::int, true) AS geom
  FROM (
    SELECT m.code, m.name, m.street_code, m.households, m.population, m.elderly, m.geom, bounds.mercator
    FROM community m, bounds
    WHERE m.geom && bounds.lonlat
    OFFSET 0
  ) m
  LEFT JOIN coverage c ON c.code = m.code
  ORDER BY m.code
) t
WHERE t.geom IS NOT NULL;
