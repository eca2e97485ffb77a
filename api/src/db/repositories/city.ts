import { sql } from 'kysely';
import { kyselyOf, type Queryable } from '../queryable.ts';

/** How many communities the city holds (0: an empty database). */
export async function countCommunities(q: Queryable): Promise<number> {
  const row = await kyselyOf(q).selectFrom('community').select(sql<number>`count(*)::int`.as('n')).executeTakeFirst();
  return row?.n ?? 0;
}
