-- Shapes PostGIS finds invalid (its rules are the tables' CHECK constraints); points are always valid.
-- Output: idx, reason (ST_IsValidReason).
SELECT idx, ST_IsValidReason(geom) AS reason
FROM import_stage
WHERE geom IS NOT NULL AND GeometryType(geom) <> 'POINT' AND NOT ST_IsValid(geom)
ORDER BY idx
