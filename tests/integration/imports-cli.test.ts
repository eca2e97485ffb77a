import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/templates.ts';

const BIN = path.join(ROOT, 'api/bin/lifecircle.js');
const FIXTURES = path.join(ROOT, 'tests/fixtures/imports');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lifecircle-import-cli-'));
const env = { ...process.env, DATABASE_URL: '', LIFECIRCLE_DATA_DIR: dataDir, LOG_LEVEL: 'info' };

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env, maxBuffer: 10 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

// Runs in order on one fresh embedded database (the first command creates it).
describe('lifecircle import on the embedded database', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('When a districts CSV is imported into a new database, then it exits 0 with the report on stdout and progress on stderr', async () => {
    const { code, stdout, stderr } = await cli('import', 'districts', path.join(FIXTURES, 'valid/districts-streets.csv'));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ collection: 'districts', format: 'csv', rows: 3, inserted: 3, written: true, error_count: 0 });
    expect(stderr).toContain('import: reading, 3 rows');
  }, 120_000);

  it('When a dry run of GCJ-02 facilities is valid, then it exits 0 and writes nothing', async () => {
    const { code, stdout } = await cli('import', 'facilities', path.join(FIXTURES, 'valid/facilities-gcj02.csv'), '--crs', 'gcj02', '--dry-run');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ dry_run: true, crs: 'GCJ-02', inserted: 2, written: false });
  }, 60_000);

  it('When the file has a fault, then it exits 1 and the report names the field', async () => {
    const { code, stdout } = await cli('import', 'facilities', path.join(FIXTURES, 'invalid/unknown-facility-type.csv'));
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ written: false, error_count: 1 });
    expect(report.errors[0].field).toBe('rows[2].type');
  }, 60_000);

  it.each([
    [['import', 'parks', path.join(FIXTURES, 'valid/facilities-wkt.csv')], 'collection'],
    [['import', 'facilities', path.join(FIXTURES, 'valid/no-such-file.csv')], 'file'],
    [['import', 'facilities', path.join(FIXTURES, 'valid/facilities-wkt.csv'), '--crs', 'mars'], 'crs'],
  ])('When called as %j, then it exits 2 naming %s', async (args, field) => {
    const { code, stderr } = await cli(...args);
    expect(code).toBe(2);
    expect(stderr).toContain(`${field}:`);
  }, 60_000);
});
