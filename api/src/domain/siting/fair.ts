import type { ModelContext, ModelResult } from './context.ts';
import { solveMip } from './exact.ts';
import { medianInstance } from './instance.ts';
import { addCommonRows, Rows, siteColumns, sitesOf, toModel } from './mip.ts';

/**
 * Fair p-median: minimise Σ w_i d_i + weight × Σ w_i |d_i − d̄|, the total cost plus `weight` times
 * the weighted absolute deviation from the mean cost d̄ = Σ w d / Σ w, so that a planner can trade
 * total distance against equality (weight 0 is the p-median). d_i = Σ_j c_ij z_ij + b_i u_i over
 * the strong assignment formulation; d̄ is a free column, and t_i ≥ ±(d_i − d̄) linearises |·|.
 * Solved by HiGHS (the deviation term has no cheap heuristic bound); the bound is HiGHS's.
 *
 * @private
 */
export async function solveFairMedian(ctx: ModelContext, weight: number): Promise<ModelResult> {
  const { problem, opts } = ctx;
  const inst = medianInstance(problem, opts.allowed);
  const { xCol, cols } = siteColumns(inst.nSites, opts.allowed, opts.forced);
  const rows = new Rows();
  // Assignments must be binary here: with the deviation term, splitting a client between a site
  // and its base can pull its cost towards the mean (unlike the plain p-median).
  const push = (cost: number, lo: number, hi: number, integer = 0): number => {
    cols.cost.push(cost);
    cols.lower.push(lo);
    cols.upper.push(hi);
    cols.integer.push(integer);
    return cols.cost.length - 1;
  };
  let total = 0;
  for (const w of inst.weight) total += w;
  const zStart = cols.cost.length;
  for (let c = 0; c < inst.nClients; c++) for (let k = inst.cStart[c] as number; k < (inst.cStart[c + 1] as number); k++) push((inst.weight[c] as number) * (inst.cCost[k] as number), 0, 1, 1);
  const uStart = cols.cost.length;
  for (let c = 0; c < inst.nClients; c++) push((inst.weight[c] as number) * (inst.base[c] as number), 0, 1, 1);
  let maxBase = 0;
  for (const b of inst.base) maxBase = Math.max(maxBase, b);
  const mean = push(0, 0, maxBase); // d̄ lies between 0 and the largest base cost
  const tStart = cols.cost.length;
  for (let c = 0; c < inst.nClients; c++) push(weight * (inst.weight[c] as number), 0, Infinity);
  // d_i as (columns, coefficients).
  const dOf = (c: number): [number[], number[]] => {
    const idx = [uStart + c];
    const val = [inst.base[c] as number];
    for (let k = inst.cStart[c] as number; k < (inst.cStart[c + 1] as number); k++) {
      idx.push(zStart + k);
      val.push(inst.cCost[k] as number);
    }
    return [idx, val];
  };
  const meanIdx = [mean];
  const meanVal = [1];
  for (let c = 0; c < inst.nClients; c++) {
    const [idx, val] = dOf(c);
    rows.add(idx, idx.map(() => 1), 1, 1); // assigned once
    for (let k = inst.cStart[c] as number; k < (inst.cStart[c + 1] as number); k++) rows.add([zStart + k, xCol[inst.cSite[k] as number] as number], [1, -1], -Infinity, 0);
    rows.add([tStart + c, ...idx, mean], [1, ...val.map((v) => -v), 1], 0, Infinity); // t ≥ d − d̄
    rows.add([tStart + c, ...idx, mean], [1, ...val, -1], 0, Infinity); // t ≥ d̄ − d
    idx.forEach((col, k) => {
      meanIdx.push(col);
      meanVal.push(-((inst.weight[c] as number) * (val[k] as number)) / total);
    });
  }
  rows.add(meanIdx, meanVal, 0, 0); // d̄ = Σ w d / Σ w
  addCommonRows(rows, xCol, opts.p, opts.conflictStart, opts.conflictAdj);
  const mip = { model: toModel(cols, rows, 0), maximize: false, xCol, start: () => new Float64Array(cols.cost.length) };
  const run = await solveMip(ctx, mip, null);
  const sites = run.raw.colValue ? sitesOf(mip, run.raw.colValue) : [...opts.forced];
  return { sites, bound: Number.isFinite(run.bound) ? run.bound : 0, feasible: run.raw.colValue !== null, exactStatus: run.status, exactMessage: run.message, fairObjective: run.raw.objective ?? Infinity };
}
