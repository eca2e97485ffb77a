-- Facilities for plan evaluation, each with the community whose polygon contains it (ST_Covers: a
-- facility on a shared boundary goes to the community with the smallest code, so every facility has at
-- most one). Streets and districts follow from the community. Dates stay 'YYYY-MM-DD' strings.
-- Output: code, name, type, status, opened_on, closed_on, floor_area_m2, site_area_m2, beds, gp_count,
--         grade, service_items, properties, community_code (null outside every community), lon, lat
SELECT f.code, f.name, f.type, f.status, f.opened_on, f.closed_on, f.floor_area_m2, f.site_area_m2,
       f.beds, f.gp_count, f.grade, f.service_items, f.properties,
       c.code AS community_code, ST_X(f.geom) AS lon, ST_Y(f.geom) AS lat
FROM facility f
LEFT JOIN LATERAL (
  SELECT cc.code FROM community cc WHERE ST_Covers(cc.geom, f.geom) ORDER BY cc.code LIMIT 1
) c ON true
ORDER BY f.code;
