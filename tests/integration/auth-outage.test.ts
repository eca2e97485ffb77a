import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Killing the database's connections needs a database server: the embedded PGlite runs inside the
// app's own process (one session behind an in-process socket), so there is no backend to terminate
// and no outage to survive separately from the app. This runs when TEST_DATABASE_URL names a server.
const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('a killed database connection (PostgreSQL server)', () => {
  let server: TestServer;
  let admin: postgres.Sql;
  let database: string;
  beforeAll(async () => {
    server = await startTestServer({ backend: 'postgres', seed: 'demo' });
    admin = postgres(url!, { max: 1, onnotice: () => {} });
    database = (await server.db.sql<{ name: string }[]>`SELECT current_database() AS name`)[0]!.name;
  });
  afterAll(async () => {
    await admin?.unsafe(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`).catch(() => {});
    await admin?.end();
    await server?.close();
  });

  const facility = (code: string) => JSON.stringify({
    type: 'Feature', geometry: { type: 'Point', coordinates: [118.05, 36.8] },
    properties: { code, name: '断线测试站', type: 'health_station', status: 'open' },
  });
  const create = (code: string) => fetch(`${server.url}/api/collections/facilities/items`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...server.auth.planner }, body: facility(code),
  });

  it('When the connections are killed and the database refuses new ones, then it answers 503; afterwards it reconnects and lost nothing committed', async () => {
    expect((await create('OUTAGE-1')).status).toBe(201);

    await admin.unsafe(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS false`);
    try {
      await outage();
    } finally {
      await admin.unsafe(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`);
    }
    // postgres.js opens a new connection on the next query; a few tries allow for the pool's stale sockets.
    let status = 0;
    for (let attempt = 0; attempt < 10 && status !== 200; attempt += 1) status = (await fetch(`${server.url}/api/health`)).status;
    expect(status).toBe(200);
    expect((await fetch(`${server.url}/api/collections/facilities/items/OUTAGE-1`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/collections/facilities/items/OUTAGE-2`)).status).toBe(404);
    expect((await create('OUTAGE-3')).status).toBe(201);
  });

  /** With every connection killed and none allowed: everything answers 503, in the JSON error shape. */
  async function outage(): Promise<void> {
    const killed = await admin<{ pid: number }[]>`
      SELECT pg_terminate_backend(pid) AS pid FROM pg_stat_activity WHERE datname = ${database} AND pid <> pg_backend_pid()`;
    expect(killed.length).toBeGreaterThan(0);

    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(503);
    expect(((await health.json()) as { status: string }).status).toBe('unavailable');
    const read = await fetch(`${server.url}/api/collections/facilities/items?limit=1`);
    expect(read.status).toBe(503);
    const readBody = (await read.json()) as { error: { code: string; message: string } };
    expect(readBody.error.code).toBe('service_unavailable');
    expect(JSON.stringify(readBody)).not.toMatch(/SELECT|ALLOW_CONNECTIONS|at .*\.ts/);
    const write = await create('OUTAGE-2'); // the token is checked against the database too
    expect(write.status).toBe(503);
    expect(((await write.json()) as { error: { code: string } }).error.code).toBe('service_unavailable');
  }

  it('When connections are killed while the database stays up, then the next requests reconnect', async () => {
    // Each pooled socket the kill reaches can fail the one request that finds it (postgres.js sees the close
    // only then): up to the pool's size (10) of 503s, never a 500, then it answers again.
    const POOL = 10;
    await admin`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ${database} AND pid <> pg_backend_pid()`;
    const statuses: number[] = [];
    while (statuses.length <= POOL && statuses.at(-1) !== 200) statuses.push((await fetch(`${server.url}/api/collections/streets/items?limit=1`)).status);
    expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    expect(statuses.at(-1)).toBe(200);

    // Writes (a transaction with its audit entry) right after a kill: each one is all there or not at all.
    await admin`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ${database} AND pid <> pg_backend_pid()`;
    const writes: Array<[string, number]> = [];
    while (writes.length <= POOL && writes.at(-1)?.[1] !== 201) {
      const code = `OUTAGE-W${String(writes.length).padStart(2, '0')}`;
      writes.push([code, (await create(code)).status]);
    }
    expect(writes.filter(([, s]) => s !== 201 && s !== 503)).toEqual([]);
    expect(writes.at(-1)![1]).toBe(201);
    const stored = await server.db.sql<{ code: string; audited: boolean }[]>`
      SELECT f.code, EXISTS (SELECT 1 FROM audit_log a WHERE a.code = f.code AND a.action = 'create') AS audited
      FROM facility f WHERE f.code LIKE 'OUTAGE-W%' ORDER BY f.code`;
    expect(stored).toEqual(writes.filter(([, s]) => s === 201).map(([code]) => ({ code, audited: true })));
  });
});
