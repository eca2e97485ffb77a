import { kyselyOf, type Queryable } from '../queryable.ts';
import type { AuditLogTable } from '../database.ts';

export interface AuditEntry {
  actor: string;
  action: AuditLogTable['action'];
  /** The collection id (`facilities`, `scenarios`, `users`, `api_keys` …). */
  collection: string;
  code: string;
  before: unknown;
  after: unknown;
  /** An import's Idempotency-Key, when it came with one. */
  idempotencyKey?: string | null;
}

/** Appends one entry to `audit_log`, in the caller's transaction (the write and its entry commit together). */
export async function recordAudit(q: Queryable, entry: AuditEntry): Promise<void> {
  await kyselyOf(q)
    .insertInto('audit_log')
    .values({
      actor: entry.actor,
      action: entry.action,
      collection: entry.collection,
      code: entry.code,
      before: entry.before ?? null,
      after: entry.after ?? null,
      ...(entry.idempotencyKey ? { idempotency_key: entry.idempotencyKey } : {}),
    })
    .execute();
}

/** The entry `actor` recorded with Idempotency-Key `key`, if any: how a retried write learns the outcome of the first. */
export async function findAuditByIdempotencyKey(
  q: Queryable,
  actor: string,
  key: string,
): Promise<Pick<AuditEntry, 'action' | 'collection' | 'code' | 'after'> | undefined> {
  return kyselyOf(q)
    .selectFrom('audit_log')
    .select(['action', 'collection', 'code', 'after'])
    .where('actor', '=', actor)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}
