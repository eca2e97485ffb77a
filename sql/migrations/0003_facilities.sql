-- 0003: residential buildings, the facility-type catalogue and facilities.

CREATE TABLE building (
  code           text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9_.-]{1,64}$'),
  -- NULL when the building lies in no known community.
  community_code text REFERENCES community (code) ON UPDATE CASCADE ON DELETE SET NULL,
  households     integer NOT NULL CHECK (households >= 0),
  geom           geometry(Point, 4326) NOT NULL CHECK (NOT ST_IsEmpty(geom)),
  properties     jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX building_community_idx ON building (community_code);
CREATE INDEX building_geom_idx ON building USING gist (geom);

CREATE TABLE facility_type (
  code       text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{0,63}$'),
  name_zh    text NOT NULL CHECK (length(btrim(name_zh)) > 0),
  name_en    text NOT NULL CHECK (length(btrim(name_en)) > 0),
  level      text NOT NULL CHECK (level IN ('district', 'street', 'community')),
  -- Straight-line or walking reach in metres on the ground (GB 50180-2018 life circles).
  reach_m    double precision NOT NULL CHECK (reach_m > 0 AND reach_m <= 100000),
  standard   text NOT NULL,
  properties jsonb NOT NULL DEFAULT '{}'::jsonb
);

CREATE TABLE facility (
  code          text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9_.-]{1,64}$'),
  name          text NOT NULL CHECK (length(btrim(name)) > 0),
  type          text NOT NULL REFERENCES facility_type (code) ON UPDATE CASCADE ON DELETE RESTRICT,
  status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'planned', 'closed')),
  opened_on     date,
  closed_on     date CHECK (closed_on IS NULL OR opened_on IS NULL OR closed_on > opened_on),
  floor_area_m2 double precision CHECK (floor_area_m2 >= 0),
  site_area_m2  double precision CHECK (site_area_m2 >= 0),
  beds          integer CHECK (beds >= 0),
  gp_count      integer CHECK (gp_count >= 0),
  grade         text,
  service_items integer CHECK (service_items >= 0),
  properties    jsonb NOT NULL DEFAULT '{}'::jsonb,
  geom          geometry(Point, 4326) NOT NULL CHECK (NOT ST_IsEmpty(geom))
);
CREATE INDEX facility_type_idx ON facility (type);
CREATE INDEX facility_geom_idx ON facility USING gist (geom);

-- Walkable street network (lines); later issues node it and route on it.
CREATE TABLE network_edge (
  id         bigserial PRIMARY KEY,
  kind       text NOT NULL,
  name       text,
  walkable   boolean NOT NULL DEFAULT true,
  geom       geometry(LineString, 4326) NOT NULL CHECK (ST_NPoints(geom) >= 2),
  properties jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX network_edge_geom_idx ON network_edge USING gist (geom);
