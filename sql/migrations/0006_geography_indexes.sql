-- 0006: GiST indexes on the geography casts, so ST_DWithin(geom::geography, …, metres) — the exact
-- ellipsoidal test used by reference queries and metric filters — is index-assisted instead of a
-- nested loop over every pair.
CREATE INDEX building_geog_idx ON building USING gist ((geom::geography));
CREATE INDEX facility_geog_idx ON facility USING gist ((geom::geography));
