import type { Instance } from './instance.ts';
import { addCommonRows, Rows, siteColumns, toModel, type MipSites, type SitingMip } from './mip.ts';

/**
 * The compact "radius" p-median formulation of García, Labbé and Marín (2011), whose size grows
 * with each client's distinct costs instead of with all pairs. For client i with distinct costs
 * D¹ < D² < … < D^G below its base b (= D^{G+1}), z^k = 1 when no open site is within D^k:
 *
 *   min Σ_i w_i·(D¹ + Σ_k (D^{k+1} − D^k)·z^k)
 *   z¹ + Σ_{j: c_ij = D¹} x_j ≥ 1,   z^k − z^{k−1} + Σ_{j: c_ij = D^k} x_j ≥ 0  (k ≥ 2),
 *   Σ x ≤ p,  x binary,  z ≥ 0 continuous.
 *
 * Each pair is one nonzero (the strong formulation has two, plus a row per pair), and its LP
 * relaxation is as strong. Sites open in every solution (`sites.forced`) cut a client's levels at
 * the nearest of them. `sites.allowed` may be a reduced set (sites proven closed are left out).
 * `reduction` (from the Lagrangian's reduced costs, {@link keptPairs}) drops the pairs and levels no
 * solution cheaper than the heuristic's can use, and lowers each client's top level to what such a
 * solution can cost it: the model is then exact on those solutions and costs every other one at
 * least the heuristic's value, so it must be solved with that value as cutoff.
 *
 * @private
 */
export function radiusMip(inst: Instance, sites: MipSites, p: number, reduction?: { keep: Uint8Array; top: Float64Array }): SitingMip {
  const { xCol, cols } = siteColumns(inst.nSites, sites.allowed, sites.forced);
  const isForced = new Uint8Array(inst.nSites);
  for (const f of sites.forced) isForced[f] = 1;
  const rows = new Rows();
  let offset = 0;
  // Per client: its levels (cost, first z column), so a start can be written.
  const levelStart = new Uint32Array(inst.nClients + 1);
  const levelCost: number[] = [];
  const levelCol: number[] = [];
  for (let c = 0; c < inst.nClients; c++) {
    const w = inst.weight[c] as number;
    let top = reduction ? (reduction.top[c] as number) : (inst.base[c] as number);
    const pairs: Array<[number, number]> = [];
    for (let k = inst.cStart[c] as number; k < (inst.cStart[c + 1] as number); k++) {
      const j = inst.cSite[k] as number;
      if (!sites.allowed[j]) continue;
      const v = inst.cCost[k] as number;
      if (isForced[j]) top = Math.min(top, v);
      if (!reduction || reduction.keep[k]) pairs.push([v, j]);
    }
    const kept = pairs.filter(([v]) => v < top).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    if (kept.length === 0) {
      offset += w * top;
      levelStart[c + 1] = levelCost.length;
      continue;
    }
    offset += w * (kept[0] as [number, number])[0];
    let prevZ = -1;
    for (let a = 0; a < kept.length; ) {
      const d = (kept[a] as [number, number])[0];
      let b = a;
      while (b < kept.length && (kept[b] as [number, number])[0] === d) b++;
      const next = b < kept.length ? (kept[b] as [number, number])[0] : top;
      const z = cols.cost.length;
      cols.cost.push(w * (next - d));
      cols.lower.push(0);
      cols.upper.push(1);
      cols.integer.push(0);
      levelCost.push(d);
      levelCol.push(z);
      const idx = [z];
      const val = [1];
      if (prevZ >= 0) {
        idx.push(prevZ);
        val.push(-1);
      }
      for (let k = a; k < b; k++) {
        idx.push(xCol[(kept[k] as [number, number])[1]] as number);
        val.push(1);
      }
      rows.add(idx, val, prevZ >= 0 ? 0 : 1, Infinity);
      prevZ = z;
      a = b;
    }
    levelStart[c + 1] = levelCost.length;
  }
  addCommonRows(rows, xCol, p, sites.conflictStart, sites.conflictAdj);
  return {
    model: toModel(cols, rows, offset),
    maximize: false,
    xCol,
    start(open) {
      const v = new Float64Array(cols.cost.length);
      for (let j = 0; j < inst.nSites; j++) if (open[j] && (xCol[j] as number) >= 0) v[xCol[j] as number] = 1;
      for (let c = 0; c < inst.nClients; c++) {
        let nearest = inst.base[c] as number;
        for (let k = inst.cStart[c] as number; k < (inst.cStart[c + 1] as number); k++) {
          if (open[inst.cSite[k] as number] && (inst.cCost[k] as number) < nearest) nearest = inst.cCost[k] as number;
        }
        for (let l = levelStart[c] as number; l < (levelStart[c + 1] as number); l++) v[levelCol[l] as number] = (levelCost[l] as number) < nearest ? 1 : 0;
      }
      return v;
    },
  };
}
