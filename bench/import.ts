/**
 * Import speed on a large generated city, through the import service (the same code as
 * `POST /api/imports` and `lifecircle import`):
 *
 *   npx tsx bench/import.ts                                                    # embedded PGlite
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/import.ts   # and a server
 *
 * City: generateCity({ communities: 3000, buildingsPerCommunity: 43, facilitiesPerCommunity: 12 }), written
 * to a temporary directory as the files GIS staff would bring: districts and streets as one attribute-only
 * CSV, communities and buildings as GeoJSON (buildings without community_code: assigned by location),
 * facilities as a CSV with GCJ-02 lon/lat. Each file is imported into an empty database (migrated,
 * catalogue loaded), in dependency order; then the communities again (all updates) and a dry run of the
 * buildings. Prints rows/s per step and the peak JS heap during each step. Results: docs/benchmarks.md.
 *
 * Bounded memory: write the files once, then import them in a process whose heap is capped (the
 * generator needs far more memory than the import):
 *
 *   npx tsx bench/import.ts --write /tmp/city
 *   NODE_OPTIONS=--max-old-space-size=64 npx tsx bench/import.ts --from /tmp/city
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import type { Db } from '../api/src/db/connect.ts';
import { migrate } from '../api/src/db/migrate.ts';
import { importFile, type ImportOptions } from '../api/src/services/imports.ts';
import { loadCatalogue } from '../api/src/services/seed.ts';
import { generateCity } from '../seeds/demo-city/generate.ts';
import { wgs84ToGcj02 } from '../tests/fixtures/imports/gcj02-reference.ts';
import { forEachBackend, ms } from './lib.ts';

const flag = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const writeOnly = flag('--write');
const from = flag('--from');
const dir = writeOnly ?? from ?? mkdtempSync(path.join(os.tmpdir(), 'lifecircle-bench-import-'));

/** Writes lines to a file without building the whole text in memory. */
async function writeLines(file: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(file);
  for (const line of lines) if (!out.write(`${line}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

function* featureCollection(features: Iterable<object>): Generator<string> {
  yield '{"type":"FeatureCollection","features":[';
  let first = true;
  for (const f of features) {
    yield `${first ? '' : ','}${JSON.stringify(f)}`;
    first = false;
  }
  yield ']}';
}

const csvCell = (v: unknown) => (v === null || v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

interface Step { label: string; options: Omit<ImportOptions, 'onProgress'> }

function stepsIn(file: (name: string) => string): Step[] {
  return [
    { label: 'districts + streets (CSV, no shapes)', options: { collection: 'districts', format: 'csv', path: file('units.csv') } },
    { label: 'communities (GeoJSON)', options: { collection: 'communities', format: 'geojson', path: file('communities.geojson') } },
    { label: 'buildings (GeoJSON, assigned by location)', options: { collection: 'buildings', format: 'geojson', path: file('buildings.geojson') } },
    { label: 'facilities (CSV, GCJ-02)', options: { collection: 'facilities', format: 'csv', path: file('facilities-gcj02.csv'), crs: 'gcj02' } },
    { label: 'communities again (all updates)', options: { collection: 'communities', format: 'geojson', path: file('communities.geojson') } },
    { label: 'buildings, dry run', options: { collection: 'buildings', format: 'geojson', path: file('buildings.geojson'), dryRun: true } },
  ];
}

async function writeCity(): Promise<Step[]> {
  console.log(`node ${process.version}; generating the city…`);
  const t0 = process.hrtime.bigint();
  const city = generateCity({ communities: 3000, buildingsPerCommunity: 43, facilitiesPerCommunity: 12 });
  console.log(`city: ${city.districts.length} districts, ${city.streets.length} streets, ${city.communities.features.length} communities, ${city.buildings.features.length} buildings, ${city.facilities.features.length} facilities (${(ms(t0) / 1000).toFixed(1)} s)`);
  const file = (name: string) => path.join(dir, name);
  mkdirSync(dir, { recursive: true });
  await writeLines(file('units.csv'), [
    'code,name,kind,district_code',
    ...city.districts.map((d) => [d.code, d.name, d.kind, ''].map(csvCell).join(',')),
    ...city.streets.map((s) => [s.code, s.name, s.kind, s.district_code].map(csvCell).join(',')),
  ]);
  await writeLines(file('communities.geojson'), featureCollection(city.communities.features));
  await writeLines(file('buildings.geojson'), featureCollection(city.buildings.features.map((f) => ({
    type: 'Feature', geometry: f.geometry, properties: { code: f.properties.code, households: f.properties.households },
  }))));
  const columns = ['code', 'name', 'type', 'status', 'opened_on', 'closed_on', 'floor_area_m2', 'site_area_m2', 'beds', 'gp_count', 'grade', 'service_items'] as const;
  await writeLines(file('facilities-gcj02.csv'), [
    [...columns, 'lon', 'lat'].join(','),
    ...city.facilities.features.map((f) => {
      const [lon, lat] = wgs84ToGcj02(f.geometry.coordinates[0]!, f.geometry.coordinates[1]!);
      return [...columns.map((c) => csvCell(f.properties[c])), lon.toFixed(8), lat.toFixed(8)].join(',');
    }),
  ]);
  for (const name of ['units.csv', 'communities.geojson', 'buildings.geojson', 'facilities-gcj02.csv']) {
    console.log(`  ${name}: ${(statSync(file(name)).size / 1e6).toFixed(1)} MB`);
  }
  return stepsIn(file);
}

async function run(label: string, db: Db, steps: Step[]): Promise<void> {
  console.log(`\n## ${label}`);
  await migrate(db);
  await db.sql.begin((tx) => loadCatalogue(tx));
  console.log('step                                        rows   inserted  updated  warnings  seconds   rows/s  peak heap MB');
  for (const step of steps) {
    let peak = process.memoryUsage().heapUsed;
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }, 50);
    const t0 = process.hrtime.bigint();
    const report = await importFile(db, step.options);
    const seconds = ms(t0) / 1000;
    clearInterval(timer);
    if (report.error_count > 0) throw new Error(`${step.label}: ${report.error_count} errors, first ${JSON.stringify(report.errors[0])}`);
    console.log(`${step.label.padEnd(42)} ${String(report.rows).padStart(6)} ${String(report.inserted).padStart(10)} ${String(report.updated).padStart(8)} ${String(report.warning_count).padStart(9)} ${seconds.toFixed(1).padStart(8)} ${Math.round(report.rows / seconds).toString().padStart(8)} ${(peak / 1e6).toFixed(0).padStart(13)}`);
  }
  const [counts] = await db.sql<{ buildings: number; unassigned: number }[]>`
    SELECT count(*)::int AS buildings, count(*) FILTER (WHERE community_code IS NULL)::int AS unassigned FROM building`;
  console.log(`stored: ${counts!.buildings} buildings, ${counts!.unassigned} in no community`);
}

try {
  const steps = from ? stepsIn((name) => path.join(from, name)) : await writeCity();
  if (!writeOnly) {
    (globalThis as { gc?: () => void }).gc?.(); // with --expose-gc, the generated city is gone before measuring
    console.log(`heap before importing: ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB (limit ${(v8.getHeapStatistics().heap_size_limit / 1e6).toFixed(0)} MB)`);
    await forEachBackend((label, db) => run(label, db, steps));
  }
} finally {
  if (!writeOnly && !from) rmSync(dir, { recursive: true, force: true });
}
