/**
 * Loads a province written by `writeProvince` (./province.ts) through the import service, the same code
 * as `lifecircle import` and `POST /api/imports`: each file is read as a stream and staged in batches,
 * so the process holds one batch, not the province. Order: catalogue, districts + streets, communities,
 * buildings (assigned by location), facilities, then the walking network (pre-noded lines).
 */
import type { Db } from '../../api/src/db/connect.ts';
import { importFile, type ImportReport } from '../../api/src/services/imports.ts';
import { importNetwork } from '../../api/src/services/network-import.ts';
import { loadCatalogue, markInitialised } from '../../api/src/services/seed.ts';
import type { ProvinceFile } from './province.ts';

export interface ProvinceImportStep {
  step: string;
  rows: number;
  seconds: number;
  rows_per_second: number;
}

const STEPS: Array<{ step: string; collection: string; file: ProvinceFile }> = [
  { step: 'districts + streets', collection: 'districts', file: 'units.csv' },
  { step: 'communities', collection: 'communities', file: 'communities.geojson' },
  { step: 'buildings', collection: 'buildings', file: 'buildings.geojson' },
  { step: 'facilities', collection: 'facilities', file: 'facilities.geojson' },
];

/**
 * Imports the province files into `db` (migrated). Existing rows with the same codes are updated.
 * @throws {Error} when a file is rejected (the first error is named)
 */
export async function importProvince(
  db: Db,
  files: Record<ProvinceFile, string>,
  options: { actor?: string; onProgress?: (message: string) => void; onStep?: (step: ProvinceImportStep) => void } = {},
): Promise<ProvinceImportStep[]> {
  const progress = options.onProgress ?? (() => {});
  const steps: ProvinceImportStep[] = [];
  const record = (step: ProvinceImportStep) => {
    steps.push(step);
    options.onStep?.(step);
  };
  await db.sql.begin((tx) => loadCatalogue(tx));
  for (const { step, collection, file } of STEPS) {
    const started = Date.now();
    progress(`importing ${step} from ${files[file]}`);
    const report: ImportReport = await importFile(db, {
      collection,
      format: file.endsWith('.csv') ? 'csv' : 'geojson',
      path: files[file],
      actor: options.actor ?? 'province-import',
      onProgress: ({ phase, rows }) => progress(`${step}: ${phase}, ${rows} rows`),
    });
    if (report.error_count > 0) throw new Error(`${step}: ${report.error_count} errors, first ${JSON.stringify(report.errors[0])}`);
    const seconds = (Date.now() - started) / 1000;
    record({ step, rows: report.rows, seconds, rows_per_second: Math.round(report.rows / Math.max(seconds, 1e-3)) });
  }
  const started = Date.now();
  const network = await importNetwork(db, { path: files['network.geojson'], format: 'geojson', nodeCrossings: false, onProgress: progress });
  const seconds = (Date.now() - started) / 1000;
  record({ step: 'walking network (lines + noding)', rows: network.lines, seconds, rows_per_second: Math.round(network.lines / Math.max(seconds, 1e-3)) });
  await db.sql.begin((tx) => markInitialised(tx, 'province-import'));
  return steps;
}
