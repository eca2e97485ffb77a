import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Querier } from '../db/sql-files.ts';
import { ImportFileError, type ReaderItem } from '../domain/imports/model.ts';
import { readCsv } from '../domain/imports/read-csv.ts';
import { readGeoJson } from '../domain/imports/read-geojson.ts';
import { readShapefileZip } from '../domain/imports/read-shapefile.ts';
import { resolveCrs } from '../domain/imports/resolve-crs.ts';
import { validateRow } from '../domain/imports/validate-row.ts';
import { STAGE_BATCH, stageImportRows } from '../db/repositories/imports.ts';
import type { ImportRun } from './import-run.ts';
import type { ImportOptions } from './import-model.ts';

/**
 * The chunks of `source` until `signal` fires, then its reason is thrown (through the reader's pipeline,
 * as a read error: never an 'error' event without a listener, as a stream given the signal could emit).
 */
async function* untilAborted(source: AsyncIterable<Uint8Array>, signal: AbortSignal): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    signal.throwIfAborted();
    yield chunk;
  }
}

/** The rows (and any CRS declaration) of the file, as its format's reader streams them. */
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

/**
 * Read → validate → stage: every row of the file is validated and the valid ones are staged in
 * batches (one in flight while the next is read). Findings go to the run's report.
 * @returns false when the file could not be read through (its error is in the report)
 */
export async function readAndStage(run: ImportRun, tx: Querier): Promise<boolean> {
  const { options, report, specs, w } = run;
  let batch: object[] = [];
  let pending: Promise<unknown> = Promise.resolve();
  const unknownSeen = new Set<string>();
  try {
    for await (const item of reader(options)) {
      run.stopIfCancelled();
      if (item.kind === 'crs') {
        run.adoptFileCrs(item.crs, item.field);
        continue;
      }
      run.crs ??= resolveCrs('EPSG:4326');
      const { row } = item;
      run.rows += 1;
      const v = validateRow(row, specs, run.crs, { truncatedNames: options.format === 'shapefile' });
      report.addAll(v.entries);
      for (const name of v.unknownFields) {
        if (unknownSeen.has(name)) continue;
        unknownSeen.add(name);
        report.add({ row: row.index, field: `${row.propertiesPath}.${name}`, reason: `${JSON.stringify(name)} is no field of ${w.id}; kept in properties`, severity: 'warning' });
      }
      if (v.record && v.code !== undefined) {
        run.paths.learn(row.index, row.propertiesPath, row.geometryPath, v.fieldNames);
        const shape = v.geometry?.type === 'Point' ? { lon: v.geometry.coordinates[0], lat: v.geometry.coordinates[1] } : { geom: v.geometry };
        batch.push({ idx: row.index, target: v.table, code: v.code, generated: v.codeGenerated, rec: { ...v.record, code: v.code }, ...shape });
        if (batch.length >= STAGE_BATCH) {
          // One batch in flight while the next is read: the database works while Node parses.
          await pending;
          pending = stageImportRows(tx, batch);
          pending.catch(() => {}); // awaited below; this only keeps it from being an unhandled rejection meanwhile
          batch = [];
        }
      }
      if (run.rows % 10_000 === 0) run.progress({ phase: 'reading', rows: run.rows });
    }
    await pending;
  } catch (err) {
    await pending.catch(() => {});
    if (!(err instanceof ImportFileError)) throw err;
    report.add({ row: -1, field: err.field, reason: err.message, severity: 'error' });
    return false;
  }
  if (batch.length > 0) await stageImportRows(tx, batch);
  if (run.rows === 0) report.add({ row: -1, field: 'body', reason: 'the file has no rows', severity: 'error' });
  run.progress({ phase: 'reading', rows: run.rows });
  return true;
}
