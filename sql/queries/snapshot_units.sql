-- Streets and districts (attributes only) for roll-ups.
-- Output: level ('street'|'district'), code, name, kind, parent_code
SELECT 'street' AS level, code, name, kind, district_code AS parent_code FROM street
UNION ALL
SELECT 'district', code, name, kind, NULL FROM district
ORDER BY level, code;
