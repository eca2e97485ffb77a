import { describe, expect, it } from 'vitest';
import { matrixProblem, siteDemand, siteIndices, SitingInputError, solve, type SitingOptions, type SitingProblem } from '../../../../api/src/domain/siting/index.ts';
import { denseMatrix, readMatrix } from './fixtures.ts';
import { orlibProblem, publishedOptimum } from './orlib.ts';

const load = (name: string): SitingProblem => {
  const { demandCsv, costsCsv } = readMatrix(name);
  return matrixProblem(demandCsv, costsCsv);
};
const ids = (problem: SitingProblem, sites: number[]): string[] => sites.map((j) => problem.siteIds[j]!);

describe('solve: the swap step', () => {
  it('When greedy max coverage is trapped (M first), then the fast interchange reaches L + R = 8', async () => {
    const problem = load('greedy-trap');
    const s = await solve(problem, { model: 'mclp', p: 2, reach: 1 });
    expect(ids(problem, s.sites)).toEqual(['L', 'R']);
    expect(s.objective).toBe(8);
    expect(s.curve).toEqual([0, 4, 8]);
    expect(s.bound).toBe(8);
    expect(s.gap).toBe(0);
  });

  it('When only one site may be chosen, then it is M (5 points), as greedy alone would choose', async () => {
    const problem = load('greedy-trap');
    const s = await solve(problem, { model: 'mclp', p: 1, reach: 1 });
    expect(ids(problem, s.sites)).toEqual(['M']);
    expect(s.objective).toBe(5);
  });
});

describe('solve: ties go to the lower site index (order of first appearance in costs.csv)', () => {
  it('should pick T2 (listed first) over T1 and T3 when all gain the same', async () => {
    const problem = load('ties');
    expect(problem.siteIds).toEqual(['T2', 'T1', 'T3']);
    for (const method of ['heuristic', 'exact'] as const) {
      const s = await solve(problem, { model: 'mclp', p: 1, reach: 100, method });
      expect(s.objective).toBe(2);
      if (method === 'heuristic') expect(ids(problem, s.sites)).toEqual(['T2']);
    }
  });

  it('should build T2 then T3, and not propose T1, which would add nothing', async () => {
    const problem = load('ties');
    const s = await solve(problem, { model: 'mclp', p: 3, reach: 100 });
    expect(ids(problem, s.sites)).toEqual(['T2', 'T3']);
    expect(s.curve).toEqual([0, 2, 4]);
    expect(s.rate).toBe(1);
  });

  it('should give the same answer on every run', async () => {
    const problem = load('small');
    const runs = await Promise.all([1, 2, 3].map(() => solve(problem, { model: 'pmedian', p: 3 })));
    expect(runs.map((r) => r.sites)).toEqual([runs[0]!.sites, runs[0]!.sites, runs[0]!.sites]);
  });
});

describe('solve: existing facilities', () => {
  it('When existing facilities already cover everyone, then mclp proposes nothing and reports full coverage', async () => {
    const problem = load('small');
    problem.existingCost = new Float64Array(problem.demandIds.length).fill(10);
    const s = await solve(problem, { model: 'mclp', p: 3, reach: 100 });
    expect(s.sites).toEqual([]);
    expect(s.objective).toBe(260);
    expect(s.rate).toBe(1);
    expect(s.curve).toEqual([260]);
  });

  it('When an existing facility is nearer than every site, then p-median cannot improve on it', async () => {
    const problem = load('small');
    problem.existingCost = new Float64Array(problem.demandIds.length).fill(0);
    const s = await solve(problem, { model: 'pmedian', p: 2 });
    expect(s.sites).toEqual([]);
    expect(s.objective).toBe(0);
  });
});

describe('solve: OR-Library p-median (Beasley 1985), published optima', () => {
  it('should reproduce pmed1 = 5819 exactly with HiGHS, proven optimal', async () => {
    const { problem, p } = orlibProblem('pmed1');
    const s = await solve(problem, { model: 'pmedian', p, method: 'exact', timeLimitS: 120 });
    expect(publishedOptimum('pmed1')).toBe(5819);
    expect(s.objective).toBe(5819);
    expect(s.exactStatus).toBe('optimal');
    expect(s.bound).toBeCloseTo(5819, 6);
    expect(s.gap).toBe(0);
    expect(s.sites).toHaveLength(p);
  }, 150_000);

  it.each(['pmed1', 'pmed6'])('should give %s a heuristic answer with a valid Lagrangian bound and the gap between them', async (name) => {
    const { problem, p } = orlibProblem(name);
    const optimum = publishedOptimum(name);
    const s = await solve(problem, { model: 'pmedian', p });
    expect(s.objective).toBeGreaterThanOrEqual(optimum);
    expect(s.bound).toBeLessThanOrEqual(optimum);
    expect(s.bound).toBeGreaterThan(0.98 * optimum); // Beasley's bound is tight on these
    expect(s.gap).toBeCloseTo((s.objective - s.bound) / s.objective, 12);
  }, 60_000); // up to 3 s of CPU in a short branch-and-bound (p ≤ 10), longer on a busy machine

  it('should reproduce pmed6 = 7824 with HiGHS (or, if cut short, bracket it)', async () => {
    const { problem, p } = orlibProblem('pmed6');
    const s = await solve(problem, { model: 'pmedian', p, method: 'exact', timeLimitS: 90 });
    expect(s.objective).toBeGreaterThanOrEqual(7824);
    expect(s.bound).toBeLessThanOrEqual(7824 + 1e-6);
    if (s.exactStatus === 'optimal') expect(s.objective).toBe(7824);
  }, 150_000);
});

describe('solve: progress and cancellation', () => {
  it('should report progress fractions in [0, 1] and finish with (1, "done")', async () => {
    const calls: Array<[number, string]> = [];
    await solve(load('small'), { model: 'pcenter', p: 2, onProgress: (f, phase) => calls.push([f, phase]) });
    expect(calls.length).toBeGreaterThan(0);
    for (const [f] of calls) expect(f >= 0 && f <= 1).toBe(true);
    expect(calls.at(-1)).toEqual([1, 'done']);
  });

  it('When the signal is already aborted, then it rejects with an AbortError', async () => {
    await expect(solve(load('small'), { model: 'mclp', p: 2, reach: 300, signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('When aborted during the heuristic, then it rejects with an AbortError', async () => {
    const { problem, p } = orlibProblem('pmed6');
    const controller = new AbortController();
    const run = solve(problem, { model: 'pmedian', p, signal: controller.signal, onProgress: () => controller.abort() });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('When aborted during an exact HiGHS run, then the worker is stopped and it rejects with an AbortError', async () => {
    const { problem, p } = orlibProblem('pmed6');
    const controller = new AbortController();
    const run = solve(problem, {
      model: 'pmedian',
      p,
      method: 'exact',
      timeLimitS: 600,
      branchAndBound: false, // to HiGHS, not the Lagrangian branch-and-bound (which proves pmed6 by itself)
      signal: controller.signal,
      // The first report of the exact phase comes while HiGHS runs (proved to 7824 only after ~10 s).
      onProgress: (_, phase) => {
        if (phase === 'exact') controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  }, 60_000);
});

describe('solve: input validation and no mutation', () => {
  const problem = load('small');
  const bad: Array<[string, Partial<SitingOptions>, string]> = [
    ['p missing', { model: 'mclp', reach: 300 }, 'p'],
    ['p below the forced sites', { model: 'pmedian', p: 1, forced: [0, 1] }, 'p'],
    ['reach missing', { model: 'mclp', p: 2 }, 'reach'],
    ['target rate above 1', { model: 'lscp', reach: 300, targetRate: 1.5 }, 'targetRate'],
    ['forced and excluded', { model: 'pmedian', p: 2, forced: [1], excluded: [1] }, 'forced'],
    ['forced sites in conflict', { model: 'pmedian', p: 2, forced: [1, 2], conflicts: [[1, 2]] }, 'forced'],
    ['a site index out of range', { model: 'pmedian', p: 2, excluded: [99] }, 'excluded'],
    ['a conflict with itself', { model: 'pmedian', p: 2, conflicts: [[3, 3]] }, 'conflicts'],
    ['an unknown model', { model: 'median' as never, p: 2 }, 'model'],
  ];
  it.each(bad)('When %s, then it throws a SitingInputError naming %s', async (_, options, field) => {
    await expect(solve(problem, options as SitingOptions)).rejects.toSatisfy((e: unknown) => e instanceof SitingInputError && e.field === field);
  });

  it('should reject a matrix listing the same pair twice, naming the cost field', async () => {
    const p = load('ties');
    const twice: SitingProblem = { ...p, siteStart: Uint32Array.from([0, 2, 4, 5]), demandIndex: Uint32Array.from([0, 0, 0, 1, 2]) };
    await expect(solve(twice, { model: 'pmedian', p: 1 })).rejects.toSatisfy((e: unknown) => e instanceof SitingInputError && e.field === 'cost');
  });

  it('should not change the problem it is given', async () => {
    const p = load('small');
    p.existingCost = new Float64Array(p.demandIds.length).fill(Infinity);
    const before = JSON.stringify({ ...p, weights: [...p.weights], siteStart: [...p.siteStart], demandIndex: [...p.demandIndex], cost: [...p.cost], existingCost: [...p.existingCost].map(String) });
    await solve(p, { model: 'mclp', p: 3, reach: 300, forced: siteIndices(p, ['S2'], 'forced'), method: 'exact' });
    await solve(p, { model: 'pcenter', p: 3 });
    const after = JSON.stringify({ ...p, weights: [...p.weights], siteStart: [...p.siteStart], demandIndex: [...p.demandIndex], cost: [...p.cost], existingCost: [...p.existingCost].map(String) });
    expect(after).toBe(before);
  });
});

describe('solve: the heuristic ends at a swap-local optimum', () => {
  /** A random sparse instance on a 10 × 10 plane (costs: rounded distances ≤ 6). */
  function randomProblem(seed: number): SitingProblem {
    let s = seed >>> 0;
    const r = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const demand = Array.from({ length: 60 }, () => [r() * 10, r() * 10] as const);
    const sites = Array.from({ length: 16 }, () => [r() * 10, r() * 10] as const);
    const siteStart = [0];
    const demandIndex: number[] = [];
    const cost: number[] = [];
    sites.forEach(([x, y]) => {
      demand.forEach(([u, v], i) => {
        const d = Math.round(Math.hypot(u - x, v - y) * 10) / 10;
        if (d <= 6) {
          demandIndex.push(i);
          cost.push(d);
        }
      });
      siteStart.push(demandIndex.length);
    });
    return {
      demandIds: demand.map((_, i) => `d${i}`),
      weights: Float64Array.from(demand, () => 1 + Math.floor(r() * 9)),
      siteIds: sites.map((_, j) => `s${j}`),
      siteStart: Uint32Array.from(siteStart),
      demandIndex: Uint32Array.from(demandIndex),
      cost: Float64Array.from(cost),
    };
  }
  /** Independent evaluation from the sparse lists. */
  function value(problem: SitingProblem, model: 'mclp' | 'pmedian', sites: number[], reach: number): number {
    const n = problem.demandIds.length;
    let max = 0;
    for (const c of problem.cost) max = Math.max(max, c);
    const best = new Array<number>(n).fill(10 * max);
    for (const j of sites) for (let k = problem.siteStart[j]!; k < problem.siteStart[j + 1]!; k++) best[problem.demandIndex[k]!] = Math.min(best[problem.demandIndex[k]!]!, problem.cost[k]!);
    let v = 0;
    for (let i = 0; i < n; i++) v += model === 'mclp' ? (best[i]! <= reach ? problem.weights[i]! : 0) : problem.weights[i]! * best[i]!;
    return v;
  }

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('should leave no improving swap for mclp and pmedian (seed %i)', async (seed) => {
    const problem = randomProblem(seed);
    const conflicts: Array<[number, number]> = [[0, 1], [2, 5], [3, 4]];
    for (const model of ['mclp', 'pmedian'] as const) {
      const s = await solve(problem, { model, p: 5, reach: 2, forced: [7], conflicts });
      const chosen = s.sites;
      const v = value(problem, model, chosen, 2);
      expect(s.objective).toBeCloseTo(v, 9);
      const ok = (set: number[]) => conflicts.every(([a, b]) => !(set.includes(a) && set.includes(b)));
      for (const out of chosen.filter((j) => j !== 7)) {
        for (let inn = 0; inn < problem.siteIds.length; inn++) {
          if (chosen.includes(inn)) continue;
          const next = [...chosen.filter((j) => j !== out), inn];
          if (!ok(next)) continue;
          const w = value(problem, model, next, 2);
          if (model === 'mclp') expect(w).toBeLessThanOrEqual(v + 1e-9);
          else expect(w).toBeGreaterThanOrEqual(v - 1e-9 * v);
        }
      }
    }
  });
});

describe('solve: p-center with sites to spare', () => {
  it('When the largest cost cannot be lowered (a point nothing reaches), then the p sites go where p-median would put them', async () => {
    const { demandCsv, costsCsv } = readMatrix('small');
    const problem = matrixProblem(`${demandCsv}far,4\n`, costsCsv);
    const center = await solve(problem, { model: 'pcenter', p: 2 });
    const medianRun = await solve(problem, { model: 'pmedian', p: 2 });
    expect(center.objective).toBe(5810); // 10 × the largest cost (581): the unlisted cost of "far"
    expect(center.bound).toBe(5810);
    expect(center.unservedWeight).toBe(4);
    expect(center.sites).toEqual(medianRun.sites);
    expect(center.curve).toEqual([5810, 5810, 5810]);
  });
});

describe('solve: degenerate and time-limited runs', () => {
  it.each(['mclp', 'lscp', 'pmedian', 'pcenter'] as const)('When every site is excluded, then %s answers with no sites, exactly too', async (model) => {
    const problem = load('small');
    const all = problem.siteIds.map((_, j) => j);
    for (const method of ['heuristic', 'exact'] as const) {
      const s = await solve(problem, { model, p: 2, reach: 300, targetRate: 0.5, excluded: all, method });
      expect(s.sites).toEqual([]);
      expect(s.curve).toHaveLength(1);
      if (model === 'lscp') {
        expect(s.feasible).toBe(false);
        expect(s.bestRate).toBe(0);
      }
    }
  });

  it('When HiGHS is cut short by the time limit, then the answer brackets the optimum and says how far apart', async () => {
    const { problem, p } = orlibProblem('pmed6');
    const s = await solve(problem, { model: 'pmedian', p, method: 'exact', timeLimitS: 1 });
    expect(s.objective).toBeGreaterThanOrEqual(7824);
    expect(s.bound).toBeLessThanOrEqual(7824 + 1e-6);
    expect(s.gap).toBeCloseTo((s.objective - s.bound) / s.objective, 12);
    expect(['time_limit', 'optimal']).toContain(s.exactStatus);
  }, 60_000);
});

describe('siteDemand: what each site brings', () => {
  it('should give mclp sites the demand they newly cover, summing to the steps of the curve', async () => {
    const problem = load('small');
    const s = await solve(problem, { model: 'mclp', p: 3, reach: 300 });
    const perSite = siteDemand(problem, { model: 'mclp', reach: 300 }, s.sites);
    expect(perSite.map((e) => e.site)).toEqual(s.sites);
    perSite.forEach((e, k) => expect(e.weight).toBe(s.curve[k + 1]! - s.curve[k]!));
    const all = perSite.flatMap((e) => e.demand);
    expect(new Set(all).size).toBe(all.length);
  });

  it('should give p-median sites the demand whose nearest open site they are', async () => {
    const problem = load('small');
    const dense = denseMatrix('small');
    const s = await solve(problem, { model: 'pmedian', p: 3 });
    const perSite = siteDemand(problem, { model: 'pmedian' }, s.sites);
    const owner = new Map<string, string>();
    for (const e of perSite) for (const i of e.demand) owner.set(problem.demandIds[i]!, problem.siteIds[e.site]!);
    const open = s.sites.map((j) => dense.siteIds.indexOf(problem.siteIds[j]!));
    dense.demandIds.forEach((id, i) => {
      if (dense.weights[i] === 0) return expect(owner.has(id)).toBe(false);
      const best = Math.min(...open.map((j) => dense.cost[j]![i]!));
      if (best === Infinity) return expect(owner.has(id)).toBe(false);
      expect(dense.cost[dense.siteIds.indexOf(owner.get(id)!)]![i]).toBe(best);
    });
  });
});
