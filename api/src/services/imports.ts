import type { Db } from '../db/connect.ts';
import type { Querier } from '../db/sql-files.ts';
import type { ImportFormat } from '../domain/imports/model.ts';
import type { ImportOptions, ImportReport } from './import-model.ts';
import { resolveCrs, type Crs } from '../domain/imports/resolve-crs.ts';
import { InputError } from './errors.ts';
import { lockCommunityShapes } from '../db/repositories/community-shapes.ts';
import { auditStagedImport, createImportStage, findImportReceipt, writeStagedRecords, type ImportReceipt } from '../db/repositories/imports.ts';
import { findWritable, WRITABLE, type WritableCollection } from './write-schemas.ts';
import { cancellation, ImportRun } from './import-run.ts';
import { armDeadline } from './import-deadline.ts';
import { readAndStage } from './import-read.ts';
import { checkStaged, countStaged } from './import-check.ts';

export { OVERLAP_TOLERANCE_M2 } from './import-check.ts';
export type { ImportReceipt };
export type { ImportOptions, ImportProgress, ImportReport } from './import-model.ts';

export const IMPORT_FORMATS: readonly ImportFormat[] = ['geojson', 'csv', 'shapefile'];

/** The committed write of `actor` under `key`, if any (an import, or an item write when `action` says so). */
export function importReceipt(db: Db, actor: string, key: string): Promise<ImportReceipt | undefined> {
  return findImportReceipt(db.sql, actor, key);
}

/** Thrown inside the transaction to roll it back (dry runs, rejected imports). @private */
class Rollback extends Error {}

/**
 * Checks the options that need no file and no database (collection, format, CRS parameter, encoding),
 * so callers can refuse bad usage before opening anything.
 * @throws {InputError} naming the option at fault
 */
export function checkImportOptions(options: Pick<ImportOptions, 'collection' | 'format' | 'crs' | 'encoding'>): { w: WritableCollection; paramCrs: Crs | undefined } {
  const w = findWritable(options.collection);
  if (!w) throw new InputError('collection', `must be one of ${WRITABLE.map((x) => x.id).join(', ')}, got ${JSON.stringify(options.collection)}`);
  if (!IMPORT_FORMATS.includes(options.format)) throw new InputError('format', `must be one of ${IMPORT_FORMATS.join(', ')}, got ${JSON.stringify(options.format)}`);
  let paramCrs: Crs | undefined;
  if (options.crs !== undefined && options.crs !== '') {
    try {
      paramCrs = resolveCrs(options.crs);
    } catch (err) {
      throw new InputError('crs', (err as Error).message);
    }
  }
  if (options.encoding !== undefined) {
    try {
      new TextDecoder(options.encoding);
    } catch {
      throw new InputError('encoding', `unknown text encoding ${JSON.stringify(options.encoding)}; use e.g. utf-8, gbk or gb18030`);
    }
  }

  return { w, paramCrs };
}

/**
 * Imports a file into one collection, all or nothing: rows are read as a stream, validated (fields,
 * geometry in WGS 84 after CRS conversion), staged in a temporary table in batches, checked against the
 * database (duplicate codes, unknown references, overlapping communities), and upserted by code in one
 * transaction, with one audit_log entry per record. A dry run, or any error, rolls everything back: nothing
 * is written and data_version does not move. Buildings without a community_code get the community that
 * covers them.
 *
 * @param {Db} db the database
 * @param {ImportOptions} options collection, format, file path, crs, dryRun, encoding, onProgress
 * @returns {Promise<ImportReport>} the report; `written` tells whether the database changed
 * @throws {InputError} for an unknown collection, CRS parameter or format (nothing is read)
 */
export async function importFile(db: Db, options: ImportOptions): Promise<ImportReport> {
  // Input validation
  const { w, paramCrs } = checkImportOptions(options);
  const started = Date.now();
  const run = new ImportRun(w, options, paramCrs);
  const dryRun = options.dryRun ?? false;
  let counts = { inserted: 0, updated: 0 };
  let written = false;
  let disarm = () => {};

  // stage → check → count → write, in one transaction.
  const work = async (tx: Querier) => {
    disarm = await armDeadline(db, tx, options.deadline);
    await createImportStage(tx);
    const readable = await readAndStage(run, tx);
    run.progress({ phase: 'checking', rows: run.rows });
    run.stopIfCancelled();
    // Community shapes: the overlap check and the write run under one lock (a concurrent import or edit waits).
    if (run.table === 'community') await lockCommunityShapes(tx);
    run.stopIfCancelled();
    if (readable) await checkStaged(run, tx);
    counts = readable ? await countStaged(tx) : counts;
    if (run.report.errorCount > 0) counts = { inserted: 0, updated: 0 };
    if (run.report.errorCount > 0 || dryRun) throw new Rollback();
    run.stopIfCancelled();
    run.progress({ phase: 'writing', rows: run.rows });
    await auditStagedImport(tx, options.actor ?? 'anonymous', options.idempotencyKey ?? null);
    await writeStagedRecords(tx, new Set(run.specs.map((s) => s.table)), () => run.stopIfCancelled());
    run.stopIfCancelled(); // past the deadline with everything written: still rolled back, as the answer says
    written = true;
  };

  try {
    await db.sql.begin((tx) => work(tx));
  } catch (err) {
    const signal = options.deadline?.signal;
    // Cancelled (deadline, shutdown, client gone; or the database's own statement or idle limit): rolled back.
    if (!(err instanceof Rollback) && (signal?.aborted || (err as { code?: unknown }).code === '57014')) {
      written = false;
      throw cancellation(signal, options.deadline?.ms);
    }
    const unique = err as { code?: unknown; constraint_name?: unknown };
    if (unique.code === '23505' && unique.constraint_name === 'audit_log_idempotency_idx') {
      throw new InputError('Idempotency-Key', 'a write with this key committed meanwhile; send it again to learn its outcome', 'conflict');
    }
    if (!(err instanceof Rollback)) {
      // The checks should leave nothing for PostgreSQL/PostGIS to refuse (data exceptions 22…, constraints
      // 23…, GEOS errors XX000); if something slips through, it is a finding of the import, not a crash.
      const e = err as { code?: unknown; message?: string; constraint_name?: string };
      if (typeof e.code !== 'string' || !/^(22|23|XX000)/.test(e.code)) throw err;
      run.report.add({ row: -1, field: 'body', reason: `the database refused the import (${e.constraint_name ?? e.code}): ${e.message}`, severity: 'error' });
      counts = { inserted: 0, updated: 0 };
      written = false;
    }
  } finally {
    disarm();
  }
  run.progress({ phase: 'done', rows: run.rows });
  const { errors, warnings } = run.report.sorted();
  return {
    collection: w.id,
    format: options.format,
    dry_run: dryRun,
    crs: (run.crs ?? resolveCrs('EPSG:4326')).id,
    crs_source: run.crsSource,
    rows: run.rows,
    inserted: counts.inserted,
    updated: counts.updated,
    written,
    error_count: run.report.errorCount,
    warning_count: run.report.warningCount,
    errors,
    warnings,
    seconds: (Date.now() - started) / 1000,
  };
}
