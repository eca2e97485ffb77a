import { describe, expect, it } from 'vitest';
import { medianInstance } from '../../../../api/src/domain/siting/instance.ts';
import { medianBnb } from '../../../../api/src/domain/siting/median-bnb.ts';
import { medianLagrangian } from '../../../../api/src/domain/siting/median-lagrangian.ts';
import { createTicker } from '../../../../api/src/domain/siting/progress.ts';
import { solve, type SitingProblem } from '../../../../api/src/domain/siting/index.ts';

/**
 * Lagrangian branch-and-bound for p-median on a small instance (14 points, each a client and a
 * candidate, integer rounded Euclidean costs, weights 1–4), against the optimum found here by
 * trying every one of the C(14, 4) = 1 001 site sets with a plain evaluation.
 */
const N = 14;
const P = 4;
let seed = 7;
const rand = (): number => ((seed = (seed * 48271) % 2147483647) / 2147483647);
const pts = Array.from({ length: N }, () => [Math.floor(rand() * 100), Math.floor(rand() * 100)] as const);
const weights = Array.from({ length: N }, () => 1 + Math.floor(rand() * 4));
const d = pts.map(([x1, y1]) => pts.map(([x2, y2]) => Math.round(Math.hypot(x1 - x2, y1 - y2))));

function bruteForce(): { value: number; sites: number[] } {
  let best = { value: Infinity, sites: [] as number[] };
  const rec = (start: number, set: number[]): void => {
    if (set.length === P) {
      let v = 0;
      for (let i = 0; i < N; i++) v += weights[i]! * Math.min(...set.map((j) => d[j]![i]!));
      if (v < best.value) best = { value: v, sites: [...set] };
      return;
    }
    for (let j = start; j < N; j++) rec(j + 1, [...set, j]);
  };
  rec(0, []);
  return best;
}
const truth = bruteForce();

const siteStart = Uint32Array.from({ length: N + 1 }, (_, j) => j * N);
const problem: SitingProblem = {
  demandIds: pts.map((_, i) => `d${i}`),
  weights: Float64Array.from(weights),
  siteIds: pts.map((_, j) => `s${j}`),
  siteStart,
  demandIndex: Uint32Array.from({ length: N * N }, (_, k) => k % N),
  cost: Float64Array.from({ length: N * N }, (_, k) => d[Math.floor(k / N)]![k % N]!),
};

async function setup(rootIterations: number) {
  const inst = medianInstance(problem, new Uint8Array(N).fill(1));
  const sites = { free: Uint32Array.from({ length: N }, (_, j) => j), forced: [] as number[], pFree: P };
  // A poor incumbent (the first P sites), so that the tree has to find and prove the optimum.
  const incumbentSites = [0, 1, 2, 3];
  let value = 0;
  for (let i = 0; i < N; i++) value += weights[i]! * Math.min(...incumbentSites.map((j) => d[j]![i]!));
  const d1 = new Float64Array(N);
  for (let i = 0; i < N; i++) d1[i] = Math.min(...incumbentSites.map((j) => d[j]![i]!));
  const ticker = createTicker(undefined, undefined);
  const root = await medianLagrangian(inst, sites, value, d1, ticker, { maxIterations: rootIterations });
  return { inst, sites, incumbent: { sites: incumbentSites, value }, root, d1, ticker };
}

describe('p-median Lagrangian branch-and-bound', () => {
  it('the brute force has a strict optimum below the poor incumbent', async () => {
    const { incumbent } = await setup(1);
    expect(truth.value).toBeLessThan(incumbent.value);
  });

  it('returns the brute-force optimum, proven, from a weak root and a poor incumbent', async () => {
    const { inst, sites, incumbent, root, d1, ticker } = await setup(1);
    const r = await medianBnb(inst, sites, incumbent, root, d1, ticker, performance.now() + 60_000, { nodeIterations: 5 });
    expect(r.proven).toBe(true);
    expect(r.value).toBe(truth.value);
    expect(r.bound).toBe(truth.value);
    let v = 0;
    for (let i = 0; i < N; i++) v += weights[i]! * Math.min(...r.sites.map((j) => d[j]![i]!));
    expect(v).toBe(truth.value);
    expect(r.sites.length).toBeLessThanOrEqual(P);
    expect(r.nodes).toBeGreaterThan(1); // the tree branched
  });

  it('stopped at once by its deadline, its bound stays at or below the brute-force optimum', async () => {
    const { inst, sites, incumbent, root, d1, ticker } = await setup(1);
    const r = await medianBnb(inst, sites, incumbent, root, d1, ticker, performance.now() - 1);
    expect(r.bound).toBeLessThanOrEqual(truth.value);
    expect(r.value).toBeGreaterThanOrEqual(truth.value);
    expect(r.proven).toBe(false);
    expect(r.bound).toBeLessThan(truth.value);
  });

  it('exact mode of solve reports the brute-force optimum as optimal', async () => {
    const x = await solve(problem, { model: 'pmedian', p: P, method: 'exact', timeLimitS: 30 });
    expect(x.exactStatus).toBe('optimal');
    expect(x.objective).toBe(truth.value);
    expect(x.bound).toBe(truth.value);
  });
});
