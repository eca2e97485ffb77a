-- 0002: administrative units, district/county -> street/township -> community.
-- SRID 4326 at rest; metric work casts to geography. Codes are the stable ids used by the API.

CREATE TABLE district (
  code        text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9_.-]{1,64}$'),
  name        text NOT NULL CHECK (length(btrim(name)) > 0),
  kind        text NOT NULL CHECK (kind IN ('district', 'county')),
  -- NULL = derived from the district's communities (see view district_shape).
  geom        geometry(MultiPolygon, 4326) CHECK (geom IS NULL OR ST_IsValid(geom)),
  properties  jsonb NOT NULL DEFAULT '{}'::jsonb
);

CREATE TABLE street (
  code          text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9_.-]{1,64}$'),
  name          text NOT NULL CHECK (length(btrim(name)) > 0),
  kind          text NOT NULL CHECK (kind IN ('street', 'township')),
  district_code text NOT NULL REFERENCES district (code) ON UPDATE CASCADE ON DELETE RESTRICT,
  geom          geometry(MultiPolygon, 4326) CHECK (geom IS NULL OR ST_IsValid(geom)),
  properties    jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX street_district_idx ON street (district_code);

CREATE TABLE community (
  code        text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9_.-]{1,64}$'),
  name        text NOT NULL CHECK (length(btrim(name)) > 0),
  street_code text NOT NULL REFERENCES street (code) ON UPDATE CASCADE ON DELETE RESTRICT,
  households  integer NOT NULL CHECK (households >= 0),
  population  integer NOT NULL CHECK (population >= 0),
  elderly     integer NOT NULL DEFAULT 0 CHECK (elderly >= 0 AND elderly <= population),
  geom        geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
  properties  jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX community_street_idx ON community (street_code);
CREATE INDEX community_geom_idx ON community USING gist (geom);

-- Shapes of streets and districts: the imported one if any, else the union of their communities.
CREATE VIEW street_shape AS
SELECT s.code, s.name, s.kind, s.district_code, s.properties,
       COALESCE(s.geom, d.geom) AS geom,
       (s.geom IS NULL) AS geom_derived
FROM street s
LEFT JOIN LATERAL (
  SELECT ST_Multi(ST_Union(c.geom))::geometry(MultiPolygon, 4326) AS geom
  FROM community c WHERE c.street_code = s.code
) d ON s.geom IS NULL;

CREATE VIEW district_shape AS
SELECT di.code, di.name, di.kind, di.properties,
       COALESCE(di.geom, d.geom) AS geom,
       (di.geom IS NULL) AS geom_derived
FROM district di
LEFT JOIN LATERAL (
  SELECT ST_Multi(ST_Union(ss.geom))::geometry(MultiPolygon, 4326) AS geom
  FROM street_shape ss WHERE ss.district_code = di.code
) d ON di.geom IS NULL;
