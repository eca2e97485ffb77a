/** What the benches share: the large generated city, the backends to run on, timing helpers. */
import postgres from 'postgres';
import { openDatabase, type Db } from '../api/src/db/connect.ts';
import { replaceCity, type CityData } from '../api/src/db/load-city.ts';
import { migrate } from '../api/src/db/migrate.ts';
import { loadCatalogue } from '../api/src/services/seed.ts';
import { tileOfLonLat } from '../api/src/domain/geo/web-mercator-tile.ts';
import { createRandom } from '../seeds/demo-city/random.ts';
import { generateCity, type CityOptions } from '../seeds/demo-city/generate.ts';
import { seedDemoCity } from '../seeds/demo-city/seed.ts';

/** Milliseconds since `t0` (from `process.hrtime.bigint()`). */
export const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;

/** Median of a non-empty list. */
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The q-quantile of a list (NaN for an empty one). */
export const quantile = (xs: number[], q: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

/** Bytes as whole MiB. */
export const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** Runs `fn` once; returns its result and the milliseconds it took. */
export function time<T>(fn: () => T): [T, number] {
  const t0 = process.hrtime.bigint();
  const r = fn();
  return [r, ms(t0)];
}

/** `time` for async work. */
export async function timeAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = process.hrtime.bigint();
  const r = await fn();
  return [r, ms(t0)];
}

/** A seeded uniform [0, 1) generator, so every run samples the same things. */
export function seededRandom(seed: number): () => number {
  const r = createRandom(seed, 'bench');
  return () => r.next();
}

/** Up to `count` distinct random tiles of zoom z among those intersecting the box (the same for every run). */
export function sampleTiles(bounds: [number, number, number, number], z: number, count: number): Array<[number, number]> {
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

/**
 * Cuts every tile of `sample` twice (first request, "cold"; repeat, "warm") and prints the row of the
 * tile benches: layer, zoom, tiles, empties, cold and warm median/p95 ms, bytes median/max.
 */
export async function printTileRow(label: string, z: number, sample: Array<[number, number]>, cut: (z: number, x: number, y: number) => Promise<Uint8Array | null | undefined> | Uint8Array | null | undefined): Promise<void> {
  const cold: number[] = [];
  const warm: number[] = [];
  const bytes: number[] = [];
  let empty = 0;
  for (const [x, y] of sample) {
    let t = process.hrtime.bigint();
    const data = await cut(z, x, y);
    cold.push(ms(t));
    t = process.hrtime.bigint();
    await cut(z, x, y);
    warm.push(ms(t));
    if (data) bytes.push(data.byteLength);
    else empty += 1;
  }
  const f = (xs: number[]) => `${quantile(xs, 0.5).toFixed(2)} / ${quantile(xs, 0.95).toFixed(2)}`;
  const b = bytes.length ? `${quantile(bytes, 0.5)} / ${Math.max(...bytes)}` : '—';
  console.log(`${label.padEnd(22)} ${String(z).padStart(5)} ${String(sample.length).padStart(6)} ${String(empty).padStart(6)} ${f(cold).padStart(19)} ${f(warm).padStart(19)}  ${b}`);
}

/**
 * The benchmark city: ~3 300 communities, ~136 000 buildings, ~40 000 facilities; prints what it
 * made. `extra` adds generator options (e.g. `laneSpacingM: 120` for a network of ~500 000 lines).
 */
export function benchCity(extra: Partial<CityOptions> = {}): CityData {
  console.log(`node ${process.version}; generating the city…`);
  const t0 = process.hrtime.bigint();
  const city = generateCity({ communities: 3300, buildingsPerCommunity: 40, facilitiesPerCommunity: 12, ...extra }) as unknown as CityData;
  console.log(`city: ${city.communities.features.length} communities, ${city.buildings.features.length} buildings, ${city.facilities.features.length} facilities, ${city.network.features.length} network lines (generated in ${(ms(t0) / 1000).toFixed(1)} s)`);
  return city;
}

/** Migrates `db`, loads the catalogue and `city` in one transaction, ANALYZEs, and prints how long the load took. */
export async function loadBenchCity(db: Db, city: CityData): Promise<void> {
  await migrate(db);
  const [, loadMs] = await timeAsync(() => db.sql.begin(async (tx) => { await loadCatalogue(tx); await replaceCity(tx, city); }));
  await db.sql`ANALYZE`;
  console.log(`load city: ${(loadMs / 1000).toFixed(1)} s`);
}

/** Migrates, then loads `city` (as {@link loadBenchCity}) or, without one, seeds the demo city; returns the community count. */
export async function loadCityOrDemo(db: Db, city: CityData | null): Promise<number> {
  if (city) {
    await loadBenchCity(db, city);
  } else {
    await migrate(db);
    await seedDemoCity(db);
  }
  return (await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM community`)[0]!.n;
}

/**
 * Runs `fn` on a fresh embedded PGlite, then, when BENCH_DATABASE_URL is set, on a throwaway database
 * of that PostgreSQL + PostGIS server (dropped afterwards).
 */
export async function forEachBackend(fn: (label: string, db: Db) => Promise<void>): Promise<void> {
  const embedded = await openDatabase({});
  try {
    await fn('PGlite (embedded PostGIS 3.6)', embedded);
  } finally {
    await embedded.close();
  }
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) return;
  await onServerDatabase(url, (server) => fn('PostgreSQL 15 + PostGIS 3.3 server', server));
}

/** Runs `fn` on a throwaway database of the PostgreSQL + PostGIS server at `url` (dropped afterwards). */
export async function onServerDatabase(url: string, fn: (db: Db) => Promise<void>): Promise<void> {
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const name = `lifecircle_bench_${process.pid}`;
  await admin`CREATE DATABASE ${admin(name)}`;
  const target = new URL(url);
  target.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: target.toString() });
  try {
    await fn(db);
  } finally {
    await db.close();
    await admin`DROP DATABASE ${admin(name)} WITH (FORCE)`;
    await admin.end();
  }
}

/**
 * One database for a bench that runs on one backend: a throwaway database of the BENCH_DATABASE_URL
 * server when it is set (`drop` removes it), else a fresh embedded PGlite.
 */
export async function openBenchDb(tag: string, labels: { embedded: string; server: string }): Promise<{ db: Db; label: string; drop(): Promise<void> }> {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) return { db: await openDatabase({}), label: labels.embedded, drop: async () => undefined };
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const name = `lifecircle_bench_${tag}_${process.pid}`;
  await admin`CREATE DATABASE ${admin(name)}`;
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    db: await openDatabase({ databaseUrl: target.toString() }),
    label: labels.server,
    async drop() {
      const dropper = postgres(url, { max: 1, onnotice: () => {} });
      await dropper`DROP DATABASE IF EXISTS ${dropper(name)} WITH (FORCE)`;
      await dropper.end();
    },
  };
}
