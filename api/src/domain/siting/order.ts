import { GainHeap } from './heap.ts';
import { baseCosts, defaultUnlistedCost } from './instance.ts';
import type { SitingModel, SitingProblem } from './model.ts';

const isCoverage = (model: SitingModel): boolean => model === 'mclp' || model === 'lscp';

/** The value of a set of sites on the original problem. @private */
export interface SiteSetValue {
  /** mclp/lscp: covered weight; pmedian: total weighted cost; pcenter: largest cost (weight > 0). */
  value: number;
  totalWeight: number;
  /** pmedian/pcenter: weight left at the unlisted cost. */
  unservedWeight: number;
}

/** Demand state while sites are added one by one. */
class DemandState {
  readonly d: Float64Array;
  readonly covered: Uint8Array;
  readonly unlisted: number;
  totalWeight = 0;
  /** Covered weight (mclp/lscp) or Σ w·d (pmedian), kept up to date by add(). */
  running = 0;

  constructor(
    readonly problem: SitingProblem,
    readonly model: SitingModel,
    readonly reach: number,
  ) {
    const n = problem.demandIds.length;
    for (let i = 0; i < n; i++) this.totalWeight += problem.weights[i] as number;
    this.unlisted = problem.unlistedCost ?? defaultUnlistedCost(problem);
    this.d = isCoverage(model) ? new Float64Array(0) : baseCosts(problem);
    this.covered = new Uint8Array(isCoverage(model) ? n : 0);
    if (isCoverage(model)) for (let i = 0; i < n; i++) this.covered[i] = (problem.existingCost?.[i] ?? Infinity) <= reach ? 1 : 0;
    this.running = this.value().value;
  }

  /** The model's value now (O(1) except pcenter, which scans). */
  current(): number {
    return this.model === 'pcenter' ? this.value().value : this.running;
  }

  gain(j: number): number {
    const { siteStart, demandIndex, cost, weights } = this.problem;
    let g = 0;
    for (let k = siteStart[j] as number; k < (siteStart[j + 1] as number); k++) {
      const i = demandIndex[k] as number;
      if (isCoverage(this.model)) {
        if (!this.covered[i] && (cost[k] as number) <= this.reach) g += weights[i] as number;
      } else {
        const diff = (this.d[i] as number) - (cost[k] as number);
        if (diff > 0) g += (weights[i] as number) * diff;
      }
    }
    return g;
  }

  add(j: number): void {
    const { siteStart, demandIndex, cost, weights } = this.problem;
    for (let k = siteStart[j] as number; k < (siteStart[j + 1] as number); k++) {
      const i = demandIndex[k] as number;
      const c = cost[k] as number;
      if (isCoverage(this.model)) {
        if (c <= this.reach && !this.covered[i]) {
          this.covered[i] = 1;
          this.running += weights[i] as number;
        }
      } else if (c < (this.d[i] as number)) {
        if ((weights[i] as number) > 0) this.running -= (weights[i] as number) * ((this.d[i] as number) - c);
        this.d[i] = c;
      }
    }
  }

  value(): SiteSetValue {
    const w = this.problem.weights;
    let value = 0;
    let unservedWeight = 0;
    for (let i = 0; i < w.length; i++) {
      const wi = w[i] as number;
      if (isCoverage(this.model)) {
        if (this.covered[i]) value += wi;
        continue;
      }
      if (wi <= 0) continue;
      const d = this.d[i] as number;
      if (this.model === 'pmedian') value += wi * d;
      else if (d > value) value = d;
      if (d >= this.unlisted) unservedWeight += wi;
    }
    return { value, totalWeight: this.totalWeight, unservedWeight };
  }
}

/**
 * The value of a set of site indices on the original problem (existing facilities counted).
 *
 * @private
 */
export function valueOfSites(problem: SitingProblem, model: SitingModel, reach: number, sites: readonly number[]): SiteSetValue {
  const state = new DemandState(problem, model, reach);
  for (const j of sites) state.add(j);
  return state.value();
}

/**
 * Build order of a chosen set: greedily, the site that adds the most next (covered weight for
 * mclp/lscp, weighted cost removed for pmedian and pcenter), ties to the lower site index; and the
 * curve of the model's value after 0, 1, 2, … sites in that order.
 *
 * @private
 */
export function buildOrder(problem: SitingProblem, model: SitingModel, reach: number, sites: readonly number[]): { order: number[]; curve: number[]; final: SiteSetValue } {
  const state = new DemandState(problem, model, reach);
  const heap = new GainHeap();
  for (const j of sites) heap.push(state.gain(j), j, 0);
  const order: number[] = [];
  const curve = [state.current()];
  let round = 0;
  while (heap.size > 0) {
    const top = heap.pop()!;
    if (top.round !== round) {
      heap.push(state.gain(top.site), top.site, round);
      continue;
    }
    state.add(top.site);
    order.push(top.site);
    curve.push(state.current());
    round++;
  }
  return { order, curve, final: state.value() };
}

/** What one site of a solution brings, for "what it adds" (households, by community). */
export interface SiteDemand {
  /** Site index. */
  site: number;
  /** Demand point indices: newly covered by this site in build order (mclp, lscp), or served by it (pmedian, pcenter). */
  demand: number[];
  /** Their summed weight. */
  weight: number;
}

/**
 * Which demand each site of a solution brings, in build order: for mclp/lscp the demand points it
 * newly covers after the sites before it (existing coverage excluded); for pmedian/pcenter the demand
 * points whose nearest open site it is (cheaper than any existing facility; ties to the earlier site).
 *
 * @param {SitingProblem} problem the problem solved
 * @param {Object} options model and, for coverage models, reach
 * @param {number[]} orderedSites site indices in build order (`solution.sites`)
 * @returns {SiteDemand[]} one entry per site, in the same order
 * @example
 * const perSite = siteDemand(problem, { model: 'mclp', reach: 300 }, solution.sites);
 */
export function siteDemand(problem: SitingProblem, options: { model: SitingModel; reach?: number | undefined }, orderedSites: readonly number[]): SiteDemand[] {
  const reach = options.reach ?? Infinity;
  const { siteStart, demandIndex, cost, weights } = problem;
  if (isCoverage(options.model)) {
    const state = new DemandState(problem, options.model, reach);
    return orderedSites.map((j) => {
      const demand: number[] = [];
      let weight = 0;
      for (let k = siteStart[j] as number; k < (siteStart[j + 1] as number); k++) {
        const i = demandIndex[k] as number;
        if (!state.covered[i] && (cost[k] as number) <= reach && (weights[i] as number) > 0) {
          state.covered[i] = 1;
          demand.push(i);
          weight += weights[i] as number;
        }
      }
      return { site: j, demand, weight };
    });
  }
  const d = baseCosts(problem);
  const owner = new Int32Array(d.length).fill(-1);
  orderedSites.forEach((j, r) => {
    for (let k = siteStart[j] as number; k < (siteStart[j + 1] as number); k++) {
      const i = demandIndex[k] as number;
      if ((cost[k] as number) < (d[i] as number)) {
        d[i] = cost[k] as number;
        owner[i] = r;
      }
    }
  });
  const out: SiteDemand[] = orderedSites.map((site) => ({ site, demand: [], weight: 0 }));
  for (let i = 0; i < owner.length; i++) {
    const r = owner[i] as number;
    if (r < 0 || (weights[i] as number) <= 0) continue;
    const entry = out[r] as SiteDemand;
    entry.demand.push(i);
    entry.weight += weights[i] as number;
  }
  return out;
}
