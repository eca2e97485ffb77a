-- The communities a communities tile may carry (#19): their boxes meet the tile grown by the buffer, as
-- in tile_communities.sql. Only these communities' coverage figures are sent with the tile query.
-- $1 z, $2 x, $3 y, $4 extent (tile units per side), $5 buffer (tile units).
SELECT m.code
FROM community m
WHERE m.geom && ST_Transform(ST_TileEnvelope($1::int, $2::int, $3::int, margin => $5::float8 / $4::int), 4326);
