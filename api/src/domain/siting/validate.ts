import { SitingInputError } from './errors.ts';
import { defaultMemoryLimitMb } from './highs-runner.ts';
import type { SitingModel, SitingOptions, SitingProblem } from './model.ts';

const MODELS: readonly SitingModel[] = ['mclp', 'lscp', 'pmedian', 'pcenter'];

/** The options after checking, with site sets as masks and conflicts as adjacency lists. @private */
export interface CheckedOptions {
  model: SitingModel;
  /** Sites to open at most (mclp, pmedian, pcenter); the number of sites for lscp. */
  p: number;
  targetRate: number;
  reach: number;
  /** 1 = may be opened (not excluded). */
  allowed: Uint8Array;
  forced: number[];
  /** Conflicting sites of site j: conflictAdj[conflictStart[j] … conflictStart[j+1]-1]. */
  conflictStart: Uint32Array;
  conflictAdj: Uint32Array;
  hasConflicts: boolean;
  method: 'heuristic' | 'exact';
  timeLimitS: number;
  memoryLimitMb: number;
  branchAndBound: boolean;
}

/** Checks the problem's arrays (lengths, ranges, no duplicate pairs, costs ≥ 0). @private */
export function validateProblem(problem: SitingProblem): void {
  const { demandIds, weights, siteIds, siteStart, demandIndex, cost, existingCost } = problem;
  const n = demandIds.length;
  const m = siteIds.length;
  if (weights.length !== n) throw new SitingInputError('weights', `must have one weight per demand point (${n}), got ${weights.length}`);
  for (let i = 0; i < n; i++) {
    const w = weights[i] as number;
    if (!(w >= 0) || !Number.isFinite(w)) throw new SitingInputError('weights', `must be finite and ≥ 0, got ${w} for ${demandIds[i]}`);
  }
  if (siteStart.length !== m + 1 || siteStart[0] !== 0) throw new SitingInputError('siteStart', `must have ${m + 1} entries starting at 0`);
  if (siteStart[m] !== demandIndex.length || cost.length !== demandIndex.length) throw new SitingInputError('cost', 'siteStart, demandIndex and cost do not agree in length');
  const seen = new Int32Array(n).fill(-1);
  for (let j = 0; j < m; j++) {
    const a = siteStart[j] as number;
    const b = siteStart[j + 1] as number;
    if (b < a) throw new SitingInputError('siteStart', 'must not decrease');
    for (let k = a; k < b; k++) {
      const i = demandIndex[k] as number;
      if (i >= n) throw new SitingInputError('demandIndex', `${i} is not a demand point index (< ${n})`);
      if (seen[i] === j) throw new SitingInputError('cost', `pair (${demandIds[i]}, ${siteIds[j]}) is listed twice`);
      seen[i] = j;
      const c = cost[k] as number;
      if (!(c >= 0) || c === Infinity) throw new SitingInputError('cost', `must be finite and ≥ 0, got ${c} for (${demandIds[i]}, ${siteIds[j]})`);
    }
  }
  if (existingCost !== undefined) {
    if (existingCost.length !== n) throw new SitingInputError('existingCost', `must have one value per demand point (${n}), got ${existingCost.length}`);
    for (const c of existingCost) if (!(c >= 0)) throw new SitingInputError('existingCost', `must be ≥ 0 (Infinity: none), got ${c}`);
  }
  if (problem.unlistedCost !== undefined && !(problem.unlistedCost >= 0 && Number.isFinite(problem.unlistedCost))) {
    throw new SitingInputError('unlistedCost', `must be finite and ≥ 0, got ${problem.unlistedCost}`);
  }
}

function siteList(value: number[] | undefined, m: number, field: string): number[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new SitingInputError(field, 'must be an array of site indices');
  const out = new Set<number>();
  for (const j of value) {
    if (!Number.isInteger(j) || j < 0 || j >= m) throw new SitingInputError(field, `${j} is not a site index (0…${m - 1})`);
    out.add(j);
  }
  return [...out].sort((a, b) => a - b);
}

/** Checks the options against the problem; conflicting forced sites or forced ∩ excluded are errors. @private */
export function checkOptions(problem: SitingProblem, options: SitingOptions): CheckedOptions {
  const m = problem.siteIds.length;
  if (!MODELS.includes(options.model)) throw new SitingInputError('model', `must be one of ${MODELS.join(', ')}, got ${JSON.stringify(options.model)}`);
  const model = options.model;
  const method = options.method ?? 'heuristic';
  if (method !== 'heuristic' && method !== 'exact') throw new SitingInputError('method', `must be heuristic or exact, got ${JSON.stringify(method)}`);
  const timeLimitS = options.timeLimitS ?? 60;
  if (!(timeLimitS > 0) || !Number.isFinite(timeLimitS)) throw new SitingInputError('timeLimitS', `must be > 0 seconds, got ${timeLimitS}`);

  const memoryLimitMb = options.memoryLimitMb ?? defaultMemoryLimitMb();
  if (!(memoryLimitMb > 0) || !Number.isFinite(memoryLimitMb)) throw new SitingInputError('memoryLimitMb', `must be > 0 MB, got ${memoryLimitMb}`);

  const forced = siteList(options.forced, m, 'forced');
  const excluded = siteList(options.excluded, m, 'excluded');
  const allowed = new Uint8Array(m).fill(1);
  for (const j of excluded) allowed[j] = 0;
  for (const j of forced) if (!allowed[j]) throw new SitingInputError('forced', `site ${problem.siteIds[j]} is both forced and excluded`);

  let p = m;
  if (model !== 'lscp') {
    if (options.p === undefined) throw new SitingInputError('p', `is required for ${model}`);
    if (options.p === 0) throw new SitingInputError('p', 'infeasible: p = 0 opens no site, so no demand can be served');
    if (!Number.isInteger(options.p) || options.p < 1) throw new SitingInputError('p', `must be an integer ≥ 1, got ${options.p}`);
    if (options.p < forced.length) throw new SitingInputError('p', `must be at least the ${forced.length} forced sites, got ${options.p}`);
    p = options.p;
  }
  let targetRate = 1;
  if (model === 'lscp') {
    if (options.targetRate === undefined) throw new SitingInputError('targetRate', 'is required for lscp');
    if (!(options.targetRate > 0 && options.targetRate <= 1)) throw new SitingInputError('targetRate', `must be in (0, 1], got ${options.targetRate}`);
    targetRate = options.targetRate;
  }
  let reach = Infinity;
  if (model === 'mclp' || model === 'lscp') {
    if (options.reach === undefined) throw new SitingInputError('reach', `is required for ${model}`);
    if (!(options.reach >= 0) || !Number.isFinite(options.reach)) throw new SitingInputError('reach', `must be finite and ≥ 0, got ${options.reach}`);
    reach = options.reach;
  }

  // Conflicts: symmetric adjacency lists (CSR), sorted, without duplicates.
  const pairs = options.conflicts ?? [];
  if (!Array.isArray(pairs)) throw new SitingInputError('conflicts', 'must be an array of [a, b] site index pairs');
  const degree = new Uint32Array(m + 1);
  for (const pair of pairs) {
    const [a, b] = pair;
    if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b < 0 || a >= m || b >= m || a === b) {
      throw new SitingInputError('conflicts', `[${a}, ${b}] is not a pair of two different site indices`);
    }
    degree[a + 1] = (degree[a + 1] as number) + 1;
    degree[b + 1] = (degree[b + 1] as number) + 1;
  }
  const conflictStart = new Uint32Array(m + 1);
  for (let j = 0; j < m; j++) conflictStart[j + 1] = (conflictStart[j] as number) + (degree[j + 1] as number);
  const fill = conflictStart.slice(0, m);
  const raw = new Uint32Array(conflictStart[m] as number);
  for (const [a, b] of pairs) {
    raw[fill[a as number]!++] = b as number;
    raw[fill[b as number]!++] = a as number;
  }
  // Dedupe each list (a pair may be given twice, in either order).
  const adj: number[] = [];
  const start = new Uint32Array(m + 1);
  for (let j = 0; j < m; j++) {
    const list = Array.from(raw.subarray(conflictStart[j], conflictStart[j + 1])).sort((x, y) => x - y);
    for (let k = 0; k < list.length; k++) if (k === 0 || list[k] !== list[k - 1]) adj.push(list[k] as number);
    start[j + 1] = adj.length;
  }
  const conflictAdj = Uint32Array.from(adj);
  const forcedSet = new Set(forced);
  for (const f of forced) {
    for (let k = start[f] as number; k < (start[f + 1] as number); k++) {
      const g = conflictAdj[k] as number;
      if (forcedSet.has(g) && g > f) throw new SitingInputError('forced', `sites ${problem.siteIds[f]} and ${problem.siteIds[g]} are both forced but closer than the minimum spacing`);
    }
  }
  return { model, p, targetRate, reach, allowed, forced, conflictStart: start, conflictAdj, hasConflicts: conflictAdj.length > 0, method, timeLimitS, memoryLimitMb, branchAndBound: options.branchAndBound ?? true };
}
