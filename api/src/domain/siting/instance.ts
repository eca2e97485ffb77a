import type { SitingProblem } from './model.ts';

/**
 * The form every model is solved in: a facility-location instance over "clients" (demand points,
 * or groups of them with the same candidate sites) minimising Σ weight · cost, where each client
 * pays the cheapest of its `base` (existing facility, unlisted cost, or "uncovered") and its open
 * sites. Only pairs cheaper than the base are kept (the others can never serve). Coverage models use
 * cost 0 for a covering pair and base 1 (uncovered) or 0; then Σ w·cost is the uncovered weight.
 *
 * @private
 */
export interface Instance {
  nSites: number;
  nClients: number;
  weight: Float64Array;
  base: Float64Array;
  /** Pairs by site (CSR): clients sClient[sStart[j] … sStart[j+1]-1] with costs sCost. */
  sStart: Uint32Array;
  sClient: Uint32Array;
  sCost: Float64Array;
  /** The same pairs by client, sites ascending. */
  cStart: Uint32Array;
  cSite: Uint32Array;
  cCost: Float64Array;
  /** Σ w·cost of the demand left out of the clients (the same in every solution). */
  constant: number;
  /** Client of each demand point, −1 when left out. */
  clientOf: Int32Array;
}

/** Transposes site → client pairs to client → site pairs (sites ascending). */
function transpose(nSites: number, nClients: number, sStart: Uint32Array, sClient: Uint32Array, sCost: Float64Array) {
  const cStart = new Uint32Array(nClients + 1);
  for (let k = 0; k < sClient.length; k++) { const c = (sClient[k] as number) + 1; cStart[c] = (cStart[c] as number) + 1; }
  for (let c = 0; c < nClients; c++) cStart[c + 1] = (cStart[c + 1] as number) + (cStart[c] as number);
  const fill = cStart.slice(0, nClients);
  const cSite = new Uint32Array(sClient.length);
  const cCost = new Float64Array(sClient.length);
  for (let j = 0; j < nSites; j++) {
    for (let k = sStart[j] as number; k < (sStart[j + 1] as number); k++) {
      const c = sClient[k] as number;
      const at = fill[c]!++;
      cSite[at] = j;
      cCost[at] = sCost[k] as number;
    }
  }
  return { cStart, cSite, cCost };
}

/**
 * The largest finite listed or existing cost × 10 (1 when all are 0): the default unlisted cost.
 *
 * @private
 */
export function defaultUnlistedCost(problem: SitingProblem): number {
  let max = 0;
  for (const c of problem.cost) if (c > max) max = c;
  if (problem.existingCost) for (const c of problem.existingCost) if (c !== Infinity && c > max) max = c;
  return max > 0 ? 10 * max : 1;
}

/** Each demand point's base cost for pmedian/pcenter: min(existing, unlisted). @private */
export function baseCosts(problem: SitingProblem): Float64Array {
  const unlisted = problem.unlistedCost ?? defaultUnlistedCost(problem);
  const n = problem.demandIds.length;
  const base = new Float64Array(n).fill(unlisted);
  if (problem.existingCost) for (let i = 0; i < n; i++) base[i] = Math.min(unlisted, problem.existingCost[i] as number);
  return base;
}

/**
 * pmedian / pcenter instance: one client per demand point with weight > 0 (or with weight 1 each
 * when `unit`), base = min(existing, unlisted), pairs of allowed sites cheaper than the base.
 *
 * @private
 */
export function medianInstance(problem: SitingProblem, allowed: Uint8Array, unit = false): Instance {
  const n = problem.demandIds.length;
  const m = problem.siteIds.length;
  const baseOfDemand = baseCosts(problem);
  const clientOf = new Int32Array(n).fill(-1);
  let nClients = 0;
  for (let i = 0; i < n; i++) if ((problem.weights[i] as number) > 0) clientOf[i] = nClients++;
  const weight = new Float64Array(nClients);
  const base = new Float64Array(nClients);
  for (let i = 0; i < n; i++) {
    const c = clientOf[i] as number;
    if (c < 0) continue;
    weight[c] = unit ? 1 : (problem.weights[i] as number);
    base[c] = baseOfDemand[i] as number;
  }
  const sStart = new Uint32Array(m + 1);
  const clients: number[] = [];
  const costs: number[] = [];
  for (let j = 0; j < m; j++) {
    if (allowed[j]) {
      for (let k = problem.siteStart[j] as number; k < (problem.siteStart[j + 1] as number); k++) {
        const c = clientOf[problem.demandIndex[k] as number] as number;
        const v = problem.cost[k] as number;
        if (c >= 0 && v < (base[c] as number)) {
          clients.push(c);
          costs.push(v);
        }
      }
    }
    sStart[j + 1] = clients.length;
  }
  const sClient = Uint32Array.from(clients);
  const sCost = Float64Array.from(costs);
  return { nSites: m, nClients, weight, base, sStart, sClient, sCost, ...transpose(m, nClients, sStart, sClient, sCost), constant: 0, clientOf };
}

/**
 * Coverage instance at `reach`: demand points with weight > 0 not already covered (existing cost ≤
 * reach) are grouped by their exact set of covering allowed sites (cost ≤ reach); each group is one
 * client with the summed weight (or the count, when `unit`), base 1, covering pairs cost 0. Points
 * no allowed site covers go to `constant` (uncovered in every solution).
 *
 * @private
 */
export function coverInstance(problem: SitingProblem, allowed: Uint8Array, reach: number, unit = false, baseOfDemand?: Float64Array): Instance {
  const n = problem.demandIds.length;
  const m = problem.siteIds.length;
  const covered0 = (i: number): boolean => {
    const e = baseOfDemand ? (baseOfDemand[i] as number) : (problem.existingCost?.[i] ?? Infinity);
    return e <= reach;
  };
  const active = new Uint8Array(n);
  for (let i = 0; i < n; i++) if ((problem.weights[i] as number) > 0 && !covered0(i)) active[i] = 1;

  // Covering sites of each active demand point, sites ascending (CSR by demand).
  const deg = new Uint32Array(n + 1);
  for (let j = 0; j < m; j++) {
    if (!allowed[j]) continue;
    for (let k = problem.siteStart[j] as number; k < (problem.siteStart[j + 1] as number); k++) {
      const i = problem.demandIndex[k] as number;
      if (active[i] && (problem.cost[k] as number) <= reach) deg[i + 1] = (deg[i + 1] as number) + 1;
    }
  }
  for (let i = 0; i < n; i++) deg[i + 1] = (deg[i + 1] as number) + (deg[i] as number);
  const dStart = deg;
  const fill = dStart.slice(0, n);
  const dSite = new Uint32Array(dStart[n] as number);
  for (let j = 0; j < m; j++) {
    if (!allowed[j]) continue;
    for (let k = problem.siteStart[j] as number; k < (problem.siteStart[j + 1] as number); k++) {
      const i = problem.demandIndex[k] as number;
      if (active[i] && (problem.cost[k] as number) <= reach) dSite[fill[i]!++] = j;
    }
  }

  // Group identical site lists: hash, then compare the lists of same-hash groups.
  const clientOf = new Int32Array(n).fill(-1);
  const byHash = new Map<number, number[]>();
  const repOf: number[] = []; // a demand point representing each client
  const weights: number[] = [];
  let constant = 0;
  for (let i = 0; i < n; i++) {
    if (!active[i]) continue;
    const w = unit ? 1 : (problem.weights[i] as number);
    const a = dStart[i] as number;
    const b = dStart[i + 1] as number;
    if (a === b) {
      constant += w;
      continue;
    }
    let h1 = 0x811c9dc5;
    let h2 = b - a;
    for (let k = a; k < b; k++) {
      const s = dSite[k] as number;
      h1 = Math.imul(h1 ^ s, 0x01000193);
      h2 = (Math.imul(h2, 31) + s) | 0;
    }
    const key = (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
    let list = byHash.get(key);
    if (!list) byHash.set(key, (list = []));
    let found = -1;
    for (const c of list) {
      const r = repOf[c] as number;
      const ra = dStart[r] as number;
      if ((dStart[r + 1] as number) - ra !== b - a) continue;
      let same = true;
      for (let k = 0; k < b - a && same; k++) same = dSite[ra + k] === dSite[a + k];
      if (same) {
        found = c;
        break;
      }
    }
    if (found < 0) {
      found = repOf.length;
      repOf.push(i);
      weights.push(0);
      list.push(found);
    }
    weights[found] = (weights[found] as number) + w;
    clientOf[i] = found;
  }

  const nClients = repOf.length;
  const cStart = new Uint32Array(nClients + 1);
  for (let c = 0; c < nClients; c++) {
    const r = repOf[c] as number;
    cStart[c + 1] = (cStart[c] as number) + (dStart[r + 1] as number) - (dStart[r] as number);
  }
  const cSite = new Uint32Array(cStart[nClients] as number);
  for (let c = 0; c < nClients; c++) {
    const r = repOf[c] as number;
    cSite.set(dSite.subarray(dStart[r], dStart[r + 1]), cStart[c]);
  }
  const cCost = new Float64Array(cSite.length);
  // Site → client pairs (clients ascending).
  const sStart = new Uint32Array(m + 1);
  for (let k = 0; k < cSite.length; k++) { const j = (cSite[k] as number) + 1; sStart[j] = (sStart[j] as number) + 1; }
  for (let j = 0; j < m; j++) sStart[j + 1] = (sStart[j + 1] as number) + (sStart[j] as number);
  const sFill = sStart.slice(0, m);
  const sClient = new Uint32Array(cSite.length);
  for (let c = 0; c < nClients; c++) for (let k = cStart[c] as number; k < (cStart[c + 1] as number); k++) sClient[sFill[cSite[k] as number]!++] = c;
  return {
    nSites: m,
    nClients,
    weight: Float64Array.from(weights),
    base: new Float64Array(nClients).fill(1),
    sStart,
    sClient,
    sCost: new Float64Array(cSite.length),
    cStart,
    cSite,
    cCost,
    constant,
    clientOf,
  };
}

/**
 * The weights a coverage model counts with: the clients' (`clientWeight`), every demand point's
 * (`total`), and what is covered outside the clients (`coveredOffset`: existing coverage, what is
 * neither a client nor uncoverable).
 *
 * @private
 */
export function coverWeights(problem: SitingProblem, inst: Instance): { clientWeight: number; total: number; coveredOffset: number } {
  let clientWeight = 0;
  for (const w of inst.weight) clientWeight += w;
  let total = 0;
  for (const w of problem.weights) total += w;
  return { clientWeight, total, coveredOffset: total - inst.constant - clientWeight };
}
