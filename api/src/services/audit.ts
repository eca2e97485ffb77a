import type { Db } from '../db/connect.ts';
import { runQuery } from '../db/sql-files.ts';
import { InputError } from './errors.ts';

export interface AuditQuery {
  collection?: string | undefined;
  code?: string | undefined;
  actor?: string | undefined;
  /** ISO 8601 date or date-time; entries at or after it. */
  since?: string | undefined;
  /** Entries about accounts and API keys (admins only). */
  includeAccounts: boolean;
  /** The caller's name when not an admin (null: an admin, who sees every entry); scenario entries are filtered by what they may see. */
  viewer: string | null;
  limit: number;
  offset: number;
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  action: string;
  collection: string;
  code: string;
  before: unknown;
  after: unknown;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** Who changed what and when: the audit log, newest first. */
export async function listAudit(db: Db, q: AuditQuery): Promise<{ entries: AuditEntry[]; numberMatched: number }> {
  if (q.since !== undefined && (!ISO_INSTANT.test(q.since) || Number.isNaN(Date.parse(q.since)))) {
    throw new InputError('since', `must be a date (YYYY-MM-DD) or a date-time with a zone (2026-01-31T08:00:00Z), got ${JSON.stringify(q.since)}`);
  }
  const [row] = await runQuery<{ matched: number; entries: AuditEntry[] }>(db.sql, 'audit_list', [
    q.collection ?? null, q.code ?? null, q.actor ?? null, q.since ?? null, q.includeAccounts, q.limit, q.offset, q.viewer,
  ]);
  return { entries: row!.entries, numberMatched: row!.matched };
}
