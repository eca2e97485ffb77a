import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { pgliteTemplatePath, ROOT } from '../helpers/templates.ts';

// targets.md (../shared/planning-docs) lists 67 Beijing targets (counted by hand); where the file is at hand, its ids in its order.
const TARGETS_MD = path.join(ROOT, '../shared/planning-docs/targets.md');
const BJ_IDS = existsSync(TARGETS_MD) ? [...readFileSync(TARGETS_MD, 'utf8').matchAll(/^\| (bj\.[a-z0-9_.]+) \|/gm)].map((m) => m[1]!) : null;

const BIN = path.join(ROOT, 'api/bin/lifecircle.js');

describe('lifecircle evaluate / progress / plans on the embedded demo city', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lifecircle-plans-cli-'));
  const dataDir = path.join(dir, 'pglite');
  const env = { ...process.env, DATABASE_URL: '', LIFECIRCLE_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 120_000 });

  beforeAll(() => {
    // The demo template is a dump of a PGlite data directory: unpacked, it is one.
    mkdirSync(dataDir);
    const untar = spawnSync('tar', ['-xzf', pgliteTemplatePath('demo', inject('templateHash')), '-C', dataDir], { encoding: 'utf8' });
    if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('should reject an invalid profile file with the path of each fault and exit 2, without a database', () => {
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ id: 'x-plan', name: { zh: '甲', en: 'A' }, authority: { zh: '甲', en: 'A' }, period: { from: 2001, to: 2005 }, document: { title: 't' }, targets: [{ id: 'x.a', kind: 'total', level: 'city', text: { zh: '甲', en: 'A' }, source: { quote: 'q' }, deadline: null, threshold: '50' }] }));
    const r = cli('plans', 'validate', '--offline', file);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('targets[0].threshold: expected number, received string');
    expect(r.stderr).toContain('targets[0].measure: expected object, received undefined');
  });

  it('should print the evaluation as CSV, one row per target', () => {
    const r = cli('evaluate', 'beijing-2001-2005', '--as-of', '2005-12-31', '--format', 'csv');
    expect(r.status, r.stderr).toBe(0);
    const rows = parse(r.stdout, { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(67);
    if (BJ_IDS) expect(rows.map((x) => x.id)).toEqual(BJ_IDS);
    expect(rows.find((x) => x.id === 'bj.health.street_center')!.status).toBe('not_met');
  });

  it('should take a reported figure and show it, marked as reported, in the English HTML report', () => {
    const entered = cli('plans', 'report', 'zibo-2003-2007', 'zb.health.satisfaction', '--value', '96.5', '--date', '2007-06-30', '--source', '市卫生局抽样调查', '--author', '赵六');
    expect(entered.status, entered.stderr).toBe(0);
    expect(JSON.parse(entered.stdout)).toMatchObject({ target_id: 'zb.health.satisfaction', value: 96.5 });
    const html = cli('evaluate', 'zibo-2003-2007', '--as-of', '2007-12-31', '--format', 'html', '--lang', 'en');
    expect(html.status, html.stderr).toBe(0);
    expect(html.stdout).toContain('<html lang="en">');
    expect(html.stdout).toContain('entered by 赵六');
    expect(html.stdout).toContain('Reported figure · not computed from the map');
  });

  it('should take a figure per street with --unit, and refuse a CSV of figures naming the faulty row', () => {
    // Two runs only (each opens the embedded database); the API test covers the rest on both backends.
    // The demo city's D01S01 is a street (街道); D04S01 is a township (乡镇), which zb.employment.reemployed does not check.
    const entered = cli('plans', 'report', 'zibo-2003-2007', 'zb.employment.reemployed', '--value', '72', '--date', '2007-06-30', '--source', '区劳动局', '--author', '赵六', '--unit', 'D01S01');
    expect(entered.status, entered.stderr).toBe(0);
    expect(JSON.parse(entered.stdout)).toMatchObject({ target_id: 'zb.employment.reemployed', unit_code: 'D01S01', value: 72 });
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'target_id,unit,value,date,source,author\nzb.employment.reemployed,D01S02,55,2007-06-30,区劳动局,赵六\nzb.employment.reemployed,D04S01,61,2007-06-30,区劳动局,赵六\n');
    const refused = cli('plans', 'import-reported', 'zibo-2003-2007', bad);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('row 3: unit:');
  }, 120_000);
});
