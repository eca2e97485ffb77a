import { makeContext, type ModelContext, type ModelResult } from './context.ts';
import { solveLscp } from './lscp.ts';
import { solveMclp } from './mclp.ts';
import type { SitingModel, SitingOptions, SitingProblem, SitingSolution } from './model.ts';
import { buildOrder } from './order.ts';
import { solvePcenter } from './pcenter.ts';
import { solvePmedian } from './pmedian.ts';
import { createTicker } from './progress.ts';
import { checkOptions, validateProblem } from './validate.ts';
import { solveCapacitatedPmedian } from './cpmedian.ts';
import { solveFairMedian } from './fair.ts';
import { solveCapacitatedMclp } from './cmclp.ts';
import { SitingInputError } from './errors.ts';
import { baseCosts } from './instance.ts';

const SOLVERS: Record<SitingModel, (ctx: ModelContext) => Promise<ModelResult>> = {
  mclp: solveMclp,
  lscp: solveLscp,
  pmedian: solvePmedian,
  pcenter: solvePcenter,
};

/** Relative gap |objective − bound| / max(|objective|, tiny), 0 when the bound is reached. */
function relativeGap(objective: number, bound: number, maximize: boolean): number {
  const diff = maximize ? bound - objective : objective - bound;
  if (!(diff > 1e-9 * Math.max(1, Math.abs(objective)))) return 0;
  return diff / Math.max(Math.abs(objective), 1e-12);
}

/**
 * Chooses sites for one of four location models on a sparse cost matrix, respecting existing
 * facilities (`problem.existingCost`), forced and excluded sites and spacing conflicts.
 *
 * - `mclp`: at most p sites maximising the covered weight (cost ≤ reach), existing coverage counted;
 * - `lscp`: the fewest sites reaching `targetRate` of the weight covered (or, if the candidates
 *   cannot, the best rate they give: `feasible: false`, `bestRate`);
 * - `pmedian`: at most p sites minimising Σ weight × cost to the nearest open site or existing;
 * - `pcenter`: at most p sites minimising the largest such cost over demand of weight > 0.
 *
 * `method: 'heuristic'` (default): lazy greedy + fast interchange (milliseconds at city scale),
 * with a cheap valid bound (Lagrangian for mclp/pmedian, packing/gain counting for lscp/pcenter).
 * `method: 'exact'`: the heuristic, then the model's MIP in HiGHS (in a worker thread) warm-started
 * from it, for at most `timeLimitS` seconds in all; the bound is HiGHS's proven bound (or the cheap
 * one when tighter). Sites that would add nothing are not proposed, so fewer than p may come back
 * (pcenter spends sites its search leaves over on the total cost, without raising the maximum).
 * Sites come in build order (greedy by what each adds), `curve[k]` being the value after k of them.
 * Ties go to the lower site index throughout, so results are deterministic.
 *
 * @param {SitingProblem} problem demand, candidate sites and their sparse costs
 * @param {SitingOptions} options model, p / targetRate, reach, forced, excluded, conflicts, method…
 * @returns {Promise<SitingSolution>} sites in build order, objective, bound, gap, curve
 * @example
 * const s = await solve(problem, { model: 'mclp', p: 12, reach: 300 });
 * s.sites.map((j) => problem.siteIds[j]); // where to build, first first
 */
export async function solve(problem: SitingProblem, options: SitingOptions): Promise<SitingSolution> {
  // Input validation
  validateProblem(problem);
  const opts = checkOptions(problem, options);

  const t0 = performance.now();
  const ticker = createTicker(options.signal, options.onProgress);
  ticker.check();
  const ctx = makeContext(problem, opts, ticker, t0, options.signal, options.onProgress, options.onExactWorker);
  if (options.capacities !== undefined) {
    if (opts.model !== 'pmedian' && opts.model !== 'mclp') throw new SitingInputError('capacities', `are supported for pmedian and mclp, not ${opts.model}`);
    if (opts.model === 'mclp' && options.fillForced) throw new SitingInputError('fillForced', 'is for the capacitated pmedian, not mclp');
    if (options.capacities.length !== problem.siteIds.length) throw new SitingInputError('capacities', `must have one value per site (${problem.siteIds.length}), got ${options.capacities.length}`);
    for (const c of options.capacities) if (!(c >= 0) || !Number.isFinite(c)) throw new SitingInputError('capacities', `must be finite and ≥ 0, got ${c}`);
  } else if (options.fillForced) throw new SitingInputError('fillForced', 'needs capacities');
  if (options.fairness !== undefined) {
    if (opts.model !== 'pmedian') throw new SitingInputError('fairness', `is supported for pmedian, not ${opts.model}`);
    if (!(options.fairness >= 0) || !Number.isFinite(options.fairness)) throw new SitingInputError('fairness', `must be a weight ≥ 0, got ${options.fairness}`);
    if (options.capacities !== undefined) throw new SitingInputError('fairness', 'cannot be combined with capacities');
  }
  if (options.fairness !== undefined && options.fairness > 0) return fairSolution(problem, await solveFairMedian(ctx, options.fairness), options.fairness, t0);
  if (options.capacities !== undefined && opts.model === 'mclp') return capacitatedCoverSolution(problem, await solveCapacitatedMclp(ctx, options.capacities), t0);
  const result = options.capacities !== undefined ? await solveCapacitatedPmedian(ctx, options.capacities, options.fillForced === true) : await SOLVERS[opts.model](ctx);
  ticker.check();
  if (result.assignment && result.assignedCost) return capacitatedSolution(problem, result, opts.method, t0);

  const reach = opts.model === 'mclp' || opts.model === 'lscp' ? opts.reach : Infinity;
  const { order, curve, final } = buildOrder(problem, opts.model, reach, result.sites);
  const objective = opts.model === 'lscp' ? order.length : final.value;
  curve[curve.length - 1] = final.value;
  const maximize = opts.model === 'mclp';
  const bound = maximize ? Math.max(result.bound, objective) : Math.min(result.bound, objective);
  options.onProgress?.(1, 'done');
  return {
    model: opts.model,
    sites: order,
    objective,
    bound,
    gap: relativeGap(objective, bound, maximize),
    curve,
    feasible: result.feasible,
    bestRate: result.bestRate,
    method: opts.method,
    elapsedMs: performance.now() - t0,
    rate: opts.model === 'mclp' || opts.model === 'lscp' ? (final.totalWeight > 0 ? final.value / final.totalWeight : 1) : undefined,
    unservedWeight: opts.model === 'pmedian' || opts.model === 'pcenter' ? final.unservedWeight : undefined,
    exactStatus: result.exactStatus,
    exactMessage: result.exactMessage,
    distribution: distributionOf(problem, nearestCosts(problem, order)),
  };
}

/** The answer of a capacitated run: sites in index order, the assigned costs. */
function capacitatedSolution(problem: SitingProblem, result: ModelResult, method: 'heuristic' | 'exact', t0: number): SitingSolution {
  const costs = result.assignedCost as Float64Array;
  let objective = 0;
  for (let i = 0; i < costs.length; i++) objective += (problem.weights[i] as number) * (costs[i] as number);
  const bound = Math.min(result.bound, objective);
  return {
    model: 'pmedian', sites: [...result.sites].sort((a, b) => a - b), objective, bound, gap: relativeGap(objective, bound, false), curve: [objective],
    feasible: result.feasible, method, elapsedMs: performance.now() - t0, unservedWeight: 0,
    exactStatus: result.exactStatus, exactMessage: result.exactMessage, distribution: distributionOf(problem, costs), assignment: result.assignment,
  };
}

/** The answer of a capacitated mclp run: sites in index order, the covered weight and each site's load. */
function capacitatedCoverSolution(problem: SitingProblem, result: ModelResult, t0: number): SitingSolution {
  const objective = result.covered as number;
  let total = 0;
  for (const w of problem.weights) total += w;
  const bound = Math.max(result.bound, objective);
  const sites = [...result.sites].sort((a, b) => a - b);
  return {
    model: 'mclp', sites, objective, bound, gap: relativeGap(objective, bound, true), curve: [objective], feasible: result.feasible, method: 'exact',
    elapsedMs: performance.now() - t0, rate: total > 0 ? objective / total : 1, exactStatus: result.exactStatus, exactMessage: result.exactMessage,
    distribution: distributionOf(problem, nearestCosts(problem, sites)), load: result.load,
  };
}

/** The answer of a fair run: the objective is total + weight × Σ w·|d − mean|, recomputed from the sites. */
function fairSolution(problem: SitingProblem, result: ModelResult, weight: number, t0: number): SitingSolution {
  const sites = [...result.sites].sort((a, b) => a - b);
  const d = nearestCosts(problem, sites);
  const dist = distributionOf(problem, d);
  let total = 0;
  let deviation = 0;
  for (let i = 0; i < d.length; i++) total += (problem.weights[i] as number) * (d[i] as number);
  for (let i = 0; i < d.length; i++) deviation += (problem.weights[i] as number) * Math.abs((d[i] as number) - dist.mean);
  const objective = total + weight * deviation;
  const bound = Math.min(result.bound, objective);
  return {
    model: 'pmedian', sites, objective, bound, gap: relativeGap(objective, bound, false), curve: [objective], feasible: result.feasible, method: 'exact',
    elapsedMs: performance.now() - t0, exactStatus: result.exactStatus, exactMessage: result.exactMessage, distribution: dist, fair: { weight, total, deviation },
  };
}

/** Cost from each demand point to its nearest open site or existing facility (the base when none). */
function nearestCosts(problem: SitingProblem, sites: readonly number[]): Float64Array {
  const d = baseCosts(problem);
  for (const j of sites) {
    for (let k = problem.siteStart[j] as number; k < (problem.siteStart[j + 1] as number); k++) {
      const i = problem.demandIndex[k] as number;
      if ((problem.cost[k] as number) < (d[i] as number)) d[i] = problem.cost[k] as number;
    }
  }
  return d;
}

/** Weighted median, 90th percentile, maximum and mean of the costs (demand of weight > 0). */
function distributionOf(problem: SitingProblem, costs: Float64Array): SitingSolution['distribution'] {
  const idx: number[] = [];
  let total = 0;
  let sum = 0;
  for (let i = 0; i < costs.length; i++) {
    const w = problem.weights[i] as number;
    if (w > 0) {
      idx.push(i);
      total += w;
      sum += w * (costs[i] as number);
    }
  }
  if (idx.length === 0) return { median: 0, p90: 0, max: 0, mean: 0 };
  idx.sort((a, b) => (costs[a] as number) - (costs[b] as number) || a - b);
  const quantile = (q: number): number => {
    let acc = 0;
    for (const i of idx) {
      acc += problem.weights[i] as number;
      if (acc >= q * total - 1e-9 * total) return costs[i] as number;
    }
    return costs[idx[idx.length - 1] as number] as number;
  };
  return { median: quantile(0.5), p90: quantile(0.9), max: costs[idx[idx.length - 1] as number] as number, mean: sum / total };
}
