/** What the benches share: the large generated city, the backends to run on, timing helpers. */
import postgres from 'postgres';
import { openDatabase, type Db } from '../api/src/db/connect.ts';
import type { CityData } from '../api/src/db/load-city.ts';
import { createRandom } from '../seeds/demo-city/random.ts';
import { generateCity, type CityOptions } from '../seeds/demo-city/generate.ts';

/** Milliseconds since `t0` (from `process.hrtime.bigint()`). */
export const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;

/** Median of a non-empty list. */
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

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
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const name = `lifecircle_bench_${process.pid}`;
  await admin`CREATE DATABASE ${admin(name)}`;
  const target = new URL(url);
  target.pathname = `/${name}`;
  const server = await openDatabase({ databaseUrl: target.toString() });
  try {
    await fn('PostgreSQL 15 + PostGIS 3.3 server', server);
  } finally {
    await server.close();
    await admin`DROP DATABASE ${admin(name)} WITH (FORCE)`;
    await admin.end();
  }
}
