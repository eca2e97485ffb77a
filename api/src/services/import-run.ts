import { ApiError } from '../errors.ts';
import type { RowSpec } from '../domain/imports/validate-row.ts';
import { ReportCollector } from '../domain/imports/report-collector.ts';
import { ImportFileError } from '../domain/imports/model.ts';
import { resolveCrs, type Crs } from '../domain/imports/resolve-crs.ts';
import { findWritable, type WritableCollection } from './write-schemas.ts';
import type { ImportOptions, ImportReport } from './import-model.ts';

/**
 * The state of one import as its steps (read → validate → stage → check → count → write) pass it on:
 * the collection and row specs, the findings, the CRS in use, the rows read, the file's field names.
 * Each step is a function of this run and the transaction; none keeps state of its own.
 */
export class ImportRun {
  readonly specs: RowSpec[];
  readonly report: ReportCollector;
  readonly paths = new FieldPaths();
  readonly progress: NonNullable<ImportOptions['onProgress']>;
  crs: Crs | undefined;
  crsSource: ImportReport['crs_source'];
  rows = 0;

  constructor(
    readonly w: WritableCollection,
    readonly options: ImportOptions,
    readonly paramCrs: Crs | undefined,
  ) {
    this.specs = specsFor(w);
    this.report = new ReportCollector(options.maxListed ?? 1000);
    this.progress = options.onProgress ?? (() => {});
    this.crs = paramCrs;
    this.crsSource = paramCrs ? 'parameter' : 'default';
  }

  /** The table the file is for (the first spec; a districts or streets file may carry the other level too). */
  get table(): RowSpec['table'] {
    return this.specs[0]!.table;
  }

  /** Between rows and statements: a cancelled import stops here (and rolls back). */
  stopIfCancelled(): void {
    const signal = this.options.deadline?.signal;
    if (signal?.aborted) throw cancellation(signal, this.options.deadline?.ms);
  }

  /** Takes the CRS the file declares (before its first feature), unless the crs parameter named one. */
  adoptFileCrs(spec: string, field: string): void {
    let declared: Crs;
    try {
      declared = resolveCrs(spec);
    } catch (err) {
      if (this.paramCrs) {
        this.report.add({ row: -1, field, reason: `the file declares a CRS that is not understood (${(err as Error).message}); the crs parameter ${this.paramCrs.id} is used`, severity: 'warning' });
        return;
      }
      throw new ImportFileError(field, `the file declares a CRS that is not understood: ${(err as Error).message}; name it with the crs parameter`);
    }
    if (this.paramCrs) {
      if (declared.id !== this.paramCrs.id) this.report.add({ row: -1, field, reason: `the file declares ${declared.id}; the crs parameter ${this.paramCrs.id} is used`, severity: 'warning' });
    } else if (this.rows > 0) {
      throw new ImportFileError(field, `the CRS (${declared.id}) is declared after the first features; name it with the crs parameter`);
    } else {
      this.crs = declared;
      this.crsSource = 'file';
    }
  }
}

/** The error to throw for a cancelled import: the signal's reason (an ApiError from the route), or a timeout. */
export function cancellation(signal: AbortSignal | undefined, ms: number | undefined): Error {
  const reason: unknown = signal?.reason;
  if (signal?.aborted && reason instanceof Error && reason.name !== 'AbortError') return reason;
  return new ApiError('timeout', `the import did not finish within ${ms ?? '?'} ms and was cancelled; nothing was written`, ms === undefined ? undefined : { limit_ms: ms });
}

function specsFor(w: WritableCollection): RowSpec[] {
  // A districts or streets file may list both levels, told apart by `kind` (streets then name districts of the same file).
  if (w.id === 'districts' || w.id === 'streets') {
    const other = findWritable(w.id === 'districts' ? 'streets' : 'districts')!;
    return [w, other];
  }
  return [w];
}

/** Names findings of the database checks the way the file names them: `features[7].properties.street_code`. */
export class FieldPaths {
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
