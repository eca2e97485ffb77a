import { describe, expect, it } from 'vitest';
import { solve } from '../../../../api/src/domain/siting/index.ts';
import { medianInstance } from '../../../../api/src/domain/siting/instance.ts';
import { keptPairs, medianLagrangian } from '../../../../api/src/domain/siting/median-lagrangian.ts';
import { createTicker } from '../../../../api/src/domain/siting/progress.ts';
import { radiusMip } from '../../../../api/src/domain/siting/radius-mip.ts';
import { orlibProblem, publishedOptimum } from './orlib.ts';

/**
 * The reduced-cost reduction of the exact p-median model drops only what no solution cheaper than
 * the cutoff can use. pmed6: published optimum 7824 (the heuristic finds it). With an upper value of
 * 7825 the optimum is such a solution, so every pair it uses must survive, each client's cost in it
 * must lie below the client's new top, and the reduced model must cost the optimum exactly 7824.
 */
describe('p-median exact model: reduction by Lagrangian reduced costs', () => {
  it('When the cutoff is one above the published optimum, then the optimum keeps all its pairs and its value in the reduced model', async () => {
    const { problem, p } = orlibProblem('pmed6');
    const optimum = publishedOptimum('pmed6');
    const best = await solve(problem, { model: 'pmedian', p });
    expect(best.objective).toBe(optimum);
    const n = problem.siteIds.length;
    const allowed = new Uint8Array(n).fill(1);
    const inst = medianInstance(problem, allowed);
    const upper = optimum + 1;
    const d1 = new Float64Array(inst.nClients);
    const open = new Uint8Array(n);
    for (const j of best.sites) open[j] = 1;
    for (let c = 0; c < inst.nClients; c++) {
      let d = inst.base[c] as number;
      for (let k = inst.cStart[c] as number; k < (inst.cStart[c + 1] as number); k++) if (open[inst.cSite[k] as number] && (inst.cCost[k] as number) < d) d = inst.cCost[k] as number;
      d1[c] = d;
    }
    const relaxed = await medianLagrangian(inst, { free: Uint32Array.from({ length: n }, (_, j) => j), forced: [], pFree: p }, upper, d1, createTicker(undefined, undefined));
    for (const j of best.sites) expect(relaxed.closed[j]).toBe(0);
    const reduction = keptPairs(inst, relaxed, upper);
    expect(reduction.kept).toBeLessThan(inst.cSite.length); // it does remove something
    let used = 0;
    for (let c = 0; c < inst.nClients; c++) {
      let nearest = -1;
      for (let k = inst.cStart[c] as number; k < (inst.cStart[c + 1] as number); k++) {
        if (open[inst.cSite[k] as number] && (inst.cCost[k] as number) === d1[c] && nearest < 0) nearest = k;
      }
      expect(nearest).toBeGreaterThanOrEqual(0);
      expect(reduction.keep[nearest]).toBe(1);
      expect(d1[c]).toBeLessThan(reduction.top[c] as number);
      used++;
    }
    expect(used).toBe(200);
    const allowedMip = Uint8Array.from(allowed, (_, j) => (relaxed.closed[j] ? 0 : 1));
    const mip = radiusMip(inst, { allowed: allowedMip, forced: [], conflictStart: new Uint32Array(n + 1), conflictAdj: new Uint32Array(0) }, p, reduction);
    const v = mip.start(open);
    let value = mip.model.offset ?? 0;
    for (let k = 0; k < v.length; k++) value += (mip.model.colCost![k] as number) * (v[k] as number);
    expect(value).toBeCloseTo(optimum, 6);
    // And the start satisfies every row of the reduced model.
    const { matrix, rowLower, rowUpper } = mip.model as unknown as { matrix: { starts: ArrayLike<number>; indices: ArrayLike<number>; values: ArrayLike<number> }; rowLower: Float64Array; rowUpper: Float64Array };
    for (let r = 0; r < rowLower.length; r++) {
      let s = 0;
      for (let k = matrix.starts[r] as number; k < (matrix.starts[r + 1] as number); k++) s += (matrix.values[k] as number) * (v[matrix.indices[k] as number] as number);
      expect(s).toBeGreaterThanOrEqual((rowLower[r] as number) - 1e-9);
      expect(s).toBeLessThanOrEqual((rowUpper[r] as number) + 1e-9);
    }
  }, 120_000);
});
