import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../api/src/db/connect.ts';
import { UserStore } from '../../api/src/auth/users.ts';
import { openTestDb } from '../helpers/db.ts';
import { startServe, waitHealthy, type ServeProcess } from '../helpers/serve-process.ts';

/**
 * Issue #19, point 1: two `lifecircle serve` processes on one PostgreSQL database behave as one —
 * siting jobs (pg-boss queue), rate limits (shared table), caches (LISTEN/NOTIFY on the data version)
 * and the token secret (same LIFECIRCLE_TOKEN_SECRET) are shared. Server backend only.
 */
const url = process.env.TEST_DATABASE_URL;
const SECRET = randomBytes(32).toString('base64');
const PASSWORD = 'two processes, one city';
/** Requests per client and minute: the test's burst spends it over both processes. */
const LIMIT = 240;
const TYPE = 'health_station';
const AS_OF = '2026-01-01';
/** A long exact run: it outlives every step of the tests that cancel or orphan it. */
const LONG_RUN = { model: 'mclp', type: TYPE, as_of: AS_OF, p: 40, method: 'exact', time_limit_s: 120, candidates: { generate: 'grid', spacing_m: 60 }, wait_ms: 0 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, everyMs = 200): Promise<T> {
  const started = Date.now();
  for (;;) {
    const got = await probe();
    if (got !== undefined) return got;
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

describe.skipIf(!url)('two serve processes on one PostgreSQL database', { timeout: 90_000 }, () => {
  let db: Db;
  let a: ServeProcess;
  let b: ServeProcess;
  let token: string;

  beforeAll(async () => {
    db = await openTestDb('postgres', 'demo');
    await new UserStore(db).add({ name: 'alice', role: 'planner', password: PASSWORD }, 'test');
    const env = { DATABASE_URL: db.url, LIFECIRCLE_TOKEN_SECRET: SECRET, LIFECIRCLE_RATE_LIMIT_PER_MIN: String(LIMIT), LIFECIRCLE_SEED_ON_EMPTY: 'false', LOG_LEVEL: 'warn' };
    [a, b] = await Promise.all([startServe(env), startServe(env)]);
    await Promise.all([waitHealthy(a, 60_000), waitHealthy(b, 60_000)]);
    // Signed in on one process, the token works on the other: the secret is shared.
    const login = await fetch(`${a.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'alice', password: PASSWORD }) });
    expect(login.status).toBe(200);
    token = ((await login.json()) as { token: string }).token;
  }, 90_000);

  afterAll(async () => {
    await Promise.allSettled([a?.stop(), b?.stop()]);
    await db?.close();
  });

  const call = async (p: ServeProcess, method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${p.url}/api${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    return { status: res.status, location: res.headers.get('location'), body: text ? JSON.parse(text) : null } as { status: number; location: string | null; body: any };
  };
  const coverage = async (p: ServeProcess) => {
    const r = await call(p, 'GET', `/coverage?type=${TYPE}&level=district&as_of=${AS_OF}`);
    expect(r.status).toBe(200);
    return r.body as { data_version: string; totals: { households_covered: number } };
  };
  /** The running job as the other process sees it once a worker holds it (its progress names the worker). */
  const runningOn = (p: ServeProcess, id: string) =>
    until(`job ${id} picked up by a worker`, async () => {
      const r = await call(p, 'GET', `/siting/jobs/${id}`);
      expect(r.status).toBe(200);
      expect(r.body.state).toBe('running');
      return r.body.progress.worker ? (r.body as { progress: { worker: string } }) : undefined;
    }, 20_000);

  it('When a facility is added through one process, then the other answers coverage with it at once', async () => {
    // Both hold an engine of the current data.
    const [beforeA, beforeB] = await Promise.all([coverage(a), coverage(b)]);
    expect(beforeB).toEqual(beforeA);
    // A residential building more than 300 m from every open health station: PostGIS picks it.
    const [spot] = await db.sql<{ lon: number; lat: number }[]>`
      SELECT ST_X(ST_Centroid(b.geom)) AS lon, ST_Y(ST_Centroid(b.geom)) AS lat FROM building b
      WHERE b.community_code IS NOT NULL AND b.households > 0 AND NOT EXISTS (
        SELECT 1 FROM facility f WHERE f.type = ${TYPE} AND f.status = 'open'
          AND (f.opened_on IS NULL OR f.opened_on <= ${AS_OF}::date) AND (f.closed_on IS NULL OR f.closed_on > ${AS_OF}::date)
          AND ST_DWithin(f.geom::geography, b.geom::geography, 300))
      ORDER BY b.households DESC, b.code LIMIT 1`;
    expect(spot).toBeDefined();
    const created = await call(a, 'POST', '/collections/facilities/items', {
      type: 'Feature', geometry: { type: 'Point', coordinates: [spot!.lon, spot!.lat] },
      properties: { code: 'F-MULTI-1', name: '两个进程的卫生站', type: TYPE, status: 'open', opened_on: '2020-01-01' },
    });
    expect(created.status).toBe(201);
    // The very next request to the other process: the new data version, the new station counted.
    const afterB = await coverage(b);
    expect(afterB.data_version).not.toBe(beforeB.data_version);
    expect(afterB.totals.households_covered).toBeGreaterThan(beforeB.totals.households_covered);
    expect(afterB).toEqual(await coverage(a));
  });

  it('When one client sends requests to both processes, then the limit counts them together', async () => {
    // Keep the burst inside one fixed one-minute window.
    if (Date.now() % 60_000 > 50_000) await sleep(60_000 - (Date.now() % 60_000) + 200);
    const headers = { 'x-api-key': `lc_not-a-key-${randomBytes(6).toString('hex')}` };
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT; i += 8) {
      const batch = Array.from({ length: 8 }, (_, k) => fetch(`${(k % 2 === 0 ? a : b).url}/api/health`, { headers }).then(async (r) => (await r.arrayBuffer(), r.status)));
      statuses.push(...(await Promise.all(batch)));
    }
    // Each process saw half the limit: alone, neither would refuse.
    expect(statuses).toHaveLength(LIMIT);
    expect(statuses.filter((s) => s === 429)).toEqual([]);
    for (const p of [a, b]) {
      const r = await fetch(`${p.url}/api/health`, { headers });
      expect(r.status).toBe(429);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('too_many_requests');
    }
  });

  it('When a siting job starts on one process, then the other reads it and cancels it, and its worker stops within seconds', async () => {
    const started = await call(a, 'POST', '/siting', LONG_RUN);
    expect(started.status).toBe(202);
    const id = started.body.id as string;
    const path = `/siting/jobs/${id}`;
    expect(started.location).toBe(`/api${path}`);
    await runningOn(b, id);

    const cancelled = await call(b, 'DELETE', path);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.state).toBe('cancelled');
    const t0 = Date.now();
    // The worker (either process) ends its run when its heartbeat finds the job cancelled: its progress row goes.
    await until('the worker to stop', async () => {
      const [row] = await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM siting_job_progress WHERE job_id = ${id}`;
      return row!.n === 0 ? true : undefined;
    }, 10_000, 50);
    expect(Date.now() - t0).toBeLessThan(5000);
    const onA = await call(a, 'GET', path);
    expect(onA.body.state).toBe('cancelled');
    expect(onA.body.result).toBeUndefined();
    // Forgotten on one, gone on both.
    expect((await call(a, 'DELETE', path)).status).toBe(204);
    expect((await call(b, 'GET', path)).status).toBe(404);
  });

  it('When the process running a job is killed, then the job is failed, not left running', async () => {
    const started = await call(b, 'POST', '/siting', LONG_RUN);
    expect(started.status).toBe(202);
    const id = started.body.id as string;
    const { progress } = await runningOn(a, id);
    const pid = Number(progress.worker.split(':').pop());
    const [victim, survivor] = pid === a.child.pid ? [a, b] : [b, a];
    expect(victim.child.pid).toBe(pid);
    await victim.kill9();
    const t0 = Date.now();
    const ended = await until('the orphaned job to end', async () => {
      const r = await call(survivor, 'GET', `/siting/jobs/${id}`);
      expect(r.status).toBe(200);
      return r.body.state === 'running' ? undefined : r.body;
    }, 40_000, 500);
    expect(ended.state).toBe('failed');
    expect(ended.error.code).toBe('internal');
    expect(ended.error.message).toMatch(/heartbeat/);
    // Heartbeat 10 s, supervised every 2 s.
    expect(Date.now() - t0).toBeLessThan(30_000);
    // The survivor still works the queue.
    const next = await call(survivor, 'POST', '/siting', { model: 'mclp', type: TYPE, as_of: AS_OF, p: 2, candidates: { generate: 'centroids' }, wait_ms: 5000 });
    expect(next.status).toBe(200);
    expect(next.body.proposals.features).toHaveLength(2);
    // Health shows the shared queue's depth (as pg-boss's supervisor last counted it).
    const health = (await (await fetch(`${survivor.url}/api/health`)).json()) as { siting_queue: Record<string, unknown> };
    expect(health.siting_queue).toEqual({ queued: expect.any(Number), active: expect.any(Number), failed: expect.any(Number) });
  });
});
