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
