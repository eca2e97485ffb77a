import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../api/src/db/connect.ts';
import { ROOT } from '../helpers/templates.ts';

const BIN = path.join(ROOT, 'api/bin/lifecircle.js');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lifecircle-cli-'));
const env = { ...process.env, DATABASE_URL: '', LIFECIRCLE_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' };

/** Starts `lifecircle serve` and resolves with its URL once it logs that it listens. */
function serve(): Promise<{ child: ChildProcess; url: string; log: () => string }> {
  const child = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listen within 90 s:\n${stderr}`)), 90_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const m = /listening on (http:\/\/[^"\s]+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, log: () => stderr });
      }
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} before listening:\n${stderr}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.on('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

async function count(url: string, collection: string, filter = ''): Promise<number> {
  const res = await fetch(`${url}/api/collections/${collection}/items?limit=1${filter}`);
  return ((await res.json()) as { numberMatched: number }).numberMatched;
}

describe('lifecircle CLI on the embedded database', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('When started on an empty data dir, then it seeds the demo city, serves health, and exits 0 on SIGTERM', async () => {
    const { child, url, log } = await serve();
    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(200);
    expect(await count(url, 'communities')).toBeGreaterThanOrEqual(250);
    expect(log()).toContain('database initialised');
    expect(await stop(child)).toBe(0);
  });

  it('When restarted after an edit, then the edit survives and nothing is re-seeded', async () => {
    const db = await openDatabase({ dataDir });
    const [before] = await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM facility`;
    await db.sql`DELETE FROM facility WHERE code = (SELECT min(code) FROM facility)`;
    await db.sql`UPDATE community SET name = '测试社区' WHERE code = (SELECT min(code) FROM community)`;
    await db.close();

    const { child, url, log } = await serve();
    expect(await count(url, 'facilities')).toBe(before!.n - 1);
    expect(await count(url, 'communities', `&name=${encodeURIComponent('测试社区')}`)).toBe(1);
    expect(log()).not.toContain('database initialised');
    expect(await stop(child)).toBe(0);
  });

  it('should print migrate and seed results as JSON on stdout', () => {
    const migrate = spawnSync(process.execPath, [BIN, 'migrate'], { env, encoding: 'utf8' });
    expect(migrate.status).toBe(0);
    expect(JSON.parse(migrate.stdout)).toEqual({ applied: [] });
    const seed = spawnSync(process.execPath, [BIN, 'seed'], { env, encoding: 'utf8' });
    expect(seed.status).toBe(0);
    const result = JSON.parse(seed.stdout);
    expect(result.communities).toBeGreaterThanOrEqual(250);
    expect(result.facility_types).toBeGreaterThanOrEqual(12);
  });

  it('should print coverage as CSV that scripts can parse, and reject an unknown type with exit 2', () => {
    const ok = spawnSync(process.execPath, [BIN, 'coverage', '--type', 'health_center', '--level', 'district', '--as-of', '2026-01-01', '--format', 'csv'], { env, encoding: 'utf8' });
    expect(ok.status).toBe(0);
    const lines = ok.stdout.trim().split('\n');
    expect(lines[0]).toBe('code,name,households,households_covered,rate,population,population_covered,elderly,elderly_covered');
    expect(lines.length).toBeGreaterThanOrEqual(4);
    const bad = spawnSync(process.execPath, [BIN, 'coverage', '--type', 'swimming_pool'], { env, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown facility type');
  });

  it('When the configuration is bad, then it exits 2 naming the variable', () => {
    const res = spawnSync(process.execPath, [BIN, 'migrate'], { env: { ...env, PORT: 'eighty' }, encoding: 'utf8' });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('PORT');
    expect(res.stdout).toBe('');
  });
});
