import { sql } from 'kysely';
import { kyselyOf, type Queryable } from '../queryable.ts';

/** Progress of running siting jobs (migration 0012); the jobs themselves are pg-boss's. */

export async function writeProgress(q: Queryable, jobId: string, fraction: number, phase: string, worker?: string): Promise<void> {
  await kyselyOf(q)
    .insertInto('siting_job_progress')
    .values({ job_id: jobId, fraction, phase, ...(worker !== undefined ? { worker } : {}) })
    .onConflict((oc) => oc.column('job_id').doUpdateSet({ fraction, phase, updated_at: sql<Date>`now()` }))
    .execute();
}

export async function readProgress(q: Queryable, jobId: string): Promise<{ fraction: number; phase: string; worker: string } | undefined> {
  return kyselyOf(q).selectFrom('siting_job_progress').select(['fraction', 'phase', 'worker']).where('job_id', '=', jobId).executeTakeFirst();
}

export async function deleteProgress(q: Queryable, jobId: string): Promise<void> {
  await kyselyOf(q).deleteFrom('siting_job_progress').where('job_id', '=', jobId).execute();
}

/**
 * The siting queue's depth over every process, as pg-boss's supervisor last counted it (every few
 * seconds): undefined when the queue does not exist yet (no server process has started one).
 */
export async function sitingQueueDepth(q: Queryable, schema: string, queue: string): Promise<{ queued: number; active: number; failed: number } | undefined> {
  const exists = await kyselyOf(q).selectNoFrom(sql<boolean>`to_regclass(${`${schema}.queue`}) IS NOT NULL`.as('ok')).executeTakeFirst();
  if (!exists?.ok) return undefined;
  const rows = await sql<{ queued: number; active: number; failed: number }>`
    SELECT queued_count AS queued, active_count AS active, failed_count AS failed FROM ${sql.table(`${schema}.queue`)} WHERE name = ${queue}`.execute(kyselyOf(q));
  return rows.rows[0];
}

/** One transaction-scoped advisory lock for enqueueing siting jobs: count and insert one process at a time. */
const SITING_ENQUEUE_LOCK = 0x6c630019; // 'lc' + issue 19: any constant, the same in every process

/** Waits for (and holds until commit or rollback) the enqueue lock. */
export async function lockSitingEnqueue(q: Queryable): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${SITING_ENQUEUE_LOCK}::bigint)`.execute(kyselyOf(q));
}

/**
 * Jobs of the queue that are queued (created, retry) or running (active) now, over every process, read
 * from pg-boss's job table itself (not the supervisor's counts, which lag): all of them and `owner`'s.
 */
export async function sitingQueueLoad(q: Queryable, schema: string, queue: string, owner: string): Promise<{ total: number; mine: number }> {
  const { rows } = await sql<{ total: number; mine: number }>`
    SELECT count(*)::int AS total, count(*) FILTER (WHERE data->>'owner' = ${owner})::int AS mine
    FROM ${sql.table(`${schema}.job`)} WHERE name = ${queue} AND state IN ('created', 'retry', 'active')`.execute(kyselyOf(q));
  return rows[0] ?? { total: 0, mine: 0 };
}
