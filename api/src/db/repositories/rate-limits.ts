import { sql } from 'kysely';
import { kyselyOf, type Queryable } from '../queryable.ts';

/**
 * Shared rate-limit counters (migration 0012): fixed windows of `windowMs` aligned on the epoch, one
 * row per (key, window), so every process on the database counts the same hits.
 */

/** Counts one hit for `key` in the current window; returns the window's hits and when it ends. */
export async function countHit(q: Queryable, key: string, windowMs: number): Promise<{ hits: number; resetAt: Date }> {
  const window = sql<Date>`to_timestamp(floor(extract(epoch FROM clock_timestamp()) * 1000 / ${windowMs}) * ${windowMs} / 1000.0)`;
  const row = await kyselyOf(q)
    .insertInto('rate_limit_hit')
    .values({ key, window_start: window, hits: 1 })
    .onConflict((oc) => oc.columns(['key', 'window_start']).doUpdateSet({ hits: sql<number>`rate_limit_hit.hits + 1` }))
    .returning(['hits', 'window_start'])
    .executeTakeFirstOrThrow();
  return { hits: row.hits, resetAt: new Date(row.window_start.getTime() + windowMs) };
}

/** Takes one hit back from `key`'s current window (a request that should not count after all). */
export async function uncountHit(q: Queryable, key: string, windowMs: number): Promise<void> {
  const window = sql<Date>`to_timestamp(floor(extract(epoch FROM clock_timestamp()) * 1000 / ${windowMs}) * ${windowMs} / 1000.0)`;
  await kyselyOf(q).updateTable('rate_limit_hit').set({ hits: sql<number>`greatest(hits - 1, 0)` }).where('key', '=', key).where('window_start', '=', window).execute();
}

/** Forgets every window of `key`. */
export async function resetHits(q: Queryable, key: string): Promise<void> {
  await kyselyOf(q).deleteFrom('rate_limit_hit').where('key', '=', key).execute();
}

/** Deletes windows that ended more than `olderThanMs` ago. */
export async function pruneHits(q: Queryable, olderThanMs: number): Promise<number> {
  const rows = await kyselyOf(q)
    .deleteFrom('rate_limit_hit')
    .where('window_start', '<', sql<Date>`clock_timestamp() - make_interval(secs => ${olderThanMs / 1000})`)
    .executeTakeFirst();
  return Number(rows.numDeletedRows);
}
