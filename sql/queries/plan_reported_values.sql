-- Every figure entered for the reported targets of one plan, oldest first.
-- $1: plan id
-- Output: id, target_id, measure, unit_code ('' = the city), value, as_of ('YYYY-MM-DD'), source, author,
--         note, entered_at (ISO text)
SELECT id::text AS id, target_id, measure, unit_code, value, as_of, source, author, note,
       to_char(entered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS entered_at
FROM plan_reported_value
WHERE plan_id = $1
ORDER BY target_id, measure, unit_code, as_of, id;
