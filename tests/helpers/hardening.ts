// What the hardening tests (#21) share: the demo city's extent and first street, to place test shapes
// beside the city, and the slowest /api/health answer while a heavy request runs.
import { afterAll, beforeAll, expect } from 'vitest';
import type { Db } from '../../api/src/db/connect.ts';
import type { Backend } from './db.ts';
import { startTestServer, type TestServer } from './server.ts';

/** The first street's code and the bounding box of every community. */
export async function cityExtent(db: Db): Promise<{ street: string; x0: number; y0: number; x1: number; y1: number }> {
  const [row] = await db.sql<{ street: string; x0: number; y0: number; x1: number; y1: number }[]>`
    SELECT (SELECT code FROM street ORDER BY code LIMIT 1) AS street, ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1
    FROM (SELECT ST_Extent(geom)::geometry AS e FROM community) s`;
  return row!;
}

/**
 * A demo-city test server on `backend` for the suite (started before all, closed after all), with the
 * first street's code and the city's east and south edges, to place test shapes beside the city.
 */
export function demoCityBeside(backend: Backend): { server: TestServer; street: string; east: number; south: number } {
  const city = { server: undefined as unknown as TestServer, street: '', east: 0, south: 0 };
  beforeAll(async () => {
    city.server = await startTestServer({ backend, seed: 'demo' });
    ({ street: city.street, x1: city.east, y0: city.south } = await cityExtent(city.server.db));
  });
  afterAll(async () => city.server?.close());
  return city;
}

/** Runs `work` while asking `${url}/api/health` every 50 ms; the slowest health answer in ms. */
export async function slowestHealthDuring(url: string, work: Promise<unknown>): Promise<number> {
  let done = false;
  let slowest = 0;
  const polling = (async () => {
    while (!done) {
      const t0 = performance.now();
      const res = await fetch(`${url}/api/health`);
      await res.arrayBuffer();
      expect(res.status).toBe(200);
      slowest = Math.max(slowest, performance.now() - t0);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  await work.finally(() => (done = true));
  await polling;
  return slowest;
}
