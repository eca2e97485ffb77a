-- 0011: the noded walking network, derived from the walkable lines of network_edge (lines with
-- walkable = false, e.g. railways and motorways, stay in network_edge and are not part of it).
-- Lines are split wherever they share a vertex, so links meet only at their end nodes (the
-- topology pgRouting expects: source/target node ids, a cost in metres). Written by
-- `lifecircle network build` / `network import` and by seeding; the API routes in memory on the
-- same noding and never needs these tables, they are for SQL users and connectivity checks.

CREATE TABLE network_node (
  id        integer PRIMARY KEY CHECK (id >= 0),
  -- Connected component: 0 = the largest by length, 1 the next, …
  component integer NOT NULL CHECK (component >= 0),
  degree    integer NOT NULL CHECK (degree >= 0),
  geom      geometry(Point, 4326) NOT NULL
);
CREATE INDEX network_node_geom_idx ON network_node USING gist (geom);

CREATE TABLE network_link (
  id        integer PRIMARY KEY CHECK (id >= 0),
  source    integer NOT NULL REFERENCES network_node (id) ON DELETE CASCADE,
  target    integer NOT NULL REFERENCES network_node (id) ON DELETE CASCADE,
  -- network_edge.id of the line it was cut from (no foreign key: the city loader truncates lines).
  edge_id   bigint NOT NULL,
  -- Geodesic length on WGS 84, metres (= ST_Length(geom::geography)); walking is undirected.
  length_m  double precision NOT NULL CHECK (length_m >= 0),
  component integer NOT NULL CHECK (component >= 0),
  geom      geometry(LineString, 4326) NOT NULL CHECK (ST_NPoints(geom) >= 2)
);
CREATE INDEX network_link_geom_idx ON network_link USING gist (geom);
CREATE INDEX network_link_source_idx ON network_link (source);
CREATE INDEX network_link_target_idx ON network_link (target);

-- One row: when the noded tables were last built, the connectivity report, and whether the
-- lines changed since (any write to network_edge sets stale).
CREATE TABLE network_build (
  id         boolean PRIMARY KEY DEFAULT true CHECK (id),
  built_at   timestamptz NOT NULL DEFAULT now(),
  stale      boolean NOT NULL DEFAULT false,
  report     jsonb NOT NULL DEFAULT '{}'::jsonb
);

CREATE FUNCTION network_mark_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE network_build SET stale = true WHERE id;
  RETURN NULL;
END $$;

CREATE TRIGGER network_edge_stale AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON network_edge
  FOR EACH STATEMENT EXECUTE FUNCTION network_mark_stale();
