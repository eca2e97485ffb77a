import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { openDatabase } from '../../api/src/db/connect.ts';
import { portableChecksums } from '../helpers/checksum.ts';
import { runCli, startServe as startServeProcess, waitHealthy, type ServeProcess } from '../helpers/serve-process.ts';
import { ROOT } from '../helpers/templates.ts';

// Real processes on one embedded data directory, as a user runs them: `npm start` in one terminal, the
// CLI in another, a crash, a restart. Issue #14.
const SECRET = 'data-safety-test-token-secret-0123456789abcdef';
const PASSWORD = 'correct horse battery staple';
// The crash test's import: this many copies of the demo city's ~4 900 buildings, a few seconds' work.
const COPIES = 4;

const started: ServeProcess[] = [];
async function startServe(...args: Parameters<typeof startServeProcess>): Promise<ServeProcess> {
  const p = await startServeProcess(...args);
  started.push(p);
  return p;
}

async function login(url: string, name: string, password: string): Promise<number> {
  const r = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, password }) });
  return r.status;
}

// LIFECIRCLE_CRASH_ROUNDS (default 12) sets how many kill -9 rounds the crash test runs (each restarts
// the server: ~13 s; the import rounds' kill moments are spread evenly over the import's life).
describe('embedded data directory: one owner, the CLI beside the server, crashes', { timeout: 1_800_000 }, () => {
  let root: string;
  let env: NodeJS.ProcessEnv;
  let server: ServeProcess | undefined;
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'lifecircle-safety-'));
    env = { LIFECIRCLE_DATA_DIR: path.join(root, 'pglite'), LIFECIRCLE_TOKEN_SECRET: SECRET, LIFECIRCLE_RATE_LIMIT_PER_MIN: '100000' };
  });
  afterAll(async () => {
    await server?.stop();
    // What each server printed, for the reader of a failure.
    mkdirSync(path.join(ROOT, 'tests/artifacts'), { recursive: true });
    writeFileSync(path.join(ROOT, 'tests/artifacts/data-safety-serve.log'), started.map((p, i) => `=== serve ${i}\n${p.output()}`).join('\n'));
    rmSync(root, { recursive: true, force: true });
  });

  it('npm start on a fresh data directory, then `user add` beside it: the running server accepts the login at once, and after a restart', async () => {
    server = await startServe(env, { npm: true });
    await waitHealthy(server);
    const added = await runCli(['user', 'add', 'alice', '--role', 'planner'], env, `${PASSWORD}\n`);
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ name: 'alice', role: 'planner' });
    expect(await login(server.url, 'alice', PASSWORD)).toBe(200);
    // A second CLI write and a read beside the server: each sees the other's data.
    expect((await runCli(['user', 'add', 'bob', '--role', 'admin'], env, `${PASSWORD}\n`)).status).toBe(0);
    const listed = await runCli(['user', 'list'], env);
    expect(listed.status).toBe(0);
    expect((JSON.parse(listed.stdout) as { users: { name: string }[] }).users.map((u) => u.name).sort()).toEqual(['alice', 'bob']);

    // The other commands beside the server run on its database too (none refuses but restore).
    for (const args of [['migrate'], ['coverage', '--type', 'health_station', '--level', 'city'], ['plans', 'list'], ['network', 'status'], ['evaluate', 'beijing-2001-2005', '--as-of', '2005-12-31']]) {
      const r = await runCli(args, env);
      expect(r.stderr, args.join(' ')).toBe('');
      expect(r.status, args.join(' ')).toBe(0);
      expect(() => JSON.parse(r.stdout), args.join(' ')).not.toThrow();
    }

    await server.stop();
    expect(existsSync(`${env.LIFECIRCLE_DATA_DIR}.lock`)).toBe(false);
    server = await startServe(env);
    await waitHealthy(server);
    expect(await login(server.url, 'alice', PASSWORD)).toBe(200);
    expect(await login(server.url, 'bob', PASSWORD)).toBe(200);
    await server.stop();

    // audit_log: one entry per account, ids unique, and its sequence ahead of every id (the duplicate-key
    // failure of two processes each with its own copy cannot recur).
    const db = await openDatabase({ dataDir: env.LIFECIRCLE_DATA_DIR });
    try {
      const entries = await db.sql<{ code: string; n: number }[]>`
        SELECT code, count(*)::int AS n FROM audit_log WHERE collection = 'users' GROUP BY code ORDER BY code`;
      expect(entries).toEqual([{ code: 'alice', n: 1 }, { code: 'bob', n: 1 }]);
      const [seq] = await db.sql<{ ahead: boolean; distinct: boolean }[]>`
        SELECT (SELECT last_value FROM audit_log_id_seq) >= (SELECT max(id) FROM audit_log) AS ahead,
               (SELECT count(DISTINCT id) = count(*) FROM audit_log) AS distinct`;
      expect(seq).toEqual({ ahead: true, distinct: true });
    } finally {
      await db.close();
    }
    server = await startServe(env);
    await waitHealthy(server);
  });

  it('a second `serve` on the same data directory refuses with exit 2 and says why; the first keeps working', async () => {
    const second = await runCli(['serve', '--port', '0'], env);
    expect(second.status).toBe(2);
    expect(second.stderr).toMatch(/in use by another process \(pid \d+, `lifecircle serve`/);
    expect(second.stderr).toContain('a lifecircle server already runs on it');
    expect((await fetch(`${server!.url}/api/health`)).status).toBe(200);
    expect(await login(server!.url, 'alice', PASSWORD)).toBe(200);
  });

  it('restore refuses beside the server (exit 2, nothing touched); backup beside it works', async () => {
    const file = path.join(root, 'beside.lcbackup.gz');
    const backup = await runCli(['backup', file], env);
    expect(backup.stderr).toBe('');
    expect(backup.status).toBe(0);
    expect(JSON.parse(backup.stdout)).toMatchObject({ tables: { users: 2 } });
    const restore = await runCli(['restore', file], env);
    expect(restore.status).toBe(2);
    expect(restore.stderr).toContain('cannot run beside the server');
    expect(await login(server!.url, 'alice', PASSWORD)).toBe(200);
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)('`export --to postgres://…` moves the whole embedded city (accounts, keys, audit log) to a PostGIS server, every table equal', async () => {
    const name = `lifecircle_export_cli_${process.pid}`;
    const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    await admin`DROP DATABASE IF EXISTS ${admin(name)} WITH (FORCE)`;
    await admin`CREATE DATABASE ${admin(name)}`;
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    try {
      const exported = await runCli(['export', '--to', url.toString()], env);
      expect(exported.stderr).toBe('');
      expect(exported.status).toBe(0);
      // A second export without --replace refuses (exit 2) and leaves the target as it is.
      const again = await runCli(['export', '--to', url.toString()], env);
      expect(again.status).toBe(2);
      expect(again.stderr).toContain('--replace');
      const source = await openDatabase({ dataDir: env.LIFECIRCLE_DATA_DIR });
      const target = await openDatabase({ databaseUrl: url.toString(), maxConnections: 1 });
      try {
        const want = await portableChecksums(source);
        expect(Number(want.users!.split(':')[0])).toBeGreaterThanOrEqual(2);
        expect(Number(want.audit_log!.split(':')[0])).toBeGreaterThanOrEqual(2);
        expect(await portableChecksums(target)).toEqual(want);
      } finally {
        await target.close();
        await source.close();
      }
    } finally {
      await admin`DROP DATABASE IF EXISTS ${admin(name)} WITH (FORCE)`;
      await admin.end();
    }
  });

  it('kill -9 during a large import and an edit burst, at random moments: after each restart exactly the committed data, /api/health 200', async () => {
    const rounds = Number(process.env.LIFECIRCLE_CRASH_ROUNDS ?? 12);
    const key = await runCli(['user', 'key', 'alice', '--label', 'crash-test'], env);
    expect(key.status).toBe(0);
    const headers = { 'x-api-key': (JSON.parse(key.stdout) as { key: string }).key };
    const json = { ...headers, 'content-type': 'application/json' };

    // The import: ~20 000 buildings, copies of the demo city's beside the originals (one transaction).
    const page = (await (await fetch(`${server!.url}/api/collections/buildings/items?limit=10000`, { headers })).json()) as {
      features: { geometry: { coordinates: [number, number] }; properties: { community_code: string; households: number } }[];
    };
    const count = async (url: string, collection: string, filter = ''): Promise<number> => {
      const r = (await (await fetch(`${url}/api/collections/${collection}/items?limit=1${filter}`, { headers })).json()) as { numberMatched: number };
      return r.numberMatched;
    };
    const importFile = (round: number) => {
      const features = [];
      for (let copy = 1; copy <= COPIES; copy++) {
        for (const [i, f] of page.features.entries()) {
          const [lon, lat] = f.geometry.coordinates;
          features.push({
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [lon + copy * 0.00002, lat] },
            properties: { code: `CR${round}-${copy}-${i}`, community_code: f.properties.community_code, households: f.properties.households },
          });
        }
      }
      return JSON.stringify({ type: 'FeatureCollection', features });
    };
    const facilityTemplate = (await (await fetch(`${server!.url}/api/collections/facilities/items?limit=1`, { headers })).json()) as {
      features: { geometry: { coordinates: [number, number] }; properties: { type: string } }[];
    };
    const [flon, flat] = facilityTemplate.features[0]!.geometry.coordinates;
    const ftype = facilityTemplate.features[0]!.properties.type;

    const outcomes: string[] = [];
    let importWindow = 8_000;
    for (let round = 0; round < rounds; round++) {
      const url = server!.url;
      const buildingsBefore = await count(url, 'buildings');
      const withImport = round % 2 === 0;
      const body = withImport ? importFile(round) : '';
      const imported = withImport
        ? fetch(`${url}/api/imports?collection=buildings`, { method: 'POST', headers: { ...headers, 'content-type': 'application/geo+json' }, body }).then(
            (r) => r.status,
            () => 'lost' as const,
          )
        : Promise.resolve('none' as const);
      const acked: string[] = [];
      let stopBurst = false;
      const burst = (async () => {
        for (let i = 0; !stopBurst; i++) {
          const code = `BURST-${round}-${i}`;
          try {
            const r = await fetch(`${url}/api/collections/facilities/items`, {
              method: 'POST',
              headers: json,
              body: JSON.stringify({ type: 'Feature', geometry: { type: 'Point', coordinates: [flon + i * 1e-5, flat] }, properties: { code, name: `burst-${round}`, type: ftype } }),
            });
            if (r.status === 201) acked.push(code);
            else if (r.status >= 400 && r.status < 500) throw new Error(`edit refused: ${r.status} ${await r.text()}`);
          } catch (err) {
            if (err instanceof Error && err.message.startsWith('edit refused')) throw err;
            return; // the server died under the request
          }
        }
      })();
      // Kill moments spread over the import's whole life, one per stratum (round k of n kills in the
      // k-th n-th of the window, at random inside it), so few rounds still cover start, middle and end;
      // the window grows while imports never finish before the kill (a loaded machine), so some rounds
      // kill after the commit too.
      const strata = Math.ceil(rounds / 2);
      const delay = withImport ? 200 + ((round / 2 + Math.random()) / strata) * importWindow : 200 + Math.random() * 3_000;
      await new Promise((r) => setTimeout(r, delay));
      await server!.kill9();
      stopBurst = true;
      await burst;
      const importStatus = await imported;
      if (withImport && importStatus !== 200) importWindow = Math.min(importWindow * 1.6, 20_000);

      server = await startServe(env);
      await waitHealthy(server);
      const buildingsAfter = await count(server.url, 'buildings');
      const added = buildingsAfter - buildingsBefore;
      if (withImport) {
        // All or nothing; an import that answered 200 is there.
        expect([0, COPIES * page.features.length]).toContain(added);
        if (importStatus === 200) expect(added).toBe(COPIES * page.features.length);
      } else {
        expect(added).toBe(0);
      }
      const burstRows = await count(server.url, 'facilities', `&name=burst-${round}`);
      // Every acknowledged edit is there; at most the one in flight at the kill committed unacknowledged.
      expect(burstRows).toBeGreaterThanOrEqual(acked.length);
      expect(burstRows).toBeLessThanOrEqual(acked.length + 1);
      for (const code of acked.slice(-3)) expect((await fetch(`${server.url}/api/collections/facilities/items/${code}`, { headers })).status).toBe(200);
      outcomes.push(`round ${round}: kill at ${Math.round(delay)} ms, import ${String(importStatus)} → +${added} buildings, ${acked.length} edits acknowledged, ${burstRows} stored`);
    }
    writeFileSync(path.join(os.tmpdir(), 'lifecircle-crash-rounds.txt'), `${outcomes.join('\n')}\n`);
    await server!.stop();

    // Each stored edit has its one audit entry, written in the same transaction.
    const db = await openDatabase({ dataDir: env.LIFECIRCLE_DATA_DIR });
    try {
      const [audit] = await db.sql<{ facilities: number; entries: number; orphans: number }[]>`
        SELECT (SELECT count(*)::int FROM facility WHERE code LIKE 'BURST-%') AS facilities,
               (SELECT count(*)::int FROM audit_log WHERE collection = 'facilities' AND code LIKE 'BURST-%' AND action = 'create') AS entries,
               (SELECT count(*)::int FROM audit_log a WHERE a.collection = 'facilities' AND a.code LIKE 'BURST-%'
                  AND NOT EXISTS (SELECT 1 FROM facility f WHERE f.code = a.code)) AS orphans`;
      expect(audit!.entries).toBe(audit!.facilities);
      expect(audit!.orphans).toBe(0);
    } finally {
      await db.close();
    }
    server = undefined;
  });

  it('a stale lock from a killed process does not block the next start', async () => {
    const dir = path.join(root, 'copy');
    cpSync(env.LIFECIRCLE_DATA_DIR!, dir, { recursive: true });
    // A lock naming a process that no longer exists (pid 2^22 - 1 is above Linux's default pid_max).
    writeFileSync(`${dir}.lock`, JSON.stringify({ pid: 4_194_303, start: '1', host: os.hostname(), command: 'serve', socket: '/nonexistent/.s.PGSQL.5432', since: 'then' }));
    const listed = await runCli(['user', 'list'], { ...env, LIFECIRCLE_DATA_DIR: dir });
    expect(listed.stderr).toBe('');
    expect(listed.status).toBe(0);
    expect(existsSync(`${dir}.lock`)).toBe(false);
  });
});
