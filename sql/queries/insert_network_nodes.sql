-- Bulk insert of noded-network nodes.
-- $1: json array of { id, component, degree, lon, lat }
INSERT INTO network_node (id, component, degree, geom)
SELECT t.id, t.component, t.degree, ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326)
FROM jsonb_to_recordset($1::jsonb)
  AS t(id integer, component integer, degree integer, lon double precision, lat double precision);
