import type { ModelContext, ModelResult } from './context.ts';
import { SitingInputError } from './errors.ts';
import { solveMip } from './exact.ts';
import { addCommonRows, Rows, siteColumns, sitesOf, toModel } from './mip.ts';

/**
 * Capacity-aware maximal covering: at most p sites (forced included) maximising the covered
 * weight, where a site covers at most its capacity of the demand within reach (a demand point may
 * be shared between sites: y_ij is the share of point i that site j serves), and demand an
 * existing facility covers counts as covered without using any capacity:
 *
 *   max Σ_ij w_i·y_ij  s.t.  Σ_j y_ij ≤ 1,  Σ_i w_i·y_ij ≤ cap_j·x_j,  y_ij ≤ x_j,  Σ x ≤ p,  x binary.
 *
 * Solved by HiGHS (the covered weight plus the existing coverage is the objective, HiGHS's bound the
 * bound). A failed solve returns the forced sites with what they cover and the status named.
 *
 * @private
 */
export async function solveCapacitatedMclp(ctx: ModelContext, capacities: Float64Array): Promise<ModelResult> {
  const { problem, opts } = ctx;
  const n = problem.demandIds.length;
  const m = problem.siteIds.length;
  const w = problem.weights;
  const reach = opts.reach;
  const existing = problem.existingCost;
  const already = new Uint8Array(n);
  let offset = 0;
  for (let i = 0; i < n; i++) {
    if (existing && (existing[i] as number) <= reach) {
      already[i] = 1;
      offset += w[i] as number;
    }
  }
  const { xCol, cols } = siteColumns(m, opts.allowed, opts.forced);
  const pairs: Array<{ i: number; j: number }> = [];
  const byDemand: number[][] = Array.from({ length: n }, () => []);
  const rows = new Rows();
  const yStart = cols.cost.length;
  for (let j = 0; j < m; j++) {
    if (!opts.allowed[j]) continue;
    const ks: number[] = [];
    for (let k = problem.siteStart[j] as number; k < (problem.siteStart[j + 1] as number); k++) {
      const i = problem.demandIndex[k] as number;
      if (already[i] || (w[i] as number) <= 0 || (problem.cost[k] as number) > reach) continue;
      const col = cols.cost.length;
      cols.cost.push(w[i] as number);
      cols.lower.push(0);
      cols.upper.push(1);
      cols.integer.push(0);
      byDemand[i]!.push(col);
      ks.push(col);
      pairs.push({ i, j });
      rows.add([col, xCol[j] as number], [1, -1], -Infinity, 0);
    }
    const cap = capacities[j] as number;
    rows.add([...ks, xCol[j] as number], [...ks.map((c) => w[pairs[c - yStart]!.i] as number), -cap], -Infinity, 0);
  }
  for (let i = 0; i < n; i++) if (byDemand[i]!.length > 1) rows.add(byDemand[i]!, byDemand[i]!.map(() => 1), -Infinity, 1);
  addCommonRows(rows, xCol, opts.p, opts.conflictStart, opts.conflictAdj);
  const mip = { model: toModel(cols, rows, offset), maximize: true, xCol, start: () => new Float64Array(cols.cost.length) };
  const run = await solveMip(ctx, mip, null);
  const load = new Float64Array(m);
  const served = new Float64Array(n);
  if (!run.raw.colValue) {
    // The forced sites alone, each filling its capacity greedily from the nearest uncovered demand.
    for (const j of opts.forced) {
      const order = [];
      for (let k = problem.siteStart[j] as number; k < (problem.siteStart[j + 1] as number); k++) if ((problem.cost[k] as number) <= reach) order.push(k);
      order.sort((a, b) => (problem.cost[a] as number) - (problem.cost[b] as number) || a - b);
      for (const k of order) {
        const i = problem.demandIndex[k] as number;
        if (already[i]) continue;
        const take = Math.min((w[i] as number) * (1 - (served[i] as number)), (capacities[j] as number) - (load[j] as number));
        if (take <= 0) continue;
        load[j] = (load[j] as number) + take;
        served[i] = (served[i] as number) + take / (w[i] as number);
      }
    }
    let covered = offset;
    for (const x of load) covered += x;
    return { sites: [...opts.forced], bound: Number.isFinite(run.bound) ? Math.max(run.bound, covered) : Infinity, feasible: false, exactStatus: run.status, exactMessage: run.message ?? 'HiGHS found no capacitated cover in time', covered, load };
  }
  const sites = sitesOf(mip, run.raw.colValue);
  const open = new Uint8Array(m);
  for (const j of sites) open[j] = 1;
  pairs.forEach(({ i, j }, k) => {
    if (!open[j]) return;
    const share = Math.max(0, Math.min(1 - (served[i] as number), run.raw.colValue![yStart + k] as number));
    served[i] = (served[i] as number) + share;
    load[j] = (load[j] as number) + share * (w[i] as number);
  });
  for (let j = 0; j < m; j++) if ((load[j] as number) > (capacities[j] as number)) load[j] = capacities[j] as number; // HiGHS's tolerance
  let covered = offset;
  for (const x of load) covered += x;
  return { sites, bound: Number.isFinite(run.bound) ? Math.max(run.bound, covered) : Infinity, feasible: true, exactStatus: run.status, exactMessage: run.message, covered, load };
}
