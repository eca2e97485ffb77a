import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/templates.ts';

/** `lifecircle site` (matrix mode): fair siting, capacity-aware coverage, min spacing from coordinates. Hand-checked instances. */

const BIN = path.join(ROOT, 'api/bin/lifecircle.js');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'lifecircle-site-fair-'));
const file = (name: string, text: string): string => {
  const p = path.join(tmp, name);
  writeFileSync(p, text);
  return p;
};
function site(...args: string[]): { status: number | null; stderr: string; json: () => Record<string, any> } {
  const res = spawnSync(process.execPath, [BIN, 'site', ...args], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });
  return { status: res.status, stderr: res.stderr, json: () => JSON.parse(res.stdout) as Record<string, any> };
}

describe('lifecircle site: fair siting, capacities for coverage, min spacing', () => {
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  // Demand A, B, C at 0, 1 and 10 on a line, sites at 0, 1, 5, 10, cost |x − y|, p = 1.
  // p-median: site s1 (total 1 + 0 + 9 = 10). Fair, weight 1: s1 scores 10 + Σ|d − 10/3| = 10 + 34/3 = 21.33,
  // s5 (d = 5, 4, 5) scores 14 + 4/3 = 15.33, s0 11 + 38/3, s10 19 + …: s5.
  const lineDemand = () => file('line-demand.csv', 'id,weight\nA,1\nB,1\nC,1\n');
  const lineCosts = () => file('line-costs.csv', ['demand_id,site_id,cost', ...[0, 1, 5, 10].flatMap((s) => [['A', 0], ['B', 1], ['C', 10]].map(([d, x]) => `${d},s${s},${Math.abs((x as number) - s)}`))].join('\n'));

  it('When --fair 1 is given, then the fair answer (s5) differs from the p-median one (s1), with its total, deviation and distribution', () => {
    const plain = site('--model', 'pmedian', '--p', '1', '--demand', lineDemand(), '--costs', lineCosts());
    expect(plain.status).toBe(0);
    expect(plain.json()).toMatchObject({ sites: ['s1'], objective: 10, distribution: { median: 1, max: 9 } });
    const fair = site('--model', 'pmedian', '--p', '1', '--fair', '1', '--demand', lineDemand(), '--costs', lineCosts());
    expect(fair.status).toBe(0);
    const out = fair.json();
    expect(out.sites).toEqual(['s5']);
    expect(out.objective).toBeCloseTo(14 + 4 / 3, 9);
    expect(out.fair.total).toBe(14);
    expect(out.fair.deviation).toBeCloseTo(4 / 3, 9);
    expect(out.distribution).toMatchObject({ median: 5, max: 5 });
    expect(out.exact_status).toBe('optimal');
  }, 300_000);

  it('When --fair is asked of another model, then it exits 2 naming --fair', { timeout: 120_000 }, () => {
    const res = site('--model', 'mclp', '--p', '1', '--reach', '2', '--fair', '1', '--demand', lineDemand(), '--costs', lineCosts());
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/--fair/);
  });

  // a (6 households) and b (4) are both within reach of s1 (capacity 5); s2 (capacity 100) reaches b only.
  // Without capacities s1 covers all 10. With them: p = 1 → s1 covers 5 (s2 would cover 4); p = 2 → s1 + s2 cover 5 + 4 = 9.
  it('When coverage has capacities, then a site covers at most its capacity, and a second site takes the rest', () => {
    const demand = file('cap-demand.csv', 'id,weight\na,6\nb,4\n');
    const costs = file('cap-costs.csv', 'demand_id,site_id,cost\na,s1,100\nb,s1,100\nb,s2,100\n');
    const caps = file('cap-caps.csv', 'site_id,capacity\ns1,5\ns2,100\n');
    const free = site('--model', 'mclp', '--p', '1', '--reach', '300', '--demand', demand, '--costs', costs).json();
    expect(free).toMatchObject({ sites: ['s1'], objective: 10 });
    const one = site('--model', 'mclp', '--p', '1', '--reach', '300', '--capacities', caps, '--demand', demand, '--costs', costs);
    expect(one.status).toBe(0);
    expect(one.json()).toMatchObject({ sites: ['s1'], objective: 5, exact_status: 'optimal', load: { s1: 5 } });
    expect(one.json().rate).toBeCloseTo(0.5, 9);
    const two = site('--model', 'mclp', '--p', '2', '--reach', '300', '--capacities', caps, '--demand', demand, '--costs', costs).json();
    expect(two.sites).toEqual(['s1', 's2']);
    expect(two.objective).toBeCloseTo(9, 6);
    expect(two.bound).toBeCloseTo(9, 6);
    expect(two.load.s1 + two.load.s2).toBeCloseTo(9, 6);
    expect(two.load.s1).toBeLessThanOrEqual(5 + 1e-9);
  }, 300_000);

  // s1 at lon 0, s2 at 0.005 (556 m east), s3 at 0.02 (on the equator); demand at each, weights 10, 11, 1.
  // p = 2: {s1, s2} costs 1670 (c to s2), {s1, s3} 11 × 556 = 6116, {s2, s3} 10 × 556 = 5560: s1 + s2.
  // --min-spacing 1000: s1 and s2 conflict → {s2, s3} (5560).
  // An existing facility 56 m from s3 excludes s3 too: one of s1, s2 only; s2 costs 5560 + 1670 = 7230 < s1's 6116 + 2226.
  it('When --min-spacing is given with --coords and --existing-coords, then new sites keep it from each other and from existing facilities', () => {
    const demand = file('sp-demand.csv', 'id,weight\na,10\nb,11\nc,1\n');
    const d = { s1: { a: 0, b: 556, c: 2226 }, s2: { a: 556, b: 0, c: 1670 }, s3: { a: 2226, b: 1670, c: 0 } } as const;
    const costs = file('sp-costs.csv', ['demand_id,site_id,cost', ...Object.entries(d).flatMap(([s, row]) => Object.entries(row).map(([dd, c]) => `${dd},${s},${c}`))].join('\n'));
    const coords = file('sp-coords.csv', 'site_id,lon,lat\ns1,0,0\ns2,0.005,0\ns3,0.02,0\n');
    const existing = file('sp-existing.csv', 'id,lon,lat\nE1,0.0205,0\n');
    const args = ['--model', 'pmedian', '--p', '2', '--exact', '--demand', demand, '--costs', costs];
    const plain = site(...args).json();
    expect([...plain.sites].sort()).toEqual(['s1', 's2']);
    expect(plain.objective).toBe(1670);
    const spaced = site(...args, '--min-spacing', '1000', '--coords', coords).json();
    expect([...spaced.sites].sort()).toEqual(['s2', 's3']);
    expect(spaced.objective).toBe(5560);
    const both = site(...args, '--min-spacing', '1000', '--coords', coords, '--existing-coords', existing).json();
    expect(both.sites).toEqual(['s2']);
    expect(both.objective).toBe(5560 + 1670);
    expect(both.excluded_by_spacing).toEqual(['s3']);
    expect(both.exact_status).toBe('optimal');

    const missing = site(...args, '--min-spacing', '1000', '--coords', file('sp-few.csv', 'site_id,lon,lat\ns1,0,0\n'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--coords.*no coordinates for site "s2"/);
    const noCoords = site(...args, '--min-spacing', '1000');
    expect(noCoords.status).toBe(2);
    expect(noCoords.stderr).toMatch(/--coords/);
  }, 300_000);
});
