-- The audit log, newest first, filtered. $1 collection, $2 code, $3 actor, $4 since (timestamptz),
-- each NULL = any; $5 include account entries (users, api_keys); $6 limit, $7 offset.
SELECT id::text AS id,
       to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at,
       actor, action, collection, code, before, after,
       count(*) OVER () AS matched
FROM audit_log
WHERE ($1::text IS NULL OR collection = $1)
  AND ($2::text IS NULL OR code = $2)
  AND ($3::text IS NULL OR actor = $3)
  AND ($4::timestamptz IS NULL OR at >= $4)
  AND ($5::boolean OR collection NOT IN ('users', 'api_keys'))
ORDER BY at DESC, id DESC
LIMIT $6 OFFSET $7;
