-- Streets and districts for plan evaluation, with their user-entered attributes (a district's class,
-- e.g. Beijing's 城区 / 近郊区 / 远郊区县, is properties.class; a street's hotline flag …).
-- Output: level ('street'|'district'), code, name, kind, parent_code (the street's district), properties
SELECT 'street' AS level, code, name, kind, district_code AS parent_code, properties FROM street
UNION ALL
SELECT 'district', code, name, kind, NULL, properties FROM district
ORDER BY level, code;
