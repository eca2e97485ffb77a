import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserStore } from '../../api/src/auth/users.ts';
import { openTestDb } from '../helpers/db.ts';
import type { Db } from '../../api/src/db/connect.ts';
import { TEST_TOKEN_SECRET } from '../helpers/server.ts';

// Issue #21 item 1: the server process died when its database connections were terminated during an
// import (postgres.js nextWrite on a null socket, thrown from a setImmediate: no caller can catch it).
// The server runs as its own process here, so "it exits" is observable, and it is killed at random moments.
const url = process.env.TEST_DATABASE_URL;
const ROUNDS = 20;
const BUILDINGS = 4_000;

/** A seeded pseudo-random generator, so a failing round can be replayed. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.skipIf(!url)('database connections terminated during an import (PostgreSQL server)', () => {
  let db: Db;
  let child: ChildProcess;
  let base = '';
  let admin: postgres.Sql;
  let database = '';
  let dir = '';
  let file = '';
  let token = '';
  let stderr = '';

  beforeAll(async () => {
    db = await openTestDb('postgres', 'demo');
    database = (await db.sql<{ name: string }[]>`SELECT current_database() AS name`)[0]!.name;
    await new UserStore(db).add({ name: 'kill-planner', role: 'planner', password: 'kill-password-1' }, 'test-setup');
    const [box] = await db.sql<{ x0: number; y0: number; x1: number; y1: number }[]>`
      SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1 FROM (SELECT ST_Extent(geom)::geometry AS e FROM community) s`;
    const rnd = mulberry32(21);
    const features = Array.from({ length: BUILDINGS }, (_, i) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [box!.x0 + rnd() * (box!.x1 - box!.x0), box!.y0 + rnd() * (box!.y1 - box!.y0)] },
      properties: { code: `KILL-${i}`, households: 1 + (i % 40) },
    }));
    dir = mkdtempSync(path.join(os.tmpdir(), 'lifecircle-kill-'));
    file = path.join(dir, 'buildings.geojson');
    writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features }));
    admin = postgres(url!, { max: 1, onnotice: () => {} });

    const target = new URL(url!);
    target.pathname = `/${database}`;
    // Only the server process's own sessions are killed (not this test's, nor other test files').
    target.searchParams.set('application_name', 'lifecircle-under-kill');
    child = spawn(process.execPath, ['api/bin/lifecircle.js', 'serve'], {
      env: {
        ...process.env, DATABASE_URL: target.toString(), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info',
        LIFECIRCLE_SEED_ON_EMPTY: 'false', LIFECIRCLE_TOKEN_SECRET: TEST_TOKEN_SECRET,
        LIFECIRCLE_RATE_LIMIT_PER_MIN: '10000000', LIFECIRCLE_LOGIN_LIMIT_PER_15MIN: '100000',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    base = await new Promise<string>((resolve, reject) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const m = /listening on (http:\/\/[^\s"]+)/.exec(stderr);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${stderr}`)));
    });
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'kill-planner', password: 'kill-password-1' }) });
    token = ((await res.json()) as { token: string }).token;
  }, 180_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await admin?.end();
    await db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const health = async (): Promise<number> => {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const status = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.status, () => 0);
      if (status === 200) return status;
      await new Promise((r) => setTimeout(r, 100));
    }
    return 0;
  };

  it(`When the app's connections are terminated at ${ROUNDS} random moments of a ${BUILDINGS}-building import, then the process stays up, /api/health answers 200 after each, and each import is whole or absent`, async () => {
    const body = readFileSync(file);
    const rnd = mulberry32(2112);
    // How long one undisturbed import takes: the kill moments are spread over it.
    const t0 = Date.now();
    const first = await fetch(`${base}/api/imports?collection=buildings&dry_run=true`, { method: 'POST', headers: { 'content-type': 'application/geo+json', authorization: `Bearer ${token}` }, body });
    expect(first.status).toBe(200);
    const span = Date.now() - t0;
    const outcomes: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const killAt = Math.floor(rnd() * span);
      const dryRun = round % 2 === 0;
      const pending = fetch(`${base}/api/imports?collection=buildings${dryRun ? '&dry_run=true' : ''}`, {
        method: 'POST', headers: { 'content-type': 'application/geo+json', authorization: `Bearer ${token}` }, body,
        signal: AbortSignal.timeout(30_000), // no answer at all (a query left waiting on a dead connection) counts as 0
      }).then((r) => r.status, () => 0);
      await new Promise((r) => setTimeout(r, killAt));
      await admin`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ${database} AND application_name = 'lifecircle-under-kill'`;
      const status = await pending;
      outcomes.push(status);
      expect(child.exitCode, `round ${round} (kill at ${killAt} ms): the server exited\n${stderr.slice(-3000)}`).toBeNull();
      expect(status, `round ${round} (kill at ${killAt} ms): import answered ${status}\n${stderr.slice(-2000)}`).toBeOneOf([200, 503]);
      expect(await health(), `round ${round}: /api/health`).toBe(200);
    }
    // The imports that answered 503 wrote nothing or everything (all or nothing): count the stored ones.
    const [stored] = await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM building WHERE code LIKE 'KILL-%'`.catch(() => db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM building WHERE code LIKE 'KILL-%'`);
    expect([0, BUILDINGS]).toContain(stored!.n);
    expect(outcomes.length).toBe(ROUNDS);
  }, 300_000);
});
