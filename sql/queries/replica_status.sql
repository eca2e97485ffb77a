-- On the read replica (#19): is it a standby, how far it has replayed, how many bytes of WAL behind the
-- primary's LSN $1 (read just before) it is, and when the last transaction it replayed committed.
SELECT pg_is_in_recovery() AS in_recovery,
       pg_last_wal_replay_lsn()::text AS replay_lsn,
       CASE WHEN pg_last_wal_replay_lsn() IS NULL THEN NULL
            ELSE greatest(pg_wal_lsn_diff($1::text::pg_lsn, pg_last_wal_replay_lsn()), 0)::float8 END AS behind_bytes,
       pg_last_xact_replay_timestamp() AS last_replay_at;
