import { sql } from 'kysely';
import { kyselyOf, type Queryable } from '../queryable.ts';

/**
 * The data version: a counter the statement triggers of migration 0004 bump on every write to the
 * city tables, and the key of every cache. Read it inside the transaction whose snapshot it keys.
 */
export async function readDataVersion(q: Queryable): Promise<string | undefined> {
  // bigint: read as text so it stays exact (postgres.js would too; the explicit cast says so).
  const row = await kyselyOf(q).selectFrom('data_version').select(sql<string>`version::text`.as('v')).executeTakeFirst();
  return row?.v;
}
