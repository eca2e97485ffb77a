-- The community containing each point a scenario adds or moves a facility to, chosen as
-- plan_facilities.sql does (ST_Covers; on a shared boundary the smallest code), so a scenario
-- facility belongs to the same community as the same facility inserted for real.
-- Input: $1 jsonb array of { "i": n, "lon": x, "lat": y }
-- Output: i, community_code (null outside every community)
SELECT p.i, c.code AS community_code
FROM jsonb_to_recordset($1::jsonb) AS p(i integer, lon float8, lat float8)
LEFT JOIN LATERAL (
  SELECT cc.code FROM community cc
  WHERE ST_Covers(cc.geom, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326))
  ORDER BY cc.code LIMIT 1
) c ON true
ORDER BY p.i;
