import type { ModelData } from 'highs';
import type { Instance } from './instance.ts';

/** A MIP in HiGHS's sparse form, with how to read the chosen sites back and to write a start. @private */
export interface SitingMip {
  model: ModelData;
  maximize: boolean;
  /** Column of site j's x variable, −1 when the site is excluded. */
  xCol: Int32Array;
  /** A full start vector for a set of open sites (the heuristic's), or undefined if none is built. */
  start(open: Uint8Array): Float64Array;
}

/** Rows assembled one at a time into CSR. @private */
export class Rows {
  starts: number[] = [0];
  indices: number[] = [];
  values: number[] = [];
  lower: number[] = [];
  upper: number[] = [];

  add(cols: readonly number[], vals: readonly number[], lo: number, hi: number): void {
    for (let k = 0; k < cols.length; k++) {
      this.indices.push(cols[k] as number);
      this.values.push(vals[k] as number);
    }
    this.starts.push(this.indices.length);
    this.lower.push(lo);
    this.upper.push(hi);
  }
}

export interface Columns {
  cost: number[];
  lower: number[];
  upper: number[];
  integer: number[];
}

/** x columns for the allowed sites (forced: fixed at 1). */
export function siteColumns(nSites: number, allowed: Uint8Array, forced: readonly number[]): { xCol: Int32Array; cols: Columns } {
  const xCol = new Int32Array(nSites).fill(-1);
  const cols: Columns = { cost: [], lower: [], upper: [], integer: [] };
  const isForced = new Uint8Array(nSites);
  for (const f of forced) isForced[f] = 1;
  for (let j = 0; j < nSites; j++) {
    if (!allowed[j]) continue;
    xCol[j] = cols.cost.length;
    cols.cost.push(0);
    cols.lower.push(isForced[j] ? 1 : 0);
    cols.upper.push(1);
    cols.integer.push(1);
  }
  return { xCol, cols };
}

export function addCommonRows(rows: Rows, xCol: Int32Array, p: number | null, conflictStart: Uint32Array, conflictAdj: Uint32Array): void {
  const all: number[] = [];
  for (const c of xCol) if (c >= 0) all.push(c);
  if (p !== null) rows.add(all, all.map(() => 1), -Infinity, p);
  for (let a = 0; a < xCol.length; a++) {
    for (let k = conflictStart[a] as number; k < (conflictStart[a + 1] as number); k++) {
      const b = conflictAdj[k] as number;
      if (b > a && (xCol[a] as number) >= 0 && (xCol[b] as number) >= 0) rows.add([xCol[a] as number, xCol[b] as number], [1, 1], -Infinity, 1);
    }
  }
}

export function toModel(cols: Columns, rows: Rows, offset: number): ModelData {
  const numCols = cols.cost.length;
  const numRows = rows.lower.length;
  return {
    numCols,
    numRows,
    offset,
    colCost: Float64Array.from(cols.cost),
    colLower: Float64Array.from(cols.lower),
    colUpper: Float64Array.from(cols.upper),
    rowLower: Float64Array.from(rows.lower),
    rowUpper: Float64Array.from(rows.upper),
    matrix: { format: 'csr', numRows, numCols, starts: Int32Array.from(rows.starts), indices: Int32Array.from(rows.indices), values: Float64Array.from(rows.values) },
    integrality: Int32Array.from(cols.integer) as unknown as ModelData['integrality'],
  };
}

/** @private */
export interface MipSites {
  allowed: Uint8Array;
  forced: readonly number[];
  conflictStart: Uint32Array;
  conflictAdj: Uint32Array;
}

/**
 * Coverage MIP on a coverage instance: y_g ≤ Σ_{j covers g} x_j, 0 ≤ y ≤ 1.
 * mclp: max Σ w_g y_g + coveredOffset, Σ x ≤ p. lscp: min Σ x, Σ w_g y_g ≥ need.
 *
 * @private
 */
export function coverageMip(inst: Instance, sites: MipSites, spec: { kind: 'mclp'; p: number; coveredOffset: number } | { kind: 'lscp'; need: number }): SitingMip {
  const { xCol, cols } = siteColumns(inst.nSites, sites.allowed, sites.forced);
  const rows = new Rows();
  const yCol = new Int32Array(inst.nClients);
  for (let g = 0; g < inst.nClients; g++) {
    yCol[g] = cols.cost.length;
    cols.cost.push(spec.kind === 'mclp' ? (inst.weight[g] as number) : 0);
    cols.lower.push(0);
    cols.upper.push(1);
    cols.integer.push(0);
  }
  if (spec.kind === 'lscp') for (const c of xCol) if (c >= 0) cols.cost[c] = 1;
  for (let g = 0; g < inst.nClients; g++) {
    const idx = [yCol[g] as number];
    const val = [1];
    for (let k = inst.cStart[g] as number; k < (inst.cStart[g + 1] as number); k++) {
      idx.push(xCol[inst.cSite[k] as number] as number);
      val.push(-1);
    }
    rows.add(idx, val, -Infinity, 0);
  }
  if (spec.kind === 'lscp') rows.add(Array.from(yCol), Array.from(inst.weight), spec.need, Infinity);
  addCommonRows(rows, xCol, spec.kind === 'mclp' ? spec.p : null, sites.conflictStart, sites.conflictAdj);
  return {
    model: toModel(cols, rows, spec.kind === 'mclp' ? spec.coveredOffset : 0),
    maximize: spec.kind === 'mclp',
    xCol,
    start(open) {
      const v = new Float64Array(cols.cost.length);
      for (let j = 0; j < inst.nSites; j++) if (open[j] && (xCol[j] as number) >= 0) v[xCol[j] as number] = 1;
      for (let g = 0; g < inst.nClients; g++) {
        for (let k = inst.cStart[g] as number; k < (inst.cStart[g + 1] as number); k++) {
          if (open[inst.cSite[k] as number]) {
            v[yCol[g] as number] = 1;
            break;
          }
        }
      }
      return v;
    },
  };
}

/**
 * Set-cover feasibility MIP for p-center at one radius: min Σ x with Σ_{j covers g} x_j ≥ 1 for
 * every client of the coverage instance at that radius, Σ x ≤ p.
 *
 * @private
 */
export function setCoverMip(inst: Instance, sites: MipSites, p: number): SitingMip {
  const { xCol, cols } = siteColumns(inst.nSites, sites.allowed, sites.forced);
  for (const c of xCol) if (c >= 0) cols.cost[c] = 1;
  const rows = new Rows();
  for (let g = 0; g < inst.nClients; g++) {
    const idx: number[] = [];
    for (let k = inst.cStart[g] as number; k < (inst.cStart[g + 1] as number); k++) idx.push(xCol[inst.cSite[k] as number] as number);
    rows.add(idx, idx.map(() => 1), 1, Infinity);
  }
  addCommonRows(rows, xCol, p, sites.conflictStart, sites.conflictAdj);
  return {
    model: toModel(cols, rows, 0),
    maximize: false,
    xCol,
    start(open) {
      const v = new Float64Array(cols.cost.length);
      for (let j = 0; j < inst.nSites; j++) if (open[j] && (xCol[j] as number) >= 0) v[xCol[j] as number] = 1;
      return v;
    },
  };
}

/** The open sites of a MIP solution (x > 0.5). @private */
export function sitesOf(mip: SitingMip, colValue: Float64Array): number[] {
  const out: number[] = [];
  for (let j = 0; j < mip.xCol.length; j++) {
    const c = mip.xCol[j] as number;
    if (c >= 0 && (colValue[c] as number) > 0.5) out.push(j);
  }
  return out;
}
