import { coverUpperBound } from './bounds.ts';
import type { ModelContext, ModelResult } from './context.ts';
import { LocationEngine } from './engine.ts';
import { solveMip } from './exact.ts';
import { coverInstance, coverWeights } from './instance.ts';
import { coverageMip } from './mip.ts';
import { valueOfSites } from './order.ts';

/**
 * Maximal covering (MCLP): at most p sites (forced included) maximising the covered weight,
 * existing coverage counted. Heuristic: lazy greedy, then fast interchange; bound: Lagrangian
 * (→ LP) upper bound. Exact: the coverage MIP warm-started from the heuristic.
 *
 * @private
 */
export async function solveMclp(ctx: ModelContext): Promise<ModelResult> {
  const { problem, opts, ticker } = ctx;
  const inst = coverInstance(problem, opts.allowed, opts.reach);
  ticker.check();
  const { clientWeight, coveredOffset } = coverWeights(problem, inst);

  const engine = new LocationEngine(inst, ctx.rules);
  await engine.greedy(opts.p, ticker);
  await engine.swap(opts.p, ticker);
  const relaxed = await coverUpperBound(inst, ctx.boundSites, clientWeight - engine.value, ticker);
  const lagrangian = coveredOffset + relaxed.bound;
  // A second local search from the sites the relaxation chose; the better of the two is kept.
  const second = new LocationEngine(inst, ctx.rules);
  for (const j of relaxed.sites) if (second.openList.length < opts.p && second.canOpen(j)) second.openSite(j);
  await second.greedy(opts.p, ticker);
  await second.swap(opts.p, ticker);
  const heuristicSites = [...(second.value < engine.value - engine.eps ? second : engine).openList];

  if (opts.method === 'heuristic') return { sites: heuristicSites, bound: lagrangian, feasible: true };

  const mip = coverageMip(inst, ctx.rules, { kind: 'mclp', p: opts.p, coveredOffset });
  const run = await solveMip(ctx, mip, heuristicSites);
  const heuristicValue = valueOfSites(problem, 'mclp', opts.reach, heuristicSites).value;
  const exactBetter = run.sites !== null && valueOfSites(problem, 'mclp', opts.reach, run.sites).value > heuristicValue;
  const bound = Number.isFinite(run.bound) ? Math.min(run.bound, lagrangian) : lagrangian;
  return { sites: exactBetter ? (run.sites as number[]) : heuristicSites, bound, feasible: true, exactStatus: run.status, exactMessage: run.message };
}
