/**
 * Vector-tile speed on a large generated city (geojson-vt index in memory + vt-pbf encoding):
 *
 *   npx tsx bench/tiles.ts                 # embedded PGlite
 *   BENCH_DATABASE_URL=postgres://… npx tsx bench/tiles.ts   # also a PostgreSQL + PostGIS server
 *
 * City: generateCity({ communities: 3300, buildingsPerCommunity: 40, facilitiesPerCommunity: 12 }).
 * Prints, per backend and collection: the read (all features, one repeatable-read transaction) and
 * geojson-vt index build times, heap growth; then per zoom 10–16, over up to 50 random tiles among
 * those intersecting the city's box (same tiles for every collection): median and p95 time to produce
 * a tile on first request ("cold": geojson-vt cuts it from the nearest cut ancestor, zooms visited in
 * ascending order as a user zooming in would) and on a repeat ("warm": the cut tile is kept, only MVT
 * encoding), bytes per non-empty tile, and how many were empty (204). Results: docs/benchmarks.md.
 * Run with `node --expose-gc --import tsx bench/tiles.ts` to also get heap figures.
 */
import type { Db } from '../api/src/db/connect.ts';
import type { CityData } from '../api/src/db/load-city.ts';
import { CoverageService } from '../api/src/services/coverage.ts';
import { encodeTile, TileService, type LayerIndex, type TileLayerQuery } from '../api/src/services/tiles.ts';
import { benchCity, forEachBackend, loadBenchCity, mib, ms, printTileRow, quantile, sampleTiles } from './lib.ts';

const AS_OF = '2026-01-01';
const ZOOMS = [10, 11, 12, 13, 14, 15, 16];
const TILES_PER_ZOOM = 50;
const LAYERS: Array<{ label: string; query: TileLayerQuery }> = [
  { label: 'districts', query: { collection: 'districts' } },
  { label: 'streets', query: { collection: 'streets' } },
  { label: 'communities', query: { collection: 'communities' } },
  { label: 'communities+coverage', query: { collection: 'communities', coverage: { types: ['health_station'], asOf: AS_OF } } },
  { label: 'buildings', query: { collection: 'buildings' } },
  { label: 'facilities', query: { collection: 'facilities' } },
];

async function run(label: string, db: Db, city: CityData): Promise<void> {
  console.log(`\n## ${label}`);
  await loadBenchCity(db, city);

  // The coverage snapshot is the coverage engine's (bench/coverage.ts): loaded once, outside the timings.
  const coverage = new CoverageService(db);
  await coverage.snapshot();
  const tiles = new TileService(db, coverage);
  const layers: Array<{ label: string; layer: LayerIndex }> = [];
  global.gc?.();
  const heapStart = process.memoryUsage().heapUsed;
  console.log('collection              features    read ms   index ms   heap +');
  for (const { label: name, query } of LAYERS) {
    global.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    // A fresh service per layer, so the index is built here and the previous ones can be collected.
    const layer = await new TileService(db, coverage).layer(query);
    global.gc?.();
    const heap = process.memoryUsage().heapUsed - heap0;
    layers.push({ label: name, layer });
    console.log(`${name.padEnd(22)} ${String(layer.featureCount).padStart(9)} ${layer.readMs.toFixed(0).padStart(10)} ${layer.buildMs.toFixed(0).padStart(10)}   ${global.gc ? mib(heap) : '(run with --expose-gc)'}`);
  }

  global.gc?.();
  if (global.gc) console.log(`heap held by all ${layers.length} indexes: ${mib(process.memoryUsage().heapUsed - heapStart)} (per-layer figures are rough: collection timing varies)`);

  const bounds = layers.find((l) => l.label === 'communities')!.layer.bounds!;
  const versionMs: number[] = [];
  for (let i = 0; i < 50; i += 1) {
    const t = process.hrtime.bigint();
    await tiles.dataVersion();
    versionMs.push(ms(t));
  }
  console.log(`per-request data-version read (ETag / cache key): median ${quantile(versionMs, 0.5).toFixed(2)} ms`);

  console.log('\ncollection              zoom  tiles  empty  cold median/p95 ms  warm median/p95 ms  bytes median/max');
  for (const { label: name, layer } of layers) {
    for (const z of ZOOMS) await printTileRow(name, z, sampleTiles(bounds, z, TILES_PER_ZOOM), (tz, x, y) => encodeTile(layer, tz, x, y));
  }
}

const city = benchCity();
await forEachBackend((label, db) => run(label, db, city));
