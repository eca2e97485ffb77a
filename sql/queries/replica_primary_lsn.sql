-- On the primary (#19): where its WAL stands now, for the read-replica lag monitor.
SELECT pg_current_wal_lsn()::text AS lsn;
