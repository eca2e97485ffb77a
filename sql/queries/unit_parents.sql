-- The unit each community or street lies in (#17: names beside codes in exports).
-- $1: 'community' | 'street' (other levels: no rows)
SELECT c.code, s.code AS parent_code, s.name AS parent_name
FROM community c JOIN street s ON s.code = c.street_code
WHERE $1::text = 'community'
UNION ALL
SELECT st.code, d.code, d.name
FROM street st JOIN district d ON d.code = st.district_code
WHERE $1::text = 'street';
