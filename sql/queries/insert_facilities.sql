-- Bulk insert of facilities.
-- $1: json array of { code, name, type, status, opened_on, closed_on, floor_area_m2, site_area_m2, beds,
--                     gp_count, grade, service_items, lon, lat, properties? }
INSERT INTO facility (code, name, type, status, opened_on, closed_on, floor_area_m2, site_area_m2, beds,
                      gp_count, grade, service_items, properties, geom)
SELECT t.code, t.name, t.type, t.status, t.opened_on, t.closed_on, t.floor_area_m2, t.site_area_m2, t.beds,
       t.gp_count, t.grade, t.service_items, COALESCE(t.properties, '{}'::jsonb),
       ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326)
FROM jsonb_to_recordset($1::jsonb)
  AS t(code text, name text, type text, status text, opened_on date, closed_on date, floor_area_m2 double precision,
       site_area_m2 double precision, beds integer, gp_count integer, grade text, service_items integer,
       lon double precision, lat double precision, properties jsonb);
