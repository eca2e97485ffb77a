-- Capacity columns of every facility, for the in-memory accessibility snapshot (2SFCA / E2SFCA,
-- capacitated coverage). Joined by code to snapshot_facilities.sql; NULL = not recorded.
-- Output: code, gp_count, beds, floor_area_m2
SELECT code, gp_count, beds, floor_area_m2
FROM facility
ORDER BY code;
