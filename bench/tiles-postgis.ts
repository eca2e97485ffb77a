/**
 * Vector tiles cut by PostGIS (ST_AsMVTGeom + ST_AsMVT, && on ST_TileEnvelope: the server's tiler for
 * communities, buildings and facilities, #19), on the generated city of bench/tiles.ts:
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --expose-gc --import tsx bench/tiles-postgis.ts
 *
 * Per collection and zoom 10–16, over up to 50 random tiles among those intersecting the city's box (the
 * same sample as bench/tiles.ts): median and p95 of TileService.tile() on first request ("cold": this
 * tile never asked for; PostgreSQL's buffers hold the tables after the load) and on a repeat ("warm":
 * nothing is cached in the process, so it is the same query again), bytes per non-empty tile, empties,
 * and the heap this process holds afterwards (none per feature: nothing is kept but coverage figures).
 * Results: docs/benchmarks.md.
 */
import postgres from 'postgres';
import { openDatabase } from '../api/src/db/connect.ts';
import { replaceCity } from '../api/src/db/load-city.ts';
import { migrate } from '../api/src/db/migrate.ts';
import { tileOfLonLat } from '../api/src/domain/geo/web-mercator-tile.ts';
import { CoverageService } from '../api/src/services/coverage.ts';
import { loadCatalogue } from '../api/src/services/seed.ts';
import { TileService, type TileLayerQuery } from '../api/src/services/tiles.ts';
import { benchCity, ms, seededRandom } from './lib.ts';

const AS_OF = '2026-01-01';
const ZOOMS = [10, 11, 12, 13, 14, 15, 16];
const TILES_PER_ZOOM = 50;
const LAYERS: Array<{ label: string; query: TileLayerQuery }> = [
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

const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('BENCH_DATABASE_URL is not set: PostGIS tiles need a PostgreSQL + PostGIS server');
const city = benchCity();
const admin = postgres(url, { max: 1, onnotice: () => {} });
const name = `lifecircle_bench_${process.pid}`;
await admin`CREATE DATABASE ${admin(name)}`;
const target = new URL(url);
target.pathname = `/${name}`;
const db = await openDatabase({ databaseUrl: target.toString() });
try {
  await migrate(db);
  const t0 = process.hrtime.bigint();
  await db.sql.begin(async (tx) => { await loadCatalogue(tx); await replaceCity(tx, city); });
  await db.sql`ANALYZE`;
  console.log(`load city: ${(ms(t0) / 1000).toFixed(1)} s`);
  const coverage = new CoverageService(db);
  await coverage.snapshot();
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const tiles = new TileService(db, coverage);
  const bounds = (await tiles.layerInfo({ collection: 'communities' })).bounds!;
  console.log('\ncollection              zoom  tiles  empty  cold median/p95 ms  warm median/p95 ms  bytes median/max');
  for (const { label, query } of LAYERS) {
    if (tiles.tilerOf(query.collection) !== 'postgis') throw new Error(`${query.collection} is not cut by PostGIS here`);
    // The coverage answer the community tiles join is computed once per (version, rule): outside the timings.
    if (query.coverage) await tiles.tile(query, 0, 0, 0);
    for (const z of ZOOMS) {
      const sample = sampleTiles(bounds, z, TILES_PER_ZOOM);
      const cold: number[] = [];
      const warm: number[] = [];
      const bytes: number[] = [];
      let empty = 0;
      for (const [x, y] of sample) {
        let t = process.hrtime.bigint();
        const { data } = await tiles.tile(query, z, x, y);
        cold.push(ms(t));
        t = process.hrtime.bigint();
        await tiles.tile(query, z, x, y);
        warm.push(ms(t));
        if (data) bytes.push(data.byteLength);
        else empty += 1;
      }
      const f = (xs: number[]) => `${quantile(xs, 0.5).toFixed(2)} / ${quantile(xs, 0.95).toFixed(2)}`;
      const b = bytes.length ? `${quantile(bytes, 0.5)} / ${Math.max(...bytes)}` : '—';
      console.log(`${label.padEnd(22)} ${String(z).padStart(5)} ${String(sample.length).padStart(6)} ${String(empty).padStart(6)} ${f(cold).padStart(19)} ${f(warm).padStart(19)}  ${b}`);
    }
  }
  global.gc?.();
  if (global.gc) console.log(`\nheap held after all tiles (beyond the coverage snapshot): ${mib(process.memoryUsage().heapUsed - heap0)}; RSS ${mib(process.memoryUsage().rss)}`);
} finally {
  await db.close();
  await admin`DROP DATABASE ${admin(name)} WITH (FORCE)`;
  await admin.end();
}
