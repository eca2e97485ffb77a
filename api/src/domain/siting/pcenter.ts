import { packingLowerBound } from './bounds.ts';
import type { ModelContext, ModelResult } from './context.ts';
import { LocationEngine } from './engine.ts';
import { runHighs } from './highs-runner.ts';
import { baseCosts, coverInstance, medianInstance } from './instance.ts';
import { setCoverMip, sitesOf } from './mip.ts';
import { valueOfSites } from './order.ts';
import { secondsLeft } from './context.ts';

/** Sorted distinct candidate radii: every useful pair cost and every base cost, within [lo, hi]. */
function candidateRadii(ctx: ModelContext): { radii: number[]; lowest: number; forcedOnly: number } {
  const inst = medianInstance(ctx.problem, ctx.opts.allowed, true);
  // lowest: no radius below max_i (cheapest option of i) can work, whatever p.
  const cheapest = Float64Array.from(inst.base);
  for (let c = 0; c < inst.nClients; c++) {
    for (let k = inst.cStart[c] as number; k < (inst.cStart[c + 1] as number); k++) cheapest[c] = Math.min(cheapest[c] as number, inst.cCost[k] as number);
  }
  let lowest = 0;
  for (const v of cheapest) lowest = Math.max(lowest, v);
  const forcedOnly = valueOfSites(ctx.problem, 'pcenter', Infinity, ctx.opts.forced).value;
  const values = new Set<number>();
  for (const v of inst.sCost) if (v >= lowest && v <= forcedOnly) values.add(v);
  for (const v of inst.base) if (v >= lowest && v <= forcedOnly) values.add(v);
  values.add(lowest);
  values.add(forcedOnly);
  return { radii: [...values].sort((a, b) => a - b), lowest, forcedOnly };
}

/**
 * Spends the sites left after the p-center search on the total weighted cost (p-median greedy and
 * swaps), keeping the center sites open, so the largest cost cannot rise.
 */
async function fillByMedian(ctx: ModelContext, centerSites: number[]): Promise<number[]> {
  if (centerSites.length >= ctx.opts.p) return centerSites;
  const inst = medianInstance(ctx.problem, ctx.opts.allowed);
  const engine = new LocationEngine(inst, { ...ctx.rules, forced: centerSites });
  await engine.greedy(ctx.opts.p, ctx.ticker);
  await engine.swap(ctx.opts.p, ctx.ticker);
  return [...engine.openList];
}

/**
 * p-center: at most p sites (forced included) minimising the largest cost from a demand point of
 * weight > 0 to its nearest open site or existing facility. Binary search over the sorted candidate
 * radii r; at each, a set-cover test: can p sites cover every point within r? Heuristic test: a
 * packing lower bound first (proves "no"), then lazy greedy + fast interchange maximising the points
 * covered (proves "yes" when all are). Exact test: the set-cover MIP (HiGHS), within the time limit.
 * Bound: the radius above the largest one proven infeasible. Sites the search leaves unused then go
 * where they cut the total weighted cost most (p-median), without raising the largest cost.
 *
 * @private
 */
export async function solvePcenter(ctx: ModelContext): Promise<ModelResult> {
  const { problem, opts, ticker } = ctx;
  const { radii, lowest } = candidateRadii(ctx);
  const base = baseCosts(problem);
  const atRadius = (r: number) => coverInstance(problem, opts.allowed, r, true, base);

  // Heuristic binary search: radii[hi] is always achieved by `best`.
  let lo = 0;
  let hi = radii.length - 1;
  let best = [...opts.forced];
  let provenLo = 0; // radii below index provenLo are proven infeasible
  let step = 0;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const inst = atRadius(radii[mid] as number);
    await ticker.tick(step++ / Math.log2(radii.length + 1), 'search');
    if (inst.constant > 0 || packingLowerBound(inst, ctx.boundSites) > ctx.boundSites.pFree) {
      lo = mid + 1;
      provenLo = Math.max(provenLo, mid + 1);
      continue;
    }
    const engine = new LocationEngine(inst, ctx.rules);
    await engine.greedy(opts.p, ticker, () => engine.value === 0);
    if (engine.value > 0) await engine.swap(opts.p, ticker);
    if (engine.value === 0) {
      hi = mid;
      best = [...engine.openList];
    } else lo = mid + 1;
  }
  const heuristicValue = valueOfSites(problem, 'pcenter', Infinity, best).value;
  const heuristicBound = Math.max(lowest, radii[provenLo] as number);
  if (opts.method === 'heuristic') return { sites: await fillByMedian(ctx, best), bound: Math.min(heuristicBound, heuristicValue), feasible: true };

  // Exact: the same search with HiGHS deciding, between the proven bound and the heuristic's value.
  lo = provenLo;
  hi = radii.findIndex((r) => r >= heuristicValue);
  let status = 'optimal';
  let message: string | undefined;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const inst = atRadius(radii[mid] as number);
    if (inst.constant > 0 || packingLowerBound(inst, ctx.boundSites) > ctx.boundSites.pFree) {
      lo = mid + 1;
      continue;
    }
    const mip = setCoverMip(inst, ctx.rules, opts.p);
    const run = await runHighs(mip.model, {
      maximize: false,
      timeLimitS: secondsLeft(ctx),
      memoryLimitMb: opts.memoryLimitMb,
      signal: ctx.signal,
      onWorker: ctx.onExactWorker,
      onProgress: () => ctx.onProgress?.(Math.min(1, (performance.now() - ctx.t0) / 1000 / opts.timeLimitS), 'exact'),
    });
    if (run.status === 'infeasible') lo = mid + 1;
    else if (run.colValue) {
      hi = mid;
      best = sitesOf(mip, run.colValue);
    } else {
      status = run.status;
      message = run.message;
      break;
    }
  }
  const value = valueOfSites(problem, 'pcenter', Infinity, best).value;
  return { sites: await fillByMedian(ctx, best), bound: Math.min(value, Math.max(heuristicBound, radii[lo] as number)), feasible: true, exactStatus: status, exactMessage: message };
}
