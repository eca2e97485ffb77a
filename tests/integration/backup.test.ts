import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupError, loadDatabase } from '../../api/src/db/backup.ts';
import { readBackupFile, writeBackupFile } from '../../api/src/db/backup-file.ts';
import { openDatabase, type Db } from '../../api/src/db/connect.ts';
import { migrate } from '../../api/src/db/migrate.ts';
import { portableChecksums } from '../helpers/checksum.ts';
import { testBackends } from '../helpers/db.ts';
import { ROOT } from '../helpers/templates.ts';
import { startTestServer, TEST_USERS, type TestServer } from '../helpers/server.ts';

// Issue #14 item 4: backup → restore, and export to a PostgreSQL server, lose nothing — accounts, keys,
// scenarios, plan profiles and the audit log included. Checked with digests computed here, apart from the
// ones the backup code writes and verifies itself.

const digests = portableChecksums;
const count = (digest: string | undefined) => Number(digest?.split(':')[0]);

/** A city with everything a bureau would miss: accounts, an API key, a scenario, a plan profile, edits. */
async function populate(server: TestServer): Promise<void> {
  const call = async (method: string, url: string, body: unknown, headers: Record<string, string> = {}) => {
    const r = await fetch(`${server.url}/api${url}`, { method, headers: { ...server.auth.admin, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    if (r.status >= 300) throw new Error(`${method} ${url}: ${r.status} ${await r.text()}`);
    return r.json() as Promise<Record<string, unknown>>;
  };
  const [f] = await server.db.sql<{ type: string; lon: number; lat: number }[]>`SELECT type, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM facility ORDER BY code LIMIT 1`;
  await call('POST', '/scenarios', { name: '备份方案', description: '备份测试', changes: [{ op: 'add', type: f!.type, lon: f!.lon + 0.001, lat: f!.lat }] });
  await call('POST', '/collections/facilities/items', { type: 'Feature', geometry: { type: 'Point', coordinates: [f!.lon + 0.002, f!.lat] }, properties: { code: 'BACKUP-1', name: '备份测试站', type: f!.type } });
  await call('POST', '/keys', { user: TEST_USERS.planner.name, label: 'backup-test' });
  // A bureau's own plan profile (the shipped ones are files, not rows).
  const profile = JSON.parse(readFileSync(path.join(ROOT, 'seeds/plans/zibo-2003-2007.json'), 'utf8')) as { id: string; name?: string };
  await call('PUT', '/plans/backup-test', { ...profile, id: 'backup-test' });
}

describe.each(testBackends())('backup and restore on %s', (backend) => {
  let server: TestServer;
  let dir: string;
  let before: Record<string, string>;
  let file: string;
  let trailer: Awaited<ReturnType<typeof writeBackupFile>>;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: 'demo' });
    dir = mkdtempSync(path.join(os.tmpdir(), 'lifecircle-backup-test-'));
    await populate(server);
    before = await digests(server.db);
    file = path.join(dir, 'city.lcbackup.gz');
    trailer = await writeBackupFile(server.db, file);
  });
  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('When the city is backed up, changed and restored, then every table equals the backup, sequences never go back and the data version moves on', async () => {
    expect(count(before.users)).toBeGreaterThanOrEqual(2);
    expect(count(before.scenario)).toBeGreaterThanOrEqual(1);
    expect(count(before.audit_log)).toBeGreaterThanOrEqual(2);
    expect(count(before.api_keys)).toBeGreaterThanOrEqual(1);
    expect(count(before.plan_profile)).toBeGreaterThanOrEqual(1);
    expect(count(before.building)).toBeGreaterThan(1000);
    expect(trailer.tables.building!.rows).toBe(count(before.building));

    const [{ version: v0, seq: s0 } = { version: '', seq: '' }] = await server.db.sql<{ version: string; seq: string }[]>`
      SELECT (SELECT version::text FROM data_version) AS version, (SELECT last_value::text FROM audit_log_id_seq) AS seq`;
    // Lose things after the backup: a deleted street's worth of buildings, an account, an audit entry.
    await server.db.sql`DELETE FROM building WHERE code IN (SELECT code FROM building ORDER BY code LIMIT 500)`;
    await server.db.sql`DELETE FROM api_keys`;
    await server.db.sql`INSERT INTO audit_log (collection, code, action, actor) VALUES ('facilities', 'AFTER-BACKUP', 'create', 'test')`;
    expect(await digests(server.db)).not.toEqual(before);

    const report = await loadDatabase(server.db, readBackupFile(file));
    expect(report.tables.building).toBe(count(before.building));
    expect(await digests(server.db)).toEqual(before);
    const [{ version: v1, seq: s1 } = { version: '', seq: '' }] = await server.db.sql<{ version: string; seq: string }[]>`
      SELECT (SELECT version::text FROM data_version) AS version, (SELECT last_value::text FROM audit_log_id_seq) AS seq`;
    expect(BigInt(v1)).toBeGreaterThan(BigInt(v0));
    expect(BigInt(s1)).toBeGreaterThanOrEqual(BigInt(s0));
  });

  it('When a backup is cut off, damaged in one row, or of another schema, then restore refuses naming why and changes nothing', { timeout: 240_000 }, async () => {
    const good = gunzipSync(readFileSync(file)).toString('utf8').split('\n').filter(Boolean);
    const now = await digests(server.db);
    const variants: [string, string[], RegExp][] = [
      ['cut', good.slice(0, Math.floor(good.length / 2)), /incomplete \(no trailer\)/],
      [
        'damaged',
        good.map((line, i) => (i === 3 ? line.replace(/"rows":\["\(/, '"rows":["(x') : line)),
        /table \w+: rows 1–\d+ do not load .*damaged/,
      ],
      ['schema', [good[0]!.replace(/"migrations":\["0001_extensions"/, '"migrations":["0000_other"'), ...good.slice(1)], /schema .* differs/],
      ['digest', good.map((line, i) => (i === good.length - 1 ? line.replace(/"md5":"[0-9a-f]/, '"md5":"z') : line)), /md5/],
    ];
    for (const [name, lines, message] of variants) {
      const bad = path.join(dir, `${name}.lcbackup.gz`);
      writeFileSync(bad, gzipSync(`${lines.join('\n')}\n`));
      await expect(loadDatabase(server.db, readBackupFile(bad)), name).rejects.toThrow(message);
      expect(await digests(server.db), name).toEqual(now);
    }
    await expect(loadDatabase(server.db, readBackupFile(path.join(dir, 'missing.gz')))).rejects.toBeInstanceOf(BackupError);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('export of the embedded city to a PostgreSQL server', () => {
  let server: TestServer;
  let target: Db;
  let dir: string;
  const name = `lifecircle_export_${process.pid}_${Date.now()}`;
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://x/y');
  url.pathname = `/${name}`;
  beforeAll(async () => {
    server = await startTestServer({ backend: 'pglite', seed: 'demo' });
    await populate(server);
    dir = mkdtempSync(path.join(os.tmpdir(), 'lifecircle-export-test-'));
    const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    await admin`CREATE DATABASE ${admin(name)}`;
    await admin.end();
    target = await openDatabase({ databaseUrl: url.toString(), maxConnections: 2 });
  });
  afterAll(async () => {
    await target?.close();
    await server?.close();
    const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    await admin`DROP DATABASE IF EXISTS ${admin(name)} WITH (FORCE)`;
    await admin.end();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('When the embedded city is exported to a fresh PostGIS database, then every table there equals the source, row for row', async () => {
    const file = path.join(dir, 'export.lcbackup.gz');
    await writeBackupFile(server.db, file);
    await migrate(target);
    await loadDatabase(target, readBackupFile(file));
    const source = await digests(server.db);
    expect(count(source.users)).toBeGreaterThanOrEqual(2);
    expect(await digests(target)).toEqual(source);
    // PostGIS on the server reads the moved geometries as the embedded one did.
    const area = (db: Db) => db.sql<{ m2: number }[]>`SELECT round(sum(ST_Area(geom::geography)))::float AS m2 FROM community`;
    expect((await area(target))[0]!.m2).toBe((await area(server.db))[0]!.m2);
  });
});
