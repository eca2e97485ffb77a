import { medianLowerBound } from './bounds.ts';
import type { ModelContext, ModelResult } from './context.ts';
import { LocationEngine } from './engine.ts';
import { solveMip } from './exact.ts';
import { medianInstance } from './instance.ts';
import { medianMip } from './mip.ts';
import { valueOfSites } from './order.ts';

/**
 * p-median: at most p sites (forced included) minimising the total weighted cost to the nearest
 * open site or existing facility. Heuristic: lazy greedy, then fast interchange; bound: Beasley's
 * Lagrangian lower bound. Exact: the strong assignment MIP warm-started from the heuristic.
 *
 * @private
 */
export async function solvePmedian(ctx: ModelContext): Promise<ModelResult> {
  const { problem, opts, ticker } = ctx;
  const inst = medianInstance(problem, opts.allowed);
  ticker.check();
  const engine = new LocationEngine(inst, ctx.rules);
  await engine.greedy(opts.p, ticker);
  await engine.swap(opts.p, ticker);
  const relaxed = await medianLowerBound(inst, ctx.boundSites, engine.value, engine.d1, ticker);
  const lagrangian = relaxed.bound;
  // A second local search from the sites the relaxation opened; the better of the two is kept.
  const second = new LocationEngine(inst, ctx.rules);
  for (const j of relaxed.sites) if (second.openList.length < opts.p && second.canOpen(j)) second.openSite(j);
  await second.greedy(opts.p, ticker);
  await second.swap(opts.p, ticker);
  const heuristicSites = [...(second.value < engine.value - engine.eps ? second : engine).openList];

  if (opts.method === 'heuristic') return { sites: heuristicSites, bound: lagrangian, feasible: true };

  const run = await solveMip(ctx, medianMip(inst, ctx.rules, opts.p), heuristicSites);
  const heuristicValue = valueOfSites(problem, 'pmedian', Infinity, heuristicSites).value;
  const exactBetter = run.sites !== null && valueOfSites(problem, 'pmedian', Infinity, run.sites).value < heuristicValue;
  const bound = Number.isFinite(run.bound) ? Math.max(run.bound, lagrangian) : lagrangian;
  return { sites: exactBetter ? (run.sites as number[]) : heuristicSites, bound, feasible: true, exactStatus: run.status };
}
