-- The audit log, newest first, filtered: one row { matched, entries } (matched counts every entry the
-- filters select, also when the page is past the end). $1 collection, $2 code, $3 actor, $4 since
-- (timestamptz), each NULL = any; $5 include account entries (users, api_keys); $6 limit, $7 offset;
-- $8 the caller when not an admin: entries about scenarios only when the caller may see the scenario
-- (published, or theirs) or wrote the entry, so the log never shows another planner's private scenario.
WITH m AS (
  SELECT id, at, actor, action, collection, code, before, after
  FROM audit_log
  WHERE ($1::text IS NULL OR collection = $1)
    AND ($2::text IS NULL OR code = $2)
    AND ($3::text IS NULL OR actor = $3)
    AND ($4::timestamptz IS NULL OR at >= $4)
    AND ($5::boolean OR collection NOT IN ('users', 'api_keys'))
    AND ($8::text IS NULL OR collection <> 'scenarios' OR actor = $8
         OR EXISTS (SELECT 1 FROM scenario s WHERE s.id::text = audit_log.code AND (s.published OR s.owner = $8))
         OR (NOT EXISTS (SELECT 1 FROM scenario s WHERE s.id::text = audit_log.code)
             AND COALESCE(after ->> 'owner', before ->> 'owner') = $8))
), page AS (
  SELECT * FROM m ORDER BY at DESC, id DESC LIMIT $6 OFFSET $7
)
SELECT (SELECT count(*) FROM m)::int AS matched,
       COALESCE((SELECT jsonb_agg(jsonb_build_object(
         'id', id::text, 'at', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         'actor', actor, 'action', action, 'collection', collection, 'code', code, 'before', before, 'after', after)
         ORDER BY at DESC, id DESC) FROM page), '[]'::jsonb) AS entries;
