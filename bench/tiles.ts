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
import { replaceCity, type CityData } from '../api/src/db/load-city.ts';
import { migrate } from '../api/src/db/migrate.ts';
import { tileOfLonLat } from '../api/src/domain/geo/web-mercator-tile.ts';
import { CoverageService } from '../api/src/services/coverage.ts';
import { loadCatalogue } from '../api/src/services/seed.ts';
import { encodeTile, TileService, type LayerIndex, type TileLayerQuery } from '../api/src/services/tiles.ts';
import { benchCity, forEachBackend, ms, seededRandom } from './lib.ts';

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

const quantile = (xs: number[], q: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** Up to `count` distinct random tiles of zoom z among those intersecting the box. */
function sampleTiles(bounds: [number, number, number, number], z: number, count: number): Array<[number, number]> {
  const [w, s, e, n] = bounds;
  const nw = tileOfLonLat(w, n, z);
  const se = tileOfLonLat(e, s, z);
  const all: Array<[number, number]> = [];
  for (let x = nw.x; x <= se.x; x += 1) for (let y = nw.y; y <= se.y; y += 1) all.push([x, y]);
  const rnd = seededRandom(z);
  for (let i = all.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rnd() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, count);
}

async function run(label: string, db: Db, city: CityData): Promise<void> {
  console.log(`\n## ${label}`);
  await migrate(db);
  const t0 = process.hrtime.bigint();
  await db.sql.begin(async (tx) => { await loadCatalogue(tx); await replaceCity(tx, city); });
  await db.sql`ANALYZE`;
  console.log(`load city: ${(ms(t0) / 1000).toFixed(1)} s`);

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
    for (const z of ZOOMS) {
      const sample = sampleTiles(bounds, z, TILES_PER_ZOOM);
      const cold: number[] = [];
      const warm: number[] = [];
      const bytes: number[] = [];
      let empty = 0;
      for (const [x, y] of sample) {
        let t = process.hrtime.bigint();
        const data = encodeTile(layer, z, x, y);
        cold.push(ms(t));
        t = process.hrtime.bigint();
        encodeTile(layer, z, x, y);
        warm.push(ms(t));
        if (data) bytes.push(data.byteLength);
        else empty += 1;
      }
      const f = (xs: number[]) => `${quantile(xs, 0.5).toFixed(2)} / ${quantile(xs, 0.95).toFixed(2)}`;
      const b = bytes.length ? `${quantile(bytes, 0.5)} / ${Math.max(...bytes)}` : '—';
      console.log(`${name.padEnd(22)} ${String(z).padStart(5)} ${String(sample.length).padStart(6)} ${String(empty).padStart(6)} ${f(cold).padStart(19)} ${f(warm).padStart(19)}  ${b}`);
    }
  }
}

const city = benchCity();
await forEachBackend((label, db) => run(label, db, city));
