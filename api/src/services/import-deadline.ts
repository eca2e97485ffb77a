import type { Db } from '../db/connect.ts';
import type { Querier } from '../db/sql-files.ts';
import { cancelImportStatement, limitImportTransaction } from '../db/repositories/imports.ts';
import { cancellation } from './import-run.ts';
import type { ImportOptions } from './import-model.ts';

/** Slack of the database-side limits over the deadline: the signal comes first, they only catch a hung process. */
const DATABASE_DEADLINE_SLACK_MS = 2_000;

/**
 * Arms the deadline inside the import's transaction: database-side limits (import_deadline.sql) and,
 * on a PostgreSQL server, a cancel of the running statement from another pooled connection when the
 * signal fires, repeated every 250 ms until the transaction is over (a cancel that lands between two
 * statements does nothing; the next one catches the next statement). PGlite runs in this process on
 * one connection: there the checks between rows and statements stop the import.
 * @returns {() => void} disarms it (after the transaction settled)
 */
export async function armDeadline(db: Db, tx: Querier, deadline: ImportOptions['deadline']): Promise<() => void> {
  if (!deadline) return () => {};
  const { signal, ms } = deadline;
  if (signal.aborted) throw cancellation(signal, ms);
  const self = await limitImportTransaction(tx, String(ms + DATABASE_DEADLINE_SLACK_MS));
  if (db.backend !== 'postgres' || !self) return () => {};
  let repeat: NodeJS.Timeout | undefined;
  const cancel = () => void cancelImportStatement(db.sql, self.pid, self.started).catch(() => {});
  const onAbort = () => {
    cancel();
    repeat = setInterval(cancel, 250);
    repeat.unref();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  return () => {
    signal.removeEventListener('abort', onAbort);
    clearInterval(repeat);
  };
}
