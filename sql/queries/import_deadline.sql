-- The import's deadline inside its transaction ($1: milliseconds as text). SET LOCAL (set_config(…, true)):
-- gone at commit or rollback. statement_timeout ends a statement that runs past it, and
-- idle_in_transaction_session_timeout ends the session when the transaction is left idle that long (a
-- client stuck or dead between statements); either rolls the import back. The pid and the transaction's
-- start (microseconds since 1970, as text: exact, whatever the time zone) name this transaction for import_cancel.
SELECT set_config('statement_timeout', $1, true) AS statement_timeout,
       set_config('idle_in_transaction_session_timeout', $1, true) AS idle_in_transaction_timeout,
       pg_backend_pid() AS pid,
       ((extract(epoch FROM now()) * 1000000)::bigint)::text AS started
