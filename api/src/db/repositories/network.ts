import { sql } from 'kysely';
import type { ConnectivityReport } from '../../domain/network/connectivity.ts';
import { kyselyOf, type Queryable } from '../queryable.ts';

/**
 * The walking network's tables (migration 0011): the imported lines (`network_edge`), the noded graph
 * (`network_node`, `network_link`) and its build record (`network_build`, one row). Bulk writes of
 * lines, nodes and links go through `sql/queries/insert_network_*.sql`.
 */

/** Whether `network_edge` holds any line (a city without a street network has no walking engine to build). */
export async function hasNetworkLines(q: Queryable): Promise<boolean> {
  const row = await sql<{ any: boolean }>`SELECT EXISTS (SELECT 1 FROM network_edge) AS any`.execute(kyselyOf(q));
  return row.rows[0]?.any === true;
}

/** Empties `network_edge` (before a replacing import). */
export async function deleteNetworkLines(q: Queryable): Promise<void> {
  await kyselyOf(q).deleteFrom('network_edge').execute();
}

/** Empties the noded graph (before it is rebuilt). */
export async function truncateNodedNetwork(q: Queryable): Promise<void> {
  await sql`TRUNCATE network_link, network_node`.execute(kyselyOf(q));
}

/** When the noded tables were built (UTC, to the second), whether the lines changed since, and the report; null before the first build. */
export async function readNetworkBuild(q: Queryable): Promise<{ built_at: string; stale: boolean; report: ConnectivityReport } | null> {
  const row = await kyselyOf(q)
    .selectFrom('network_build')
    .select([sql<string>`to_char(built_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`.as('built_at'), 'stale', 'report'])
    .executeTakeFirst();
  return row ? { built_at: row.built_at, stale: row.stale, report: row.report as unknown as ConnectivityReport } : null;
}
