import type { ModelContext, ModelResult } from './context.ts';
import { SitingInputError } from './errors.ts';
import { solveMip } from './exact.ts';
import { baseCosts } from './instance.ts';
import { addCommonRows, Rows, siteColumns, toModel, sitesOf } from './mip.ts';

/**
 * Capacitated p-median, single-source (as spopt's CPMedian): each demand point goes whole to one
 * open site, a site serves at most its capacity (Σ_i w_i·a_ij ≤ cap_j·x_j), forced sites are open
 * and, with `fillForced`, filled exactly to capacity. Pairs not listed are assignable only when the
 * problem sets `unlistedCost` (spopt fills missing pairs with 10 000). A demand point with an existing
 * facility (`existingCost` finite) may instead stay with it, at that cost and outside every new
 * site's capacity (assignment −1). Solved by HiGHS; the cases
 * that cannot be feasible are named before any solve.
 *
 * @private
 */
export async function solveCapacitatedPmedian(ctx: ModelContext, capacities: Float64Array, fillForced: boolean): Promise<ModelResult> {
  const { problem, opts } = ctx;
  const n = problem.demandIds.length;
  const m = problem.siteIds.length;
  const w = problem.weights;
  let demand = 0;
  for (const x of w) demand += x;
  const forcedCap = opts.forced.reduce((a, j) => a + (capacities[j] as number), 0);
  if (fillForced && forcedCap > demand + 1e-9) {
    throw new SitingInputError('fillForced', `infeasible: the forced sites cannot be filled to capacity (${forcedCap} places, ${demand} demand)`);
  }
  // Demand an existing facility may serve (no capacity limit: its capacity is not the model's) need not fit the new sites.
  const existing = problem.existingCost;
  let needsNew = 0;
  for (let i = 0; i < n; i++) if (!(existing && Number.isFinite(existing[i] as number))) needsNew += w[i] as number;
  const caps = Array.from({ length: m }, (_, j) => j).filter((j) => opts.allowed[j]).map((j) => capacities[j] as number).sort((a, b) => b - a);
  const highest = caps.slice(0, opts.p).reduce((a, b) => a + b, 0);
  if (highest < needsNew - 1e-9) {
    throw new SitingInputError('capacities', `infeasible: demand ${needsNew}${needsNew < demand ? ' (not reachable by an existing facility)' : ''} exceeds the highest possible capacity of ${opts.p} sites (${highest})`);
  }

  // Assignable pairs: listed ones, and unlisted ones at unlistedCost when it is set.
  const base = baseCosts(problem);
  const pairs: Array<{ i: number; j: number; c: number }> = [];
  const listed = new Map<number, number>();
  for (let j = 0; j < m; j++) {
    if (!opts.allowed[j]) continue;
    listed.clear();
    for (let k = problem.siteStart[j] as number; k < (problem.siteStart[j + 1] as number); k++) listed.set(problem.demandIndex[k] as number, problem.cost[k] as number);
    for (let i = 0; i < n; i++) {
      const c = listed.get(i) ?? (problem.unlistedCost !== undefined ? (base[i] as number) : undefined);
      if (c !== undefined) pairs.push({ i, j, c });
    }
  }
  const { xCol, cols } = siteColumns(m, opts.allowed, opts.forced);
  const rows = new Rows();
  const aStart = cols.cost.length;
  for (const { i, c } of pairs) {
    cols.cost.push((w[i] as number) * c);
    cols.lower.push(0);
    cols.upper.push(1);
    cols.integer.push(1);
  }
  // Staying with an existing facility (when one is within the matrix): a column per such demand point.
  const eCol = new Int32Array(n).fill(-1);
  if (existing) {
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(existing[i] as number)) continue;
      eCol[i] = cols.cost.length;
      cols.cost.push((w[i] as number) * (existing[i] as number));
      cols.lower.push(0);
      cols.upper.push(1);
      cols.integer.push(1);
    }
  }
  const byDemand: number[][] = Array.from({ length: n }, () => []);
  const bySite: number[][] = Array.from({ length: m }, () => []);
  pairs.forEach(({ i, j }, k) => {
    byDemand[i]!.push(k);
    bySite[j]!.push(k);
  });
  for (let i = 0; i < n; i++) {
    if ((w[i] as number) <= 0) continue;
    const e = eCol[i] as number;
    if (byDemand[i]!.length === 0 && e < 0) throw new SitingInputError('costs', `infeasible: demand ${problem.demandIds[i]} has no site it may be assigned to (set a missing cost to allow unlisted pairs)`);
    const idx = byDemand[i]!.map((k) => aStart + k);
    if (e >= 0) idx.push(e);
    rows.add(idx, idx.map(() => 1), 1, 1);
  }
  const isForced = new Set(opts.forced);
  for (let j = 0; j < m; j++) {
    if ((xCol[j] as number) < 0) continue;
    const ks = bySite[j]!;
    const cap = capacities[j] as number;
    // Σ w·a − cap·x ≤ 0; filled forced sites: Σ w·a = cap.
    if (fillForced && isForced.has(j)) rows.add(ks.map((k) => aStart + k), ks.map((k) => w[pairs[k]!.i] as number), cap, cap);
    else rows.add([...ks.map((k) => aStart + k), xCol[j] as number], [...ks.map((k) => w[pairs[k]!.i] as number), -cap], -Infinity, 0);
    for (const k of ks) rows.add([aStart + k, xCol[j] as number], [1, -1], -Infinity, 0);
  }
  addCommonRows(rows, xCol, opts.p, opts.conflictStart, opts.conflictAdj);
  const mip = { model: toModel(cols, rows, 0), maximize: false, xCol, start: () => new Float64Array(cols.cost.length) };
  const run = await solveMip(ctx, mip, null);
  if (run.status === 'infeasible') throw new SitingInputError('capacities', 'infeasible: no assignment respects the capacities, the forced sites and p');
  if (!run.raw.colValue) {
    return { sites: [...opts.forced], bound: Number.isFinite(run.bound) ? run.bound : 0, feasible: false, exactStatus: run.status, exactMessage: run.message ?? 'HiGHS found no capacitated assignment in time' };
  }
  const assignment = new Int32Array(n).fill(-1);
  const assignedCost = new Float64Array(n);
  for (let i = 0; i < n; i++) if ((eCol[i] as number) >= 0 && (run.raw.colValue[eCol[i] as number] as number) > 0.5) assignedCost[i] = existing![i] as number;
  pairs.forEach(({ i, j, c }, k) => {
    if ((run.raw.colValue![aStart + k] as number) > 0.5) {
      assignment[i] = j;
      assignedCost[i] = c;
    }
  });
  return { sites: sitesOf(mip, run.raw.colValue), bound: run.bound, feasible: true, exactStatus: run.status, exactMessage: run.message, assignment, assignedCost };
}
