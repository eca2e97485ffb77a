import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../api/src/config.ts';
import { UserStore } from '../../api/src/auth/users.ts';
import type { Db } from '../../api/src/db/connect.ts';
import { lsnBytes, type ReplicaStatus } from '../../api/src/db/read-replica.ts';
import { tileOfLonLat } from '../../api/src/domain/geo/web-mercator-tile.ts';
import { createLogger } from '../../api/src/log.ts';
import { startServer, type RunningServer } from '../../api/src/server.ts';
import { openTestDb } from '../helpers/db.ts';
import { documentedResponse } from '../helpers/openapi-shape.ts';
import { TEST_TOKEN_SECRET, TEST_USERS } from '../helpers/server.ts';

// A read replica: a streaming hot standby of the test server (.ci/replica-setup.sh makes one on
// 127.0.0.1:5433 and .ci/run sets TEST_DATABASE_READ_URL). Skipped when none is reachable.

const PRIMARY_URL = process.env.TEST_DATABASE_URL;
const READ_URL = process.env.TEST_DATABASE_READ_URL;
const MAX_LAG_MS = 4000;
const AS_OF = '2026-01-01';

async function isStandby(url: string | undefined): Promise<boolean> {
  if (!url) return false;
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 3 });
  try {
    const [row] = await sql<{ r: boolean }[]>`SELECT pg_is_in_recovery() AS r`;
    return row?.r === true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

const available = PRIMARY_URL !== undefined && (await isStandby(READ_URL));

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('read replica configuration', () => {
  it('should refuse DATABASE_READ_URL without DATABASE_URL, and a bad lag limit, naming the variable', () => {
    expect(() => loadConfig({ DATABASE_READ_URL: 'postgres://h/db' })).toThrow(/DATABASE_READ_URL: needs DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://h/db', DATABASE_READ_URL: 'mysql://h/db' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://h/db', LIFECIRCLE_REPLICA_MAX_LAG_MS: '0' })).toThrow(/LIFECIRCLE_REPLICA_MAX_LAG_MS/);
    const c = loadConfig({ DATABASE_URL: 'postgres://h/db', DATABASE_READ_URL: 'postgres://r/db' });
    expect(c.databaseReadUrl).toBe('postgres://r/db');
    expect(c.replica).toEqual({ maxLagMs: 5000, pollMs: 1000 });
  });

  it('should order WAL positions as PostgreSQL does', () => {
    expect(lsnBytes('0/0')).toBe(0n);
    expect(lsnBytes('1/0') > lsnBytes('0/FFFFFFFF')).toBe(true);
    expect(lsnBytes('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
    expect(() => lsnBytes('x/1')).toThrow(/pg_lsn/);
  });
});

describe.skipIf(!available)('read replica (a streaming hot standby)', () => {
  let db: Db;
  let server: RunningServer;
  let standby: postgres.Sql;
  let planner: Record<string, string>;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });
  let healthSchema: ReturnType<typeof documentedResponse> | undefined;
  const health = async () => {
    const body = (await (await get('/api/health')).json()) as { replica: ReplicaStatus; data_version: string };
    // Every answer, the replica's states included, as the OpenAPI document describes it (HealthReplica).
    healthSchema ??= documentedResponse(await (await get('/api/openapi.json')).json(), '/health', 'get', 200);
    expect(healthSchema.safeParse(body).error?.issues ?? [], JSON.stringify(body)).toEqual([]);
    return body.replica;
  };

  beforeAll(async () => {
    db = await openTestDb('postgres', 'demo');
    const [row] = await db.sql<{ name: string }[]>`SELECT current_database() AS name`;
    const name = row!.name;
    const primaryUrl = new URL(PRIMARY_URL!);
    primaryUrl.pathname = `/${name}`;
    const readUrl = new URL(READ_URL!);
    readUrl.pathname = `/${name}`;
    standby = postgres(READ_URL!, { max: 1, onnotice: () => {} });
    // The new database reaches the standby with the WAL of its CREATE DATABASE.
    await until('the test database on the standby', async () => {
      const rows = await standby`SELECT 1 FROM pg_database WHERE datname = ${name}`;
      return rows.length > 0 ? true : undefined;
    });
    const config = loadConfig({
      DATABASE_URL: primaryUrl.toString(), DATABASE_READ_URL: readUrl.toString(),
      LIFECIRCLE_REPLICA_MAX_LAG_MS: String(MAX_LAG_MS), LIFECIRCLE_REPLICA_POLL_MS: '200',
      PORT: '0', HOST: '127.0.0.1', LIFECIRCLE_SEED_ON_EMPTY: 'false', SHUTDOWN_GRACE_MS: '2000',
      LIFECIRCLE_RATE_LIMIT_PER_MIN: '10000000', LIFECIRCLE_LOGIN_LIMIT_PER_15MIN: '100000', LIFECIRCLE_TOKEN_SECRET: TEST_TOKEN_SECRET,
    });
    server = await startServer(config, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), { db });
    const { name: user, password } = TEST_USERS.planner;
    await new UserStore(db).add({ name: user, role: 'planner', password }, 'test-setup');
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: user, password }) });
    planner = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
  }, 120_000);

  afterAll(async () => {
    if (standby) {
      await standby`SELECT pg_wal_replay_resume()`.catch(() => {});
      await standby.end({ timeout: 2 });
    }
    await server?.close();
    await db?.close();
  });

  it('should show in /api/health that the replica is used, with its lag within the limit', async () => {
    const r = await until('the replica in use', async () => {
      const s = await health();
      return s.used ? s : undefined;
    });
    expect(r).toMatchObject({ configured: true, used: true, reason: null, reachable: true, max_lag_ms: MAX_LAG_MS });
    expect(r.lag_ms).toBeGreaterThanOrEqual(0);
    expect(r.lag_ms).toBeLessThanOrEqual(MAX_LAG_MS);
    expect(typeof r.lag_bytes).toBe('number');
    expect(r.replay_lsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
  });

  it('should serve public reads from the replica, a planner their own write at once, and the primary once the replica lags', async () => {
    await until('the replica in use', async () => ((await health()).used ? true : undefined));
    const [facility] = (await (await get('/api/collections/facilities/items?limit=1')).json() as { features: Array<{ id: string; properties: { name: string } }> }).features;
    const code = facility!.id;
    const item = `/api/collections/facilities/items/${encodeURIComponent(code)}`;
    const publicName = async () => ((await (await get(item)).json()) as { properties: { name: string } }).properties.name;
    const tileVersion = async (headers: Record<string, string> = {}) => ((await (await get('/api/tiles/facilities.json', headers)).json()) as { data_version: string }).data_version;
    const coverageVersion = async (headers: Record<string, string> = {}) =>
      ((await (await get(`/api/coverage?type=health_station&level=community&as_of=${AS_OF}`, headers)).json()) as { data_version: string }).data_version;
    // Warm the replica's engine and caches, so the reads below are quick.
    const before = await tileVersion();
    expect(await coverageVersion()).toBe(before);
    expect(await publicName()).toBe(facility!.properties.name);

    // Replay stops on the standby: from now on it answers with the data as it was.
    await standby`SELECT pg_wal_replay_pause()`;
    await until('replay paused', async () => {
      const [s] = await standby<{ state: string }[]>`SELECT pg_get_wal_replay_pause_state() AS state`;
      return s?.state === 'paused' ? true : undefined;
    });
    try {
      const current = await get(item, planner);
      const renamed = `${facility!.properties.name} (replica test)`;
      const patch = await fetch(`${server.url}${item}`, {
        method: 'PATCH', headers: { ...planner, 'content-type': 'application/merge-patch+json', 'if-match': current.headers.get('etag')! },
        body: JSON.stringify({ properties: { name: renamed } }),
      });
      expect(patch.status).toBe(200);
      // The planner reads the write back at once (planners read the primary) …
      expect(((await (await get(item, planner)).json()) as { properties: { name: string } }).properties.name).toBe(renamed);
      const after = await tileVersion(planner);
      expect(BigInt(after)).toBeGreaterThan(BigInt(before));
      // … while the public, within the lag limit, is answered by the standby: items, tiles and coverage as before the write.
      expect((await health()).used).toBe(true);
      expect(await publicName()).toBe(facility!.properties.name);
      expect(await tileVersion()).toBe(before);
      expect(await coverageVersion()).toBe(before);
      expect(await coverageVersion(planner)).toBe(after);

      // Past the limit the replica is not used: health says why, and the public reads the primary.
      const lagging = await until('the replica out of use', async () => {
        const s = await health();
        return !s.used ? s : undefined;
      }, MAX_LAG_MS + 20_000);
      expect(lagging).toMatchObject({ used: false, reason: 'lagging', reachable: true });
      expect(lagging.lag_ms).toBeGreaterThan(MAX_LAG_MS);
      expect(lagging.lag_bytes).toBeGreaterThan(0);
      expect(await publicName()).toBe(renamed);
      expect(await tileVersion()).toBe(after);
    } finally {
      await standby`SELECT pg_wal_replay_resume()`;
    }
    // Replay resumes: the replica catches up and serves again, now with the write.
    const back = await until('the replica back in use', async () => {
      const s = await health();
      return s.used ? s : undefined;
    });
    expect(back.lag_ms).toBeLessThanOrEqual(MAX_LAG_MS);
    expect(await publicName()).toBe(`${facility!.properties.name} (replica test)`);
  }, 90_000);

  // #19: the replica's TileService keeps its own TileCache. A standby cannot LISTEN (and NOTIFY is not
  // replicated), so its tiles are keyed by the replica's data version, read per request: a write on
  // the primary reaches a replica-served tile once the standby has replayed it, never later.
  it('should serve a facilities tile from the replica as before a write while replay is paused, and with the write once replayed', async () => {
    await until('the replica in use', async () => ((await health()).used ? true : undefined));
    const [facility] = (await (await get('/api/collections/facilities/items?limit=1&offset=3')).json() as {
      features: Array<{ id: string; geometry: { coordinates: [number, number] } }>;
    }).features;
    const code = facility!.id;
    const item = `/api/collections/facilities/items/${encodeURIComponent(code)}`;
    const [lon, lat] = facility!.geometry.coordinates;
    const { x, y } = tileOfLonLat(lon, lat, 15);
    const tileName = async (headers: Record<string, string> = {}) => {
      const res = await get(`/api/tiles/facilities/15/${x}/${y}.mvt`, headers);
      expect(res.status).toBe(200);
      const bytes = new Uint8Array(await res.arrayBuffer());
      const layer = new VectorTile(new PbfReader(bytes)).layers['facilities']!;
      for (let i = 0; i < layer.length; i += 1) {
        const f = layer.feature(i);
        if (f.properties.code === code) return String(f.properties.name);
      }
      throw new Error(`facility ${code} not in its tile 15/${x}/${y}`);
    };
    const current = await get(item, planner);
    const oldName = ((await current.clone().json()) as { properties: { name: string } }).properties.name;
    // Twice: the second is the replica's TileCache's.
    expect(await tileName()).toBe(oldName);
    expect(await tileName()).toBe(oldName);

    await standby`SELECT pg_wal_replay_pause()`;
    const renamed = `${oldName} (replica tile)`;
    try {
      await until('replay paused', async () => {
        const [s] = await standby<{ state: string }[]>`SELECT pg_get_wal_replay_pause_state() AS state`;
        return s?.state === 'paused' ? true : undefined;
      });
      const patch = await fetch(`${server.url}${item}`, {
        method: 'PATCH', headers: { ...planner, 'content-type': 'application/merge-patch+json', 'if-match': current.headers.get('etag')! },
        body: JSON.stringify({ properties: { name: renamed } }),
      });
      expect(patch.status).toBe(200);
      // The primary's tile has the write at once; the public one, from the paused standby, does not yet.
      expect(await tileName(planner)).toBe(renamed);
      expect((await health()).used).toBe(true);
      expect(await tileName()).toBe(oldName);
    } finally {
      await standby`SELECT pg_wal_replay_resume()`;
    }
    // Replayed: the replica answers (in use) with the write, not its cached tile of the old version.
    await until('the replica back in use', async () => ((await health()).used ? true : undefined));
    const seen = await until('the write in the replica tile', async () => {
      if (!(await health()).used) return undefined;
      const n = await tileName();
      return n === renamed ? n : undefined;
    }, 20_000);
    expect(seen).toBe(renamed);
  }, 90_000);
});

describe.skipIf(PRIMARY_URL === undefined)('read replica that cannot be reached', () => {
  let db: Db;
  let server: RunningServer;
  beforeAll(async () => {
    db = await openTestDb('postgres', 'demo');
    const [row] = await db.sql<{ name: string }[]>`SELECT current_database() AS name`;
    const primaryUrl = new URL(PRIMARY_URL!);
    primaryUrl.pathname = `/${row!.name}`;
    const config = loadConfig({
      // Nothing listens on port 1: every check fails at once.
      DATABASE_URL: primaryUrl.toString(), DATABASE_READ_URL: `postgres://postgres@127.0.0.1:1/${row!.name}`,
      LIFECIRCLE_REPLICA_POLL_MS: '200', PORT: '0', HOST: '127.0.0.1', LIFECIRCLE_SEED_ON_EMPTY: 'false', SHUTDOWN_GRACE_MS: '2000',
      LIFECIRCLE_TOKEN_SECRET: TEST_TOKEN_SECRET,
    });
    server = await startServer(config, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), { db });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it('should stay healthy, say why the replica is not used, and serve public reads from the primary', async () => {
    const res = await fetch(`${server.url}/api/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; replica: ReplicaStatus };
    expect(body.status).toBe('ok');
    expect(body.replica).toMatchObject({ configured: true, used: false, reachable: false, reason: 'unreachable', lag_ms: null });
    for (const path of ['/api/collections/facilities/items?limit=2', '/api/tiles/facilities.json', `/api/coverage?type=health_station&level=community&as_of=${AS_OF}`]) {
      expect((await fetch(`${server.url}${path}`)).status, path).toBe(200);
    }
  });
});

describe.skipIf(!available)('read replica that fails a read', () => {
  const ROLE = 'lifecircle_test_noread';
  let db: Db;
  let server: RunningServer;
  let admin: postgres.Sql;
  beforeAll(async () => {
    admin = postgres(PRIMARY_URL!, { max: 1, onnotice: () => {} });
    // A role that may connect and read the standby's replay position but no city table (roles replicate).
    await admin.unsafe(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${ROLE}') THEN CREATE ROLE ${ROLE} LOGIN; END IF; END $$`);
    db = await openTestDb('postgres', 'demo');
    const [row] = await db.sql<{ name: string }[]>`SELECT current_database() AS name`;
    const primaryUrl = new URL(PRIMARY_URL!);
    primaryUrl.pathname = `/${row!.name}`;
    const readUrl = new URL(READ_URL!);
    readUrl.pathname = `/${row!.name}`;
    readUrl.username = ROLE;
    const standby = postgres(READ_URL!, { max: 1, onnotice: () => {} });
    try {
      await until('the test database and role on the standby', async () => {
        const [r] = await standby<{ n: number }[]>`SELECT (SELECT count(*) FROM pg_database WHERE datname = ${row!.name})::int + (SELECT count(*) FROM pg_roles WHERE rolname = ${ROLE})::int AS n`;
        return r?.n === 2 ? true : undefined;
      });
    } finally {
      await standby.end({ timeout: 2 });
    }
    const config = loadConfig({
      DATABASE_URL: primaryUrl.toString(), DATABASE_READ_URL: readUrl.toString(), LIFECIRCLE_REPLICA_POLL_MS: '200',
      PORT: '0', HOST: '127.0.0.1', LIFECIRCLE_SEED_ON_EMPTY: 'false', SHUTDOWN_GRACE_MS: '2000', LIFECIRCLE_TOKEN_SECRET: TEST_TOKEN_SECRET,
    });
    server = await startServer(config, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), { db });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await db?.close();
    await admin?.unsafe(`DROP ROLE IF EXISTS ${ROLE}`).catch(() => {});
    await admin?.end({ timeout: 2 });
  });

  it('should answer a public read the standby fails (permission denied there) from the primary', async () => {
    await until('the replica in use', async () => {
      const s = ((await (await fetch(`${server.url}/api/health`)).json()) as { replica: ReplicaStatus }).replica;
      return s.used ? true : undefined;
    });
    const [expected] = await db.sql<{ code: string }[]>`SELECT code FROM facility ORDER BY code LIMIT 1`;
    for (const path of ['/api/collections/facilities/items?limit=1', '/api/tiles/facilities.json', `/api/coverage?type=health_station&level=community&as_of=${AS_OF}`]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(200);
      if (path.includes('items')) expect(((await res.json()) as { features: Array<{ id: string }> }).features[0]!.id).toBe(expected!.code);
    }
    // Request errors stand: a bad parameter is the caller's, whichever server would answer.
    expect((await fetch(`${server.url}/api/collections/facilities/items?limit=-1`)).status).toBe(400);
  });
});
