import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Db } from '../db/connect.ts';
import { bulkInsert, runQuery, type Querier } from '../db/sql-files.ts';
import { ImportFileError, type ImportFormat, type ReaderItem, type ReportEntry } from '../domain/imports/model.ts';
import { readCsv } from '../domain/imports/read-csv.ts';
import { readGeoJson } from '../domain/imports/read-geojson.ts';
import { readShapefileZip } from '../domain/imports/read-shapefile.ts';
import { ReportCollector } from '../domain/imports/report-collector.ts';
import { resolveCrs, type Crs } from '../domain/imports/resolve-crs.ts';
import { validateRow, type RowSpec } from '../domain/imports/validate-row.ts';
import { InputError } from './errors.ts';
import { ApiError } from '../errors.ts';
import { lockCommunityShapes } from '../db/repositories/community-shapes.ts';
import { listFacilityTypeCodes } from '../db/repositories/facility-types.ts';
import { findWritable, WRITABLE, type WritableCollection } from './write-schemas.ts';

export const IMPORT_FORMATS: readonly ImportFormat[] = ['geojson', 'csv', 'shapefile'];

/** Overlaps of community polygons up to this area (slivers of digitising) are no fault. */
export const OVERLAP_TOLERANCE_M2 = 1;
/** Rows staged per statement. */
const STAGE_BATCH = 2000;
/** Upsert order: referenced tables first (a districts file may carry its streets). */
const WRITE_ORDER = [
  ['facility_type', 'upsert_facility_types'],
  ['district', 'upsert_districts'],
  ['street', 'upsert_streets'],
  ['community', 'upsert_communities'],
  ['building', 'upsert_buildings'],
  ['facility', 'upsert_facilities'],
] as const;

export interface ImportOptions {
  /** Target collection id: districts, streets, communities, buildings, facilities, facility-types. */
  collection: string;
  format: ImportFormat;
  /** The file to read (the HTTP route spools the body to a temporary file first). */
  path: string;
  /** CRS of the coordinates; default: what the file declares (.prj, GeoJSON `crs`), else EPSG:4326. */
  crs?: string | undefined;
  /** Validate and count, write nothing. */
  dryRun?: boolean;
  /** CSV text encoding (utf-8, gbk, gb18030…); default utf-8. */
  encoding?: string | undefined;
  /** Who imports, for the audit log (one entry per record, action 'import'); default 'anonymous'. */
  actor?: string;
  /** How many errors and warnings are listed (all are counted); default 1000. */
  maxListed?: number;
  onProgress?: (progress: ImportProgress) => void;
  /**
   * Cancels the import when aborted (deadline, shutdown, client gone): it stops between rows and
   * statements, the running statement is cancelled (PostgreSQL server), and the transaction rolls back;
   * `importFile` then throws the signal's reason. `ms` also bounds each statement and any idle moment of
   * the transaction inside the database, should this process stop answering altogether.
   */
  deadline?: { signal: AbortSignal; ms: number };
  /**
   * The client's Idempotency-Key: stored with the import's first audit entry, in its transaction, so
   * `importReceipt` can tell after a lost answer (503, reset) whether the import committed. Ignored by dry runs.
   */
  idempotencyKey?: string;
}

/** What `importReceipt` knows of an import committed under an Idempotency-Key. */
export interface ImportReceipt {
  /** 'import', or the item write that used the key. */
  action: string;
  collection: string;
  code: string;
  committed_at: string;
  records: number;
  inserted: number;
  updated: number;
}

/** The committed write of `actor` under `key`, if any (an import, or an item write when `action` says so). */
export async function importReceipt(db: Db, actor: string, key: string): Promise<ImportReceipt | undefined> {
  const [receipt] = await runQuery<ImportReceipt>(db.sql, 'import_receipt', [actor, key]);
  return receipt;
}

export interface ImportProgress {
  phase: 'reading' | 'checking' | 'writing' | 'done';
  rows: number;
}

/** The answer to an import, whether it wrote or not. */
export interface ImportReport {
  collection: string;
  format: ImportFormat;
  dry_run: boolean;
  /** The CRS the coordinates were read in, and where that came from. */
  crs: string;
  crs_source: 'parameter' | 'file' | 'default';
  /** Rows read from the file. */
  rows: number;
  /** Records created and replaced (what a dry run would do; 0 when there are errors). */
  inserted: number;
  updated: number;
  /** Whether the database was changed. */
  written: boolean;
  error_count: number;
  warning_count: number;
  /** Findings, in file order; at most `maxListed` of each (the counts are complete). */
  errors: ReportEntry[];
  warnings: ReportEntry[];
  seconds: number;
}

/** Thrown inside the transaction to roll it back (dry runs, rejected imports). @private */
class Rollback extends Error {}

/** Slack of the database-side limits over the deadline: the signal comes first, they only catch a hung process. @private */
const DATABASE_DEADLINE_SLACK_MS = 2_000;

/** The error to throw for a cancelled import: the signal's reason (an ApiError from the route), or a timeout. @private */
function cancellation(signal: AbortSignal | undefined, ms: number | undefined): Error {
  const reason: unknown = signal?.reason;
  if (signal?.aborted && reason instanceof Error && reason.name !== 'AbortError') return reason;
  return new ApiError('timeout', `the import did not finish within ${ms ?? '?'} ms and was cancelled; nothing was written`, ms === undefined ? undefined : { limit_ms: ms });
}

/**
 * Arms the deadline inside the import's transaction: database-side limits (import_deadline.sql) and,
 * on a PostgreSQL server, a cancel of the running statement from another pooled connection when the
 * signal fires, repeated every 250 ms until the transaction is over (a cancel that lands between two
 * statements does nothing; the next one catches the next statement). PGlite runs in this process on
 * one connection: there the checks between rows and statements stop the import.
 * @returns {() => void} disarms it (after the transaction settled)
 * @private
 */
async function armDeadline(db: Db, tx: Querier, deadline: ImportOptions['deadline']): Promise<() => void> {
  if (!deadline) return () => {};
  const { signal, ms } = deadline;
  if (signal.aborted) throw cancellation(signal, ms);
  const [self] = await runQuery<{ pid: number; started: string }>(tx, 'import_deadline', [String(ms + DATABASE_DEADLINE_SLACK_MS)]);
  if (db.backend !== 'postgres' || !self) return () => {};
  let repeat: NodeJS.Timeout | undefined;
  const cancel = () => void runQuery(db.sql, 'import_cancel', [self.pid, self.started]).catch(() => {});
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

function specsFor(w: WritableCollection): RowSpec[] {
  // A districts or streets file may list both levels, told apart by `kind` (streets then name districts of the same file).
  if (w.id === 'districts' || w.id === 'streets') {
    const other = findWritable(w.id === 'districts' ? 'streets' : 'districts')!;
    return [w, other];
  }
  return [w];
}

/**
 * The chunks of `source` until `signal` fires, then its reason is thrown (through the reader's pipeline,
 * as a read error: never an 'error' event without a listener, as a stream given the signal could emit).
 * @private
 */
async function* untilAborted(source: AsyncIterable<Uint8Array>, signal: AbortSignal): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    signal.throwIfAborted();
    yield chunk;
  }
}

function reader(options: ImportOptions): AsyncGenerator<ReaderItem> {
  // With the deadline's signal the file's chunks stop when it fires: parsing stops within 64 KiB, even
  // inside one huge feature (a 1 000 000-position polygon is a single row).
  const signal = options.deadline?.signal;
  const open = () => (signal ? untilAborted(createReadStream(options.path), signal) : createReadStream(options.path));
  if (options.format === 'geojson') return readGeoJson(open());
  if (options.format === 'csv') return readCsv(open(), options.encoding ? { encoding: options.encoding } : {});
  return (async function* () {
    yield* readShapefileZip(await readFile(options.path, signal ? { signal } : {}));
  })();
}

/** Names findings of the database checks the way the file names them: `features[7].properties.street_code`. @private */
class FieldPaths {
  #properties: string | undefined;
  #geometry: string | undefined;
  #names: Record<string, string> = {};

  learn(index: number, propertiesPath: string, geometryPath: string, fieldNames: Record<string, string>): void {
    const template = (p: string) => p.replace(`[${index}]`, '[#]');
    this.#properties ??= template(propertiesPath);
    this.#geometry ??= template(geometryPath);
    for (const [column, name] of Object.entries(fieldNames)) this.#names[column] ??= name;
  }

  field(index: number, column: string): string {
    return `${(this.#properties ?? 'rows[#]').replace('#', String(index))}.${this.#names[column] ?? column}`;
  }

  geometry(index: number): string {
    return (this.#geometry ?? 'rows[#].geometry').replace('#', String(index));
  }
}

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
  const specs = specsFor(w);
  const report = new ReportCollector(options.maxListed ?? 1000);
  const progress = options.onProgress ?? (() => {});
  const paths = new FieldPaths();
  const dryRun = options.dryRun ?? false;
  let crs: Crs | undefined = paramCrs;
  let crsSource: ImportReport['crs_source'] = paramCrs ? 'parameter' : 'default';
  let rows = 0;
  let counts = { inserted: 0, updated: 0 };
  let written = false;

  const signal = options.deadline?.signal;
  /** Between rows and statements: a cancelled import stops here (and rolls back). */
  const stopIfCancelled = () => {
    if (signal?.aborted) throw cancellation(signal, options.deadline?.ms);
  };
  let disarm = () => {};

  const work = async (tx: Querier) => {
    disarm = await armDeadline(db, tx, options.deadline);
    await runQuery(tx, 'import_stage_create');
    await runQuery(tx, 'import_assignment_create');
    const readable = await readAndStage(tx);
    progress({ phase: 'checking', rows });
    stopIfCancelled();
    // Community shapes: the overlap check and the write run under one lock (a concurrent import or edit waits).
    if (specs[0]!.table === 'community') await lockCommunityShapes(tx);
    stopIfCancelled();
    if (readable) await checkStaged(tx);
    counts = readable ? await countStaged(tx) : counts;
    if (report.errorCount > 0) counts = { inserted: 0, updated: 0 };
    if (report.errorCount > 0 || dryRun) throw new Rollback();
    stopIfCancelled();
    progress({ phase: 'writing', rows });
    await runQuery(tx, 'import_audit', [options.actor ?? 'anonymous', options.idempotencyKey ?? null]);
    for (const [table, query] of WRITE_ORDER) {
      stopIfCancelled();
      if (specs.some((s) => s.table === table)) await runQuery(tx, query);
    }
    stopIfCancelled(); // past the deadline with everything written: still rolled back, as the answer says
    written = true;
  };

  /** Reads every row, validates it and stages the valid ones. @returns false when the file could not be read through. */
  const readAndStage = async (tx: Querier): Promise<boolean> => {
    let batch: object[] = [];
    let pending: Promise<unknown> = Promise.resolve();
    const unknownSeen = new Set<string>();
    try {
      for await (const item of reader(options)) {
        stopIfCancelled();
        if (item.kind === 'crs') {
          adoptFileCrs(item.crs, item.field);
          continue;
        }
        crs ??= resolveCrs('EPSG:4326');
        const { row } = item;
        rows += 1;
        const v = validateRow(row, specs, crs, { truncatedNames: options.format === 'shapefile' });
        report.addAll(v.entries);
        for (const name of v.unknownFields) {
          if (unknownSeen.has(name)) continue;
          unknownSeen.add(name);
          report.add({ row: row.index, field: `${row.propertiesPath}.${name}`, reason: `${JSON.stringify(name)} is no field of ${w.id}; kept in properties`, severity: 'warning' });
        }
        if (v.record && v.code !== undefined) {
          paths.learn(row.index, row.propertiesPath, row.geometryPath, v.fieldNames);
          const shape = v.geometry?.type === 'Point' ? { lon: v.geometry.coordinates[0], lat: v.geometry.coordinates[1] } : { geom: v.geometry };
          batch.push({ idx: row.index, target: v.table, code: v.code, generated: v.codeGenerated, rec: { ...v.record, code: v.code }, ...shape });
          if (batch.length >= STAGE_BATCH) {
            // One batch in flight while the next is read: the database works while Node parses.
            await pending;
            pending = bulkInsert(tx, 'import_stage_rows', batch, { batchSize: STAGE_BATCH });
            pending.catch(() => {}); // awaited below; this only keeps it from being an unhandled rejection meanwhile
            batch = [];
          }
        }
        if (rows % 10_000 === 0) progress({ phase: 'reading', rows });
      }
      await pending;
    } catch (err) {
      await pending.catch(() => {});
      if (!(err instanceof ImportFileError)) throw err;
      report.add({ row: -1, field: err.field, reason: err.message, severity: 'error' });
      return false;
    }
    if (batch.length > 0) await bulkInsert(tx, 'import_stage_rows', batch, { batchSize: STAGE_BATCH });
    if (rows === 0) report.add({ row: -1, field: 'body', reason: 'the file has no rows', severity: 'error' });
    progress({ phase: 'reading', rows });
    return true;
  };

  const adoptFileCrs = (spec: string, field: string) => {
    let declared: Crs;
    try {
      declared = resolveCrs(spec);
    } catch (err) {
      if (paramCrs) {
        report.add({ row: -1, field, reason: `the file declares a CRS that is not understood (${(err as Error).message}); the crs parameter ${paramCrs.id} is used`, severity: 'warning' });
        return;
      }
      throw new ImportFileError(field, `the file declares a CRS that is not understood: ${(err as Error).message}; name it with the crs parameter`);
    }
    if (paramCrs) {
      if (declared.id !== paramCrs.id) report.add({ row: -1, field, reason: `the file declares ${declared.id}; the crs parameter ${paramCrs.id} is used`, severity: 'warning' });
    } else if (rows > 0) {
      throw new ImportFileError(field, `the CRS (${declared.id}) is declared after the first features; name it with the crs parameter`);
    } else {
      crs = declared;
      crsSource = 'file';
    }
  };

  const checkStaged = async (tx: Querier) => {
    await runQuery(tx, 'import_stage_dedupe_generated');
    await runQuery(tx, 'import_stage_index');
    await runQuery(tx, 'import_stage_analyze');
    const error = (row: number, field: string, reason: string) => report.add({ row, field, reason, severity: 'error' });
    for (const d of await runQuery<{ idx: number; code: string; first_idx: number }>(tx, 'import_check_duplicates')) {
      error(d.idx, paths.field(d.idx, 'code'), `duplicate code ${JSON.stringify(d.code)}: row ${d.first_idx} has it too`);
    }
    const refs = await runQuery<{ idx: number; field: string; value: string; refers_to: string }>(tx, 'import_check_references');
    let types: string[] | undefined;
    for (const r of refs) {
      if (r.refers_to === 'facility_type') {
        types ??= await listFacilityTypeCodes(tx);
        error(r.idx, paths.field(r.idx, r.field), `unknown facility type ${JSON.stringify(r.value)}; the catalogue has ${types.join(', ')}`);
      } else {
        error(r.idx, paths.field(r.idx, r.field), `${JSON.stringify(r.value)} is no ${r.refers_to} (neither stored nor in this file)`);
      }
    }
    stopIfCancelled();
    const invalid = await runQuery<{ idx: number; reason: string }>(tx, 'import_check_geometry');
    stopIfCancelled();
    for (const g of invalid) error(g.idx, paths.geometry(g.idx), `PostGIS finds the geometry invalid: ${g.reason}`);
    if (specs[0]!.table === 'community' && invalid.length === 0) {
      for (const o of await runQuery<{ idx: number; other_idx: number | null; other_code: string; area_m2: number }>(tx, 'import_check_overlaps', [OVERLAP_TOLERANCE_M2])) {
        const other = o.other_idx === null ? `stored community ${o.other_code}` : `community ${o.other_code} (row ${o.other_idx})`;
        error(o.idx, paths.geometry(o.idx), `overlaps ${other} by ${Number(o.area_m2).toFixed(1)} m²`);
      }
    }
    if (specs[0]!.table === 'building') {
      await runQuery(tx, 'import_assign_buildings');
      const unassigned = await runQuery<{ idx: number; total: number }>(tx, 'import_unassigned_buildings', [report.limit]);
      for (const { idx } of unassigned) {
        report.add({ row: idx, field: paths.geometry(idx), reason: 'lies in no community: stored without a community_code', severity: 'warning' });
      }
      report.warningCount += (unassigned[0]?.total ?? 0) - unassigned.length; // counted, not listed
    }
  };

  const countStaged = async (tx: Querier) => {
    const perTable = await runQuery<{ target: string; total: number; existing: number }>(tx, 'import_counts');
    return {
      inserted: perTable.reduce((s, t) => s + t.total - t.existing, 0),
      updated: perTable.reduce((s, t) => s + t.existing, 0),
    };
  };

  try {
    await db.sql.begin((tx) => work(tx));
  } catch (err) {
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
      report.add({ row: -1, field: 'body', reason: `the database refused the import (${e.constraint_name ?? e.code}): ${e.message}`, severity: 'error' });
      counts = { inserted: 0, updated: 0 };
      written = false;
    }
  } finally {
    disarm();
  }
  progress({ phase: 'done', rows });
  const { errors, warnings } = report.sorted();
  return {
    collection: w.id,
    format: options.format,
    dry_run: dryRun,
    crs: (crs ?? resolveCrs('EPSG:4326')).id,
    crs_source: crsSource,
    rows,
    inserted: counts.inserted,
    updated: counts.updated,
    written,
    error_count: report.errorCount,
    warning_count: report.warningCount,
    errors,
    warnings,
    seconds: (Date.now() - started) / 1000,
  };
}
