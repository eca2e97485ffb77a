/**
 * Vector tiles cut by PostGIS (ST_AsMVTGeom + ST_AsMVT, && on ST_TileEnvelope: the server's tiler for
 * communities, buildings and facilities, #19), on the generated city of bench/tiles.ts:
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --expose-gc --import tsx bench/tiles-postgis.ts
 *
 * Per collection and zoom 10–16, over up to 50 random tiles among those intersecting the city's box (the
 * same sample as bench/tiles.ts): median and p95 of TileService.tile() on first request ("cold": this
 * tile never asked for; PostgreSQL's buffers hold the tables after the load) and on a repeat ("warm": the
 * service's tile cache is off here, so it is the same statement again; the app answers repeats from its
 * cache, see bench/province.ts), bytes per non-empty tile, empties, and the heap this process holds
 * afterwards (none per feature: nothing is kept but coverage figures).
 * Results: docs/benchmarks.md.
 */
import { CoverageService } from '../api/src/services/coverage.ts';
import { TileService, type TileLayerQuery } from '../api/src/services/tiles.ts';
import { benchCity, loadBenchCity, mib, onServerDatabase, printTileRow, sampleTiles } from './lib.ts';

const AS_OF = '2026-01-01';
const ZOOMS = [10, 11, 12, 13, 14, 15, 16];
const TILES_PER_ZOOM = 50;
const LAYERS: Array<{ label: string; query: TileLayerQuery }> = [
  { label: 'communities', query: { collection: 'communities' } },
  { label: 'communities+coverage', query: { collection: 'communities', coverage: { types: ['health_station'], asOf: AS_OF } } },
  { label: 'buildings', query: { collection: 'buildings' } },
  { label: 'facilities', query: { collection: 'facilities' } },
];

const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('BENCH_DATABASE_URL is not set: PostGIS tiles need a PostgreSQL + PostGIS server');
const city = benchCity();
await onServerDatabase(url, async (db) => {
  await loadBenchCity(db, city);
  const coverage = new CoverageService(db);
  await coverage.snapshot();
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const tiles = new TileService(db, coverage, { tileCacheBytes: 0 });
  const bounds = (await tiles.layerInfo({ collection: 'communities' })).bounds!;
  console.log('\ncollection              zoom  tiles  empty  cold median/p95 ms  warm median/p95 ms  bytes median/max');
  for (const { label, query } of LAYERS) {
    if (tiles.tilerOf(query.collection) !== 'postgis') throw new Error(`${query.collection} is not cut by PostGIS here`);
    // The coverage answer the community tiles join is computed once per (version, rule): outside the timings.
    if (query.coverage) await tiles.tile(query, 0, 0, 0);
    for (const z of ZOOMS) await printTileRow(label, z, sampleTiles(bounds, z, TILES_PER_ZOOM), async (tz, x, y) => (await tiles.tile(query, tz, x, y)).data);
  }
  global.gc?.();
  if (global.gc) console.log(`\nheap held after all tiles (beyond the coverage snapshot): ${mib(process.memoryUsage().heapUsed - heap0)}; RSS ${mib(process.memoryUsage().rss)}`);
});
