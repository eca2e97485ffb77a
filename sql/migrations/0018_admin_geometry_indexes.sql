-- District and street shapes (when drawn rather than derived from their communities) are searched by
-- location like every other geometry: GiST on each, so no geometry column goes unindexed.
CREATE INDEX district_geom_idx ON district USING gist (geom);
CREATE INDEX street_geom_idx ON street USING gist (geom);
