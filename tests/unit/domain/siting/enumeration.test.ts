import { describe, expect, it } from 'vitest';
import { matrixProblem, siteIndices, solve, type SitingModel, type SitingProblem, type SitingSolution } from '../../../../api/src/domain/siting/index.ts';
import { denseMatrix, readMatrix } from './fixtures.ts';

/**
 * Every model on the hand-made `small` fixture, heuristic and exact, against the optimum found by
 * enumerating every feasible site set with an evaluation written here from the dense matrix.
 */

const dense = denseMatrix('small');
const { demandCsv, costsCsv } = readMatrix('small');
const nSites = dense.siteIds.length;
const nDemand = dense.demandIds.length;

/** An existing facility near d07: costs by hand (Infinity = none within the matrix). */
const EXISTING = [Infinity, Infinity, 350, Infinity, Infinity, 200, 0, 290, Infinity, Infinity, Infinity, Infinity];

interface Case {
  name: string;
  model: SitingModel;
  p?: number;
  reach?: number;
  targetRate?: number;
  forced?: string[];
  excluded?: string[];
  conflicts?: Array<[string, string]>;
  existing?: boolean;
}

const CASES: Case[] = [
  { name: 'mclp p=2', model: 'mclp', p: 2, reach: 300 },
  { name: 'mclp p=3, S7 forced', model: 'mclp', p: 3, reach: 250, forced: ['S7'] },
  { name: 'mclp p=2, S4 and S5 excluded', model: 'mclp', p: 2, reach: 300, excluded: ['S4', 'S5'] },
  { name: 'mclp p=3, spacing conflicts', model: 'mclp', p: 3, reach: 300, conflicts: [['S4', 'S5'], ['S1', 'S4'], ['S2', 'S5']] },
  { name: 'mclp p=2 with an existing facility', model: 'mclp', p: 2, reach: 300, existing: true },
  { name: 'lscp 100 %', model: 'lscp', targetRate: 1, reach: 300 },
  { name: 'lscp 80 %', model: 'lscp', targetRate: 0.8, reach: 300 },
  { name: 'lscp 90 %, S2 forced, S5 excluded', model: 'lscp', targetRate: 0.9, reach: 350, forced: ['S2'], excluded: ['S5'] },
  { name: 'lscp 100 % unreachable at 150', model: 'lscp', targetRate: 1, reach: 150 },
  { name: 'lscp 70 % with an existing facility', model: 'lscp', targetRate: 0.7, reach: 250, existing: true },
  { name: 'pmedian p=2', model: 'pmedian', p: 2 },
  { name: 'pmedian p=3, S1 forced, S5 excluded', model: 'pmedian', p: 3, forced: ['S1'], excluded: ['S5'] },
  { name: 'pmedian p=3, conflicts', model: 'pmedian', p: 3, conflicts: [['S4', 'S5'], ['S2', 'S3']] },
  { name: 'pmedian p=2 with an existing facility', model: 'pmedian', p: 2, existing: true },
  { name: 'pcenter p=2', model: 'pcenter', p: 2 },
  { name: 'pcenter p=3, S6 forced, S4 excluded', model: 'pcenter', p: 3, forced: ['S6'], excluded: ['S4'] },
  { name: 'pcenter p=3, conflicts', model: 'pcenter', p: 3, conflicts: [['S4', 'S5'], ['S3', 'S7']] },
  { name: 'pcenter p=2 with an existing facility', model: 'pcenter', p: 2, existing: true },
];

// ---- independent truth -------------------------------------------------------------------------

const totalWeight = dense.weights.reduce((a, b) => a + b, 0);
function existingOf(c: Case): number[] {
  return c.existing ? EXISTING : dense.demandIds.map(() => Infinity);
}
/** 10 × the largest listed or existing cost: the documented default unlisted cost. */
function unlisted(c: Case): number {
  let max = 0;
  for (const row of dense.cost) for (const v of row) if (v !== Infinity) max = Math.max(max, v);
  for (const v of existingOf(c)) if (v !== Infinity) max = Math.max(max, v);
  return 10 * max;
}
/** The model's value of a site set (indices into dense.siteIds). */
function valueOf(c: Case, sites: number[]): number {
  const e = existingOf(c);
  const u = unlisted(c);
  let covered = 0;
  let sum = 0;
  let max = 0;
  for (let i = 0; i < nDemand; i++) {
    const w = dense.weights[i]!;
    const best = Math.min(e[i]!, ...sites.map((j) => dense.cost[j]![i]!));
    if (best <= (c.reach ?? -1)) covered += w;
    if (w > 0) {
      const d = Math.min(best, u);
      sum += w * d;
      max = Math.max(max, d);
    }
  }
  if (c.model === 'mclp' || c.model === 'lscp') return covered;
  return c.model === 'pmedian' ? sum : max;
}
const idx = (ids: string[] = []): number[] => ids.map((id) => dense.siteIds.indexOf(id));
function feasibleSet(c: Case, sites: number[]): boolean {
  if (!idx(c.forced).every((f) => sites.includes(f))) return false;
  if (idx(c.excluded).some((x) => sites.includes(x))) return false;
  return (c.conflicts ?? []).every(([a, b]) => !(sites.includes(idx([a])[0]!) && sites.includes(idx([b])[0]!)));
}
function allSubsets(): number[][] {
  const out: number[][] = [];
  for (let mask = 0; mask < 1 << nSites; mask++) out.push([...Array(nSites).keys()].filter((j) => mask & (1 << j)));
  return out;
}
/** Optimum by enumeration: the model's objective, and for lscp the best rate of the candidates. */
function enumerate(c: Case): { optimum: number; bestRate?: number } {
  const sets = allSubsets().filter((s) => feasibleSet(c, s));
  if (c.model === 'lscp') {
    const all = [...Array(nSites).keys()].filter((j) => !idx(c.excluded).includes(j));
    const bestRate = valueOf(c, all) / totalWeight;
    const need = Math.min(c.targetRate!, bestRate) * totalWeight - 1e-9;
    return { optimum: Math.min(...sets.filter((s) => valueOf(c, s) >= need).map((s) => s.length)), bestRate };
  }
  const values = sets.filter((s) => s.length <= c.p!).map((s) => valueOf(c, s));
  return { optimum: c.model === 'mclp' ? Math.max(...values) : Math.min(...values) };
}

// ---- under test --------------------------------------------------------------------------------

function problemFor(c: Case): SitingProblem {
  const problem = matrixProblem(demandCsv, costsCsv);
  if (c.existing) problem.existingCost = Float64Array.from(EXISTING);
  return problem;
}
async function run(c: Case, method: 'heuristic' | 'exact'): Promise<{ problem: SitingProblem; s: SitingSolution }> {
  const problem = problemFor(c);
  const ids = (list: string[] = []) => siteIndices(problem, list, 'test');
  const s = await solve(problem, {
    model: c.model,
    p: c.p,
    reach: c.reach,
    targetRate: c.targetRate,
    forced: ids(c.forced),
    excluded: ids(c.excluded),
    conflicts: (c.conflicts ?? []).map(([a, b]) => [ids([a])[0]!, ids([b])[0]!].sort((x, y) => x - y) as [number, number]),
    method,
    timeLimitS: 30,
  });
  return { problem, s };
}
/** Dense-matrix indices of the solution's sites (by id: the matrix parser may number differently). */
const denseSites = (problem: SitingProblem, s: SitingSolution): number[] => s.sites.map((j) => dense.siteIds.indexOf(problem.siteIds[j]!));

describe.each(CASES)('$name', (c) => {
  const truth = enumerate(c);
  const maximize = c.model === 'mclp';

  it('should find the enumerated optimum with the exact method, with a zero gap', async () => {
    const { problem, s } = await run(c, 'exact');
    const sites = denseSites(problem, s);
    expect(feasibleSet(c, sites)).toBe(true);
    expect(s.exactStatus).toBe('optimal');
    if (c.model === 'lscp') {
      expect(s.objective).toBe(truth.optimum);
      expect(valueOf(c, sites)).toBeGreaterThanOrEqual(Math.min(c.targetRate!, truth.bestRate!) * totalWeight - 1e-9);
    } else {
      expect(sites.length).toBeLessThanOrEqual(c.p!);
      expect(s.objective).toBeCloseTo(truth.optimum, 9);
    }
    expect(s.bound).toBeCloseTo(truth.optimum, 6);
    expect(s.gap).toBe(0);
  });

  it('should give a heuristic answer no better than the optimum, a valid bound and an honest gap', async () => {
    const { problem, s } = await run(c, 'heuristic');
    const sites = denseSites(problem, s);
    expect(feasibleSet(c, sites)).toBe(true);
    if (c.model === 'lscp') {
      expect(s.objective).toBe(sites.length);
      expect(s.objective).toBeGreaterThanOrEqual(truth.optimum);
      expect(s.bound).toBeLessThanOrEqual(truth.optimum);
    } else {
      expect(s.objective).toBeCloseTo(valueOf(c, sites), 9);
      if (maximize) {
        expect(s.objective).toBeLessThanOrEqual(truth.optimum + 1e-9);
        expect(s.bound).toBeGreaterThanOrEqual(truth.optimum - 1e-9);
      } else {
        expect(s.objective).toBeGreaterThanOrEqual(truth.optimum - 1e-9);
        expect(s.bound).toBeLessThanOrEqual(truth.optimum + 1e-9);
      }
    }
    const expectedGap = Math.abs(s.objective - s.bound) / Math.abs(s.objective);
    expect(s.gap).toBeCloseTo(expectedGap < 1e-9 ? 0 : expectedGap, 12);
  });

  it('should order the sites greedily by what each adds, with the curve of values after 0, 1, 2… sites', async () => {
    const { problem, s } = await run(c, 'exact');
    const sites = denseSites(problem, s);
    // lscp's curve is the covered weight; the others' the objective.
    const curveCase: Case = c.model === 'lscp' ? { ...c, model: 'mclp' } : c;
    expect(s.curve).toHaveLength(sites.length + 1);
    sites.forEach((_, k) => expect(s.curve[k]).toBeCloseTo(valueOf(curveCase, sites.slice(0, k)), 9));
    expect(s.curve.at(-1)).toBeCloseTo(c.model === 'lscp' ? valueOf(curveCase, sites) : s.objective, 9);
    // Greedy order: the next site adds the most (for pcenter and pmedian: removes the most weighted
    // cost), ties to the lower index.
    const sumCase: Case = c.model === 'pcenter' ? { ...c, model: 'pmedian' } : curveCase;
    for (let k = 0; k < sites.length; k++) {
      const before = valueOf(sumCase, sites.slice(0, k));
      const gainOf = (j: number) => Math.abs(valueOf(sumCase, [...sites.slice(0, k), j]) - before);
      const remaining = sites.slice(k);
      const best = Math.max(...remaining.map(gainOf));
      const expected = remaining.filter((j) => gainOf(j) >= best - 1e-9).sort((a, b) => problem.siteIds.indexOf(dense.siteIds[a]!) - problem.siteIds.indexOf(dense.siteIds[b]!))[0];
      expect(sites[k]).toBe(expected);
    }
  });

  if (c.model === 'lscp') {
    it('should report feasibility and the best rate the candidates can give', async () => {
      const { s } = await run(c, 'heuristic');
      expect(s.bestRate).toBeCloseTo(truth.bestRate!, 12);
      expect(s.feasible).toBe(c.targetRate! <= truth.bestRate! + 1e-12);
      expect(s.rate).toBeCloseTo(s.curve.at(-1)! / totalWeight, 12);
    });
  }
});
