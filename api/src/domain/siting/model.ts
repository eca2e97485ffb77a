/**
 * The siting problem as every model sees it: weighted demand points, candidate sites, and a sparse
 * cost matrix (metres, minutes…: any additive cost). Built from the city (straight-line or walking
 * distances) by the siting service, or read from CSV in matrix mode. Missing pairs mean "unreachable".
 */

export type SitingModel = 'mclp' | 'lscp' | 'pmedian' | 'pcenter';

export interface SitingProblem {
  /** Demand point ids (building codes, community codes, or ids from demand.csv). */
  demandIds: string[];
  /** Demand weights (households, population…), ≥ 0, one per demand point. */
  weights: Float64Array;
  /** Candidate site ids. */
  siteIds: string[];
  /**
   * Costs by site, compressed sparse rows: the pairs of site j are entries
   * siteStart[j] … siteStart[j+1]-1 of demandIndex/cost. Pairs not listed are unreachable.
   */
  siteStart: Uint32Array;
  demandIndex: Uint32Array;
  cost: Float64Array;
  /**
   * Cost from each demand point to its nearest existing (already built, open) facility;
   * Infinity where there is none. Existing facilities count as built in every model.
   */
  existingCost?: Float64Array | undefined;
  /**
   * pmedian, pcenter: the cost of a demand point that no open site lists and no existing facility
   * serves (a truncated matrix: the builders set it to their cut-off, `maxCostM`). Default: 10 × the
   * largest listed or existing cost, as spopt fills missing pairs. mclp/lscp ignore it (unlisted =
   * not covered).
   */
  unlistedCost?: number | undefined;
}

export interface SitingOptions {
  model: SitingModel;
  /** New sites to choose, at most (mclp, pmedian, pcenter). Forced sites count towards p. */
  p?: number | undefined;
  /** lscp: coverage rate to reach, 0 < rate ≤ 1, of total weight (existing coverage included). */
  targetRate?: number | undefined;
  /** Coverage threshold: a demand point is covered by a site when cost ≤ reach (mclp, lscp). */
  reach?: number | undefined;
  /** Site indices that must be opened / must not be. */
  forced?: number[] | undefined;
  excluded?: number[] | undefined;
  /** Pairs of site indices that may not both be opened (minimum spacing), as [a, b] with a < b. */
  conflicts?: Array<[number, number]> | undefined;
  /** 'heuristic' (default), or 'exact' (MIP by HiGHS, under timeLimitS, warm-started by the heuristic). */
  method?: 'heuristic' | 'exact' | undefined;
  timeLimitS?: number | undefined;
  /**
   * exact: memory budget of the HiGHS worker in MB (default LIFECIRCLE_SITING_MEMORY_MB, else 1 536).
   * A MIP that cannot fit is not started; a worker that runs out is stopped. Either way the answer
   * is the heuristic's, with its bound, and `exactStatus` says so.
   */
  memoryLimitMb?: number | undefined;
  /**
   * p-median exact mode: try the Lagrangian branch-and-bound before HiGHS when at most 10 free sites
   * are to open, the instance has ≥ 150 000 pairs and there are no spacing rules (default true); false sends the exact solve to HiGHS.
   */
  branchAndBound?: boolean | undefined;
  /** exact: called with the HiGHS worker's process id once it starts solving (for monitoring). */
  onExactWorker?: ((pid: number) => void) | undefined;
  /**
   * Each site's capacity (the weight it may serve), one per site. pmedian: the capacitated,
   * single-source p-median (solved by HiGHS); unlisted pairs are assignable at `unlistedCost` only
   * when the problem sets it, and demand with an existing facility may stay with it (uncapacitated).
   * mclp: capacity-aware coverage (a site covers at most its capacity of the demand within reach,
   * shares of a demand point allowed; existing coverage counted), solved by HiGHS.
   */
  capacities?: Float64Array | undefined;
  /**
   * pmedian: fair siting. Minimise Σ w·d + fairness × Σ w·|d − mean d| (total cost plus a weight on
   * the weighted absolute deviation), solved by HiGHS; the objective is then that sum. 0 = p-median.
   */
  fairness?: number | undefined;
  /** Capacitated: forced sites must be filled exactly to capacity (spopt's fulfill_predefined_fac). */
  fillForced?: boolean | undefined;
  /** Called now and then with a fraction 0..1 and a phase name. */
  onProgress?: ((fraction: number, phase: string) => void) | undefined;
  /** Aborts the run (throws an AbortError-like error). */
  signal?: AbortSignal | undefined;
}

export interface SitingSolution {
  model: SitingModel;
  /** Chosen site indices, in build order (the order that gives the best curve). */
  sites: number[];
  /**
   * mclp: covered weight (existing coverage included); lscp: number of new sites;
   * pmedian: total weighted cost to the nearest open site (existing included);
   * pcenter: the largest cost from any demand point with weight > 0 to its nearest open site.
   */
  objective: number;
  /** Best proven bound on the objective (upper bound for mclp, lower bound for the others). */
  bound: number;
  /** Relative gap |objective − bound| / max(|objective|, tiny); 0 = proven optimal. */
  gap: number;
  /** After 0, 1, 2, … sites in build order: the objective so far (covered weight / total cost / max cost). */
  curve: number[];
  /** lscp: whether the target is reachable from the candidates, and the best rate they can give. */
  feasible: boolean;
  bestRate?: number | undefined;
  method: 'heuristic' | 'exact';
  elapsedMs: number;
  /** mclp, lscp: covered weight / total weight (existing coverage included) of the returned sites. */
  rate?: number | undefined;
  /** pmedian, pcenter: weight of the demand left at `unlistedCost` (no open site or existing within the matrix). */
  unservedWeight?: number | undefined;
  /**
   * exact: how the exact solve ended: HiGHS's 'optimal', 'time_limit', 'infeasible', …, or
   * 'memory_limit' (not started: over the memory budget), 'out_of_memory', 'worker_killed',
   * 'worker_crashed' (the answer is then the heuristic's, with its bound); absent for the heuristic.
   */
  exactStatus?: string | undefined;
  /**
   * Cost from each demand point (weight > 0) to the site serving it: the nearest open one (or
   * existing), the assigned one when capacitated; weighted median, 90th percentile and maximum.
   */
  distribution: { median: number; p90: number; max: number; mean: number };
  /** Fair siting: total cost and weighted absolute deviation of the returned sites. */
  fair?: { weight: number; total: number; deviation: number } | undefined;
  /** Capacitated mclp: the weight each site serves (≤ its capacity), by site index. */
  load?: Float64Array | undefined;
  /** Capacitated: the site index each demand point is assigned to (−1: none). */
  assignment?: Int32Array | undefined;
  /** exact: what happened, in a sentence, when the exact solve did not end normally. */
  exactMessage?: string | undefined;
}
