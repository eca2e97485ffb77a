import { describe, expect, it } from 'vitest';
import { solve, type SitingProblem } from '../../../../api/src/domain/siting/index.ts';

/**
 * Hand-checked: demand A, B, C at 0, 1 and 10 on a line (weight 1 each), candidate sites at 0, 1, 5
 * and 10, cost = |x − y|, p = 1.
 *   site 1: d = 1, 0, 9 → total 10, mean 10/3, Σ|d − mean| = 7/3 + 10/3 + 17/3 = 34/3;
 *   site 5: d = 5, 4, 5 → total 14, mean 14/3, Σ|d − mean| = 1/3 + 2/3 + 1/3 = 4/3;
 *   site 0: total 11, deviation 38/3; site 10: total 19.
 * p-median takes site 1 (10). With weight 1 on the deviation: site 1 scores 10 + 34/3 = 21.33,
 * site 5 scores 14 + 4/3 = 15.33, so the fair answer is site 5. With weight 0.3: 13.4 against 14.4, site 1.
 */
const xs = [0, 1, 10];
const sitesAt = [0, 1, 5, 10];
const problem: SitingProblem = {
  demandIds: ['A', 'B', 'C'],
  weights: Float64Array.from([1, 1, 1]),
  siteIds: ['s0', 's1', 's5', 's10'],
  siteStart: Uint32Array.from([0, 3, 6, 9, 12]),
  demandIndex: Uint32Array.from([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]),
  cost: Float64Array.from(sitesAt.flatMap((s) => xs.map((x) => Math.abs(x - s)))),
};

describe('solve: fair siting (total + weight × absolute deviation)', () => {
  it('should take site 1 for p-median, and report its distribution', async () => {
    const s = await solve(problem, { model: 'pmedian', p: 1 });
    expect(s.sites).toEqual([1]);
    expect(s.objective).toBe(10);
    expect(s.distribution).toEqual({ median: 1, p90: 9, max: 9, mean: 10 / 3 });
  });

  it('When the deviation weighs 1, then the fair answer is site 5, scoring 14 + 4/3, proven by HiGHS', async () => {
    const s = await solve(problem, { model: 'pmedian', p: 1, fairness: 1, method: 'exact' });
    expect(s.sites).toEqual([2]);
    expect(s.objective).toBeCloseTo(14 + 4 / 3, 9);
    expect(s.fair).toMatchObject({ weight: 1, total: 14 });
    expect(s.fair!.deviation).toBeCloseTo(4 / 3, 9);
    expect(s.exactStatus).toBe('optimal');
    expect(s.gap).toBeLessThan(1e-6);
    expect(s.distribution.max).toBe(5);
  }, 60_000);

  it('When the deviation weighs 0.3, then site 1 still wins (13.4 against 14.4)', async () => {
    const s = await solve(problem, { model: 'pmedian', p: 1, fairness: 0.3, method: 'exact' });
    expect(s.sites).toEqual([1]);
    expect(s.objective).toBeCloseTo(10 + 0.3 * 34 / 3, 9);
  }, 60_000);
});
