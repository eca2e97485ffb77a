import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/templates.ts';
import { orlibProblem } from '../unit/domain/siting/orlib.ts';

/** `lifecircle site` (matrix mode) through the real process: no database involved. */

const BIN = path.join(ROOT, 'api/bin/lifecircle.js');
const FIX = path.join(ROOT, 'tests/fixtures/siting');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'lifecircle-site-'));

function site(...args: string[]): { status: number | null; stdout: string; stderr: string; json: () => Record<string, unknown> } {
  const res = spawnSync(process.execPath, [BIN, 'site', ...args], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr, json: () => JSON.parse(res.stdout) as Record<string, unknown> };
}
const small = (...args: string[]) => site('--demand', path.join(FIX, 'small/demand.csv'), '--costs', path.join(FIX, 'small/costs.csv'), ...args);

describe('lifecircle site (matrix mode)', () => {
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('When asked for 2 max-coverage sites, then it prints { model, sites, objective, bound, gap } and exits 0', () => {
    const res = small('--model', 'mclp', '--p', '2', '--reach', '300');
    expect(res.status).toBe(0);
    const out = res.json();
    // Enumerated in tests/unit/domain/siting/enumeration.test.ts: S1 + S5 cover 172 of 260 households.
    expect(out).toMatchObject({ model: 'mclp', sites: ['S5', 'S1'], objective: 172, bound: 172, gap: 0, feasible: true });
    expect(out.curve).toEqual([0, 87, 172]);
  });

  it('When asked for a coverage target that the candidates cannot reach, then it says so and how close they get', () => {
    const out = small('--model', 'lscp', '--reach', '150', '--target', '95%').json();
    expect(out.feasible).toBe(false);
    expect(out.best_rate).toBeCloseTo(155 / 260, 12);
    expect(out.objective).toBe((out.sites as string[]).length);
  });

  it('When forcing and excluding sites with --exact, then the answer respects them and is proven optimal', () => {
    const res = small('--model', 'pmedian', '--p', '3', '--force', 'S1', '--exclude', 'S5', '--exact', '--time-limit', '30');
    expect(res.status).toBe(0);
    const out = res.json();
    expect(out.sites).toContain('S1');
    expect(out.sites).not.toContain('S5');
    expect(out.exact_status).toBe('optimal');
    expect(out.gap).toBe(0);
  });

  it('When given OR-Library pmed1 as CSV, then --exact gives the published optimum 5819', () => {
    const { problem, p } = orlibProblem('pmed1');
    writeFileSync(path.join(tmp, 'demand.csv'), `id,weight\n${problem.demandIds.map((id) => `${id},1`).join('\n')}\n`);
    const rows: string[] = ['demand_id,site_id,cost'];
    problem.siteIds.forEach((s, j) => {
      for (let k = problem.siteStart[j]!; k < problem.siteStart[j + 1]!; k++) rows.push(`${problem.demandIds[problem.demandIndex[k]!]},${s},${problem.cost[k]}`);
    });
    writeFileSync(path.join(tmp, 'costs.csv'), `${rows.join('\n')}\n`);
    const res = site('--model', 'pmedian', '--demand', path.join(tmp, 'demand.csv'), '--costs', path.join(tmp, 'costs.csv'), '--p', String(p), '--exact', '--time-limit', '120');
    expect(res.status).toBe(0);
    expect(res.json()).toMatchObject({ model: 'pmedian', objective: 5819, gap: 0, exact_status: 'optimal' });
  }, 150_000);

  it('When p-center is asked, then the objective is the largest cost', () => {
    const out = small('--model', 'pcenter', '--p', '2').json();
    expect(out).toMatchObject({ model: 'pcenter', objective: 474, sites: ['S5', 'S2'] });
  });

  it.each([
    ['a bad weight in demand.csv', ['--model', 'mclp', '--p', '2', '--reach', '300', '--demand', 'BAD_DEMAND', '--costs', path.join(FIX, 'small/costs.csv')], 'line 3: weight'],
    ['an unknown forced site', ['--model', 'mclp', '--p', '2', '--reach', '300', '--force', 'S9', '--demand', path.join(FIX, 'small/demand.csv'), '--costs', path.join(FIX, 'small/costs.csv')], '--force: site "S9"'],
    ['no --p for p-median', ['--model', 'pmedian', '--demand', path.join(FIX, 'small/demand.csv'), '--costs', path.join(FIX, 'small/costs.csv')], '--p'],
    ['a file that does not exist', ['--model', 'pmedian', '--p', '2', '--demand', '/nonexistent/demand.csv', '--costs', path.join(FIX, 'small/costs.csv')], '--demand: cannot read'],
    ['an unknown model', ['--model', 'median', '--p', '2', '--demand', path.join(FIX, 'small/demand.csv'), '--costs', path.join(FIX, 'small/costs.csv')], 'median'],
  ])('When given %s, then it exits 2 naming the fault and prints nothing on stdout', (_, args, message) => {
    const bad = path.join(tmp, 'bad-demand.csv');
    writeFileSync(bad, 'id,weight\nd01,3\nd02,lots\n');
    const res = site(...args.map((a) => (a === 'BAD_DEMAND' ? bad : a)));
    expect(res.status).toBe(2);
    expect(res.stderr).toContain(message);
    expect(res.stdout).toBe('');
  });
});

/** spopt's London schools case (tests/fixtures/siting/london/README.md): published figures, not ours. */
describe('lifecircle site: capacitated p-median (London schools, spopt)', () => {
  const LON = path.join(FIX, 'london');
  const forced = (file: string) => readFileSync(path.join(LON, file), 'utf8').trim();
  const london = (...args: string[]) =>
    site('--model', 'pmedian', '--costs', path.join(LON, 'costs.csv'), '--capacities', path.join(LON, 'caps.csv'), '--missing-cost', '10000', '--fill-forced', ...args);

  it('When the priority-1 schools are forced and filled, then the mean time is the published 87.2 min over the published open schools', () => {
    const res = london('--demand', path.join(LON, 'demand.csv'), '--p', '10', '--force', forced('forced-priority-1.txt'));
    expect(res.status).toBe(0);
    const out = res.json() as { sites: string[]; objective: number; gap: number; exact_status: string; distribution: { mean: number; max: number }; assignment: Record<string, string> };
    expect(out.objective).toBe(872);
    expect(out.distribution.mean).toBeCloseTo(87.2, 9);
    expect(out.exact_status).toBe('optimal');
    expect(out.gap).toBe(0);
    const published = ['IOE00406', 'IOE00553', 'IOE00674', 'IOE00694', 'IOE00812', 'IOE00867', 'IOE00953', 'IOE01009', 'IOE01062', 'IOE01856'];
    // Every school a student is sent to is in the published set; the published set's tenth school
    // (opened by spopt's Σ y = p) serves no one, and we do not open a school that serves no one.
    expect(published).toEqual(expect.arrayContaining(out.sites));
    expect(new Set(Object.values(out.assignment))).toEqual(new Set(out.sites));
    expect(out.sites.length).toBeGreaterThanOrEqual(9);
    // Forced schools are filled to capacity: IOE00867 (2 places) takes two students.
    expect(Object.values(out.assignment).filter((s) => s === 'IOE00867')).toHaveLength(2);
  }, 120_000);

  it.each([
    ['p = 0', ['--demand', 'DEMAND', '--p', '0'], '--p: infeasible'],
    ['the priority-3 schools forced and filled', ['--demand', 'DEMAND', '--p', '40', '--force', 'P3'], '--fill-forced: infeasible: the forced sites cannot be filled'],
    ['demand of 5 per student', ['--demand', path.join(LON, 'demand-5.csv'), '--p', '10', '--force', 'P1'], '--capacities: infeasible: demand 50 exceeds the highest possible capacity'],
  ])('When %s (a published error case), then it exits 2 naming the infeasibility', (_, args, message) => {
    const res = london(...args.map((a) => (a === 'DEMAND' ? path.join(LON, 'demand.csv') : a === 'P3' ? forced('forced-priority-3.txt') : a === 'P1' ? forced('forced-priority-1.txt') : a)));
    expect(res.status).toBe(2);
    expect(res.stderr).toContain(message);
    expect(res.stdout).toBe('');
  }, 60_000);

  it('When the exact worker is killed mid-solve, then the heuristic answer is printed with its bound and exact_status worker_killed (exit 0)', async () => {
    const { problem, p } = orlibProblem('pmed6');
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'lifecircle-site-kill-'));
    writeFileSync(path.join(tmp, 'd6.csv'), `id,weight\n${problem.demandIds.map((id) => `${id},1`).join('\n')}\n`);
    const rows: string[] = ['demand_id,site_id,cost'];
    problem.siteIds.forEach((s, j) => {
      for (let k = problem.siteStart[j]!; k < problem.siteStart[j + 1]!; k++) rows.push(`${problem.demandIds[problem.demandIndex[k]!]},${s},${problem.cost[k]}`);
    });
    writeFileSync(path.join(tmp, 'c6.csv'), `${rows.join('\n')}\n`);
    const child = spawn(process.execPath, [BIN, 'site', '--model', 'pmedian', '--p', String(p), '--demand', path.join(tmp, 'd6.csv'), '--costs', path.join(tmp, 'c6.csv'), '--exact', '--time-limit', '300', '--no-branch-and-bound'], { env: { ...process.env, DATABASE_URL: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /HiGHS worker pid (\d+)/.exec(stderr);
      if (m && !stderr.includes('#killed')) {
        stderr += '#killed';
        process.kill(Number(m[1]), 'SIGKILL');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    rmSync(tmp, { recursive: true, force: true });
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { objective: number; bound: number; exact_status: string; sites: string[] };
    expect(out.exact_status).toBe('worker_killed');
    expect(out.sites).toHaveLength(5);
    expect(out.objective).toBeGreaterThanOrEqual(7824);
    expect(out.bound).toBeLessThanOrEqual(7824);
  }, 120_000);
});
