-- What an import committed under an Idempotency-Key did ($1 actor, $2 key): the entry holding the key
-- (import_audit puts it on the first), and the import's other entries, told by the same actor and the
-- same transaction time (audit_log.at is now(), the transaction's start). `action` is not 'import'
-- when the key was used by an item write.
SELECT k.action, k.collection, k.code, k.at::text AS committed_at,
       count(e.id)::int AS records,
       count(e.id) FILTER (WHERE e.before IS NULL)::int AS inserted,
       count(e.id) FILTER (WHERE e.before IS NOT NULL)::int AS updated
FROM audit_log k
LEFT JOIN audit_log e ON k.action = 'import' AND e.action = 'import' AND e.actor = k.actor AND e.at = k.at
WHERE k.actor = $1 AND k.idempotency_key = $2
GROUP BY k.id, k.action, k.collection, k.code, k.at
