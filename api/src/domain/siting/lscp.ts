import { packingLowerBound, sitesNeededLowerBound } from './bounds.ts';
import type { ModelContext, ModelResult } from './context.ts';
import { LocationEngine } from './engine.ts';
import { solveMip } from './exact.ts';
import { coverInstance, coverWeights } from './instance.ts';
import { coverageMip } from './mip.ts';
import { valueOfSites } from './order.ts';

/**
 * Target coverage (LSCP when the target is 100 %): the fewest sites (forced included) whose
 * coverage, with the existing, reaches targetRate of the total weight. When even every allowed
 * site falls short, the target becomes the best rate they can give (`feasible: false`, `bestRate`).
 * Heuristic: lazy greedy until the target, then dropping sites that became redundant (latest first).
 * Bound: the fewest sites whose largest single gains could add up to the need, and, for full
 * coverage, a packing of clients that share no site. Exact: min Σx with the coverage rows.
 *
 * @private
 */
export async function solveLscp(ctx: ModelContext): Promise<ModelResult> {
  const { problem, opts, ticker } = ctx;
  const inst = coverInstance(problem, opts.allowed, opts.reach);
  ticker.check();
  const { clientWeight, total, coveredOffset } = coverWeights(problem, inst);
  const maxCoverable = total - inst.constant;
  const bestRate = total > 0 ? maxCoverable / total : 1;
  const tol = 1e-9 * Math.max(total, 1e-300);
  const wanted = opts.targetRate * total;
  const reachable = wanted <= maxCoverable + tol;
  const target = Math.min(wanted, maxCoverable);
  const covered = (e: LocationEngine): number => coveredOffset + clientWeight - e.value;

  const engine = new LocationEngine(inst, ctx.rules);
  const forcedCovered = covered(engine);
  await engine.greedy(inst.nSites, ticker, () => covered(engine) >= target - tol);
  for (const s of [...engine.openList].reverse()) {
    if (engine.forcedMask[s]) continue;
    if (covered(engine) - (engine.loss[s] as number) >= target - tol) engine.closeSite(s);
  }
  const heuristicSites = [...engine.openList];
  const forcedCount = opts.forced.length;
  let bound = forcedCount + sitesNeededLowerBound(inst, ctx.boundSites, target - forcedCovered - tol);
  if (target >= maxCoverable - tol) bound = Math.max(bound, forcedCount + packingLowerBound(inst, ctx.boundSites));
  if (!Number.isFinite(bound)) bound = heuristicSites.length;

  const result = (sites: number[], b: number, exactStatus?: string, exactMessage?: string): ModelResult => {
    const rate = total > 0 ? valueOfSites(problem, 'lscp', opts.reach, sites).value / total : 1;
    return { sites, bound: Math.min(b, sites.length), feasible: reachable && rate * total >= wanted - tol, bestRate, exactStatus, exactMessage };
  };
  if (opts.method === 'heuristic' || target - forcedCovered <= tol) return result(heuristicSites, bound);

  const mip = coverageMip(inst, ctx.rules, { kind: 'lscp', need: target - coveredOffset - tol });
  const heuristicReaches = covered(engine) >= target - tol;
  const run = await solveMip(ctx, mip, heuristicReaches ? heuristicSites : null);
  if (Number.isFinite(run.bound)) bound = Math.max(bound, Math.ceil(run.bound - 1e-6));
  if (run.status === 'infeasible') return result(heuristicSites, bound, run.status, run.message);
  const exactBetter = run.sites !== null && (!heuristicReaches || run.sites.length < heuristicSites.length);
  return result(exactBetter ? (run.sites as number[]) : heuristicSites, bound, run.status, run.message);
}
