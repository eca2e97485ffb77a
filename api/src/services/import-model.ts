import type { ImportFormat, ReportEntry } from '../domain/imports/model.ts';

/** What an import is asked to do, and what it answers (the types every import step shares). */

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
