-- Bulk insert of noded-network links.
-- $1: json array of { id, source, target, edge_id, length_m, component, geom: GeoJSON LineString }
INSERT INTO network_link (id, source, target, edge_id, length_m, component, geom)
SELECT t.id, t.source, t.target, t.edge_id, t.length_m, t.component, ST_SetSRID(ST_GeomFromGeoJSON(t.geom), 4326)
FROM jsonb_to_recordset($1::jsonb)
  AS t(id integer, source integer, target integer, edge_id bigint, length_m double precision, component integer, geom text);
