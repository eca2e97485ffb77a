-- Cancels the running statement of one import's transaction ($1 its backend pid, $2 its start from
-- import_deadline), from another connection. Only while that session is still in that transaction: a
-- pooled connection that has moved on to another request's work is never touched.
SELECT pg_cancel_backend(pid) AS cancelled
FROM pg_stat_activity
WHERE pid = $1::int AND ((extract(epoch FROM xact_start) * 1000000)::bigint)::text = $2::text
