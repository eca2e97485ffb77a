import type { Instance } from './instance.ts';
import type { Ticker } from './progress.ts';

/** Indices of the k largest values (> 0 only), ties to the lower index; ascending index order. */
function topK(values: Float64Array, candidates: Uint32Array, k: number): number[] {
  let count = 0;
  for (const j of candidates) if ((values[j] as number) > 0) count++;
  const out: number[] = [];
  if (count <= k) {
    for (const j of candidates) if ((values[j] as number) > 0) out.push(j);
    return out;
  }
  if (k <= 0) return out;
  // The k-th largest value by a native numeric sort (no comparator: fast), then a scan.
  const sorted = new Float64Array(count);
  let n = 0;
  for (const j of candidates) if ((values[j] as number) > 0) sorted[n++] = values[j] as number;
  sorted.sort();
  const threshold = sorted[count - k] as number;
  let above = 0;
  for (let i = count - k + 1; i < count; i++) if ((sorted[i] as number) > threshold) above++;
  let ties = k - above;
  for (const j of candidates) {
    const v = values[j] as number;
    if (v > threshold) out.push(j);
    else if (v === threshold && ties > 0) {
      out.push(j);
      ties--;
    }
  }
  return out;
}

/** What the Lagrangian bounds need to know about the sites. @private */
export interface BoundSites {
  /** Sites that may still be chosen (allowed, not forced). */
  free: Uint32Array;
  /** Sites always open (forced). */
  forced: readonly number[];
  /** How many free sites may be chosen. */
  pFree: number;
}

/**
 * Upper bound on the covered weight of a coverage instance (mclp), by Lagrangian relaxation of
 * "client g covered only if an open site covers it" with multipliers λ ≥ 0 and subgradient steps:
 * L(λ) = Σ_g max(0, w_g − λ_g) + Σ over the pFree free sites of largest Σ_{g ∈ cover(j)} λ_g,
 * with the clients the forced sites cover counted as covered. Every L(λ) is a valid bound (spacing
 * conflicts are relaxed too); at convergence it equals the LP relaxation bound.
 * Returns the bound on Σ_g w_g·covered_g (the instance's clients only), and the free sites the
 * relaxation chose at its best λ (a start for another local search).
 *
 * @private
 */
export async function coverUpperBound(
  inst: Instance,
  sites: BoundSites,
  heuristicCovered: number,
  ticker: Ticker,
  iterations = 150,
): Promise<{ bound: number; sites: number[] }> {
  const { nClients, weight, sStart, sClient, cStart, cSite } = inst;
  const fixed = new Uint8Array(nClients);
  let fixedWeight = 0;
  for (const f of sites.forced) {
    for (let k = sStart[f] as number; k < (sStart[f + 1] as number); k++) {
      const g = sClient[k] as number;
      if (!fixed[g]) {
        fixed[g] = 1;
        fixedWeight += weight[g] as number;
      }
    }
  }
  const isFree = new Uint8Array(inst.nSites);
  for (const j of sites.free) isFree[j] = 1;
  // Start: each client's weight shared among its free covering sites.
  const lambda = new Float64Array(nClients);
  for (let g = 0; g < nClients; g++) {
    if (fixed[g]) continue;
    let deg = 0;
    for (let k = cStart[g] as number; k < (cStart[g + 1] as number); k++) if (isFree[cSite[k] as number]) deg++;
    lambda[g] = deg > 0 ? (weight[g] as number) / deg : 0;
  }
  const target = heuristicCovered - fixedWeight;
  const value = new Float64Array(inst.nSites);
  const count = new Int32Array(nClients);
  let best = Infinity;
  let bestSites: number[] = [];
  let theta = 2;
  let stale = 0;
  for (let it = 0; it < iterations; it++) {
    value.fill(0);
    for (const j of sites.free) {
      let v = 0;
      for (let k = sStart[j] as number; k < (sStart[j + 1] as number); k++) v += lambda[sClient[k] as number] as number;
      value[j] = v;
    }
    const chosen = topK(value, sites.free, sites.pFree);
    let L = 0;
    for (let g = 0; g < nClients; g++) if (!fixed[g]) L += Math.max(0, (weight[g] as number) - (lambda[g] as number));
    for (const j of chosen) L += value[j] as number;
    if (best === Infinity || L < best - 1e-12 * Math.abs(best)) {
      best = L;
      bestSites = chosen;
      stale = 0;
    } else if (++stale >= 5) {
      theta /= 2;
      stale = 0;
    }
    if (best - target <= 1e-9 * Math.max(1, best) || theta < 1e-5) break;
    count.fill(0);
    for (const j of chosen) for (let k = sStart[j] as number; k < (sStart[j + 1] as number); k++) { const g = sClient[k] as number; count[g] = (count[g] as number) + 1; }
    let norm = 0;
    for (let g = 0; g < nClients; g++) {
      if (fixed[g]) continue;
      const s = (count[g] as number) - ((weight[g] as number) > (lambda[g] as number) ? 1 : 0);
      norm += s * s;
    }
    if (norm === 0) break; // λ is optimal: L(λ) is the LP bound
    const step = (theta * Math.max(L - target, 1e-9 * Math.max(1, L))) / norm;
    for (let g = 0; g < nClients; g++) {
      if (fixed[g]) continue;
      const s = (count[g] as number) - ((weight[g] as number) > (lambda[g] as number) ? 1 : 0);
      if (s !== 0) lambda[g] = Math.max(0, (lambda[g] as number) - step * s);
    }
    await ticker.tick(it / iterations, 'bound');
  }
  return { bound: fixedWeight + best, sites: bestSites };
}

/**
 * A lower bound on the number of free sites needed to cover every client of a coverage instance:
 * the size of a greedy packing of clients no two of which share a free covering site (each needs a
 * site of its own). Infinity when a client has no free covering site. Clients the forced sites
 * cover are skipped; clients are taken fewest covering sites first (ties: lower index).
 *
 * @private
 */
export function packingLowerBound(inst: Instance, sites: BoundSites): number {
  const { nClients, sStart, sClient, cStart, cSite } = inst;
  const done = new Uint8Array(nClients);
  for (const f of sites.forced) for (let k = sStart[f] as number; k < (sStart[f + 1] as number); k++) done[sClient[k] as number] = 1;
  const isFree = new Uint8Array(inst.nSites);
  for (const j of sites.free) isFree[j] = 1;
  const order: number[] = [];
  const deg = new Int32Array(nClients);
  for (let g = 0; g < nClients; g++) {
    if (done[g]) continue;
    let d = 0;
    for (let k = cStart[g] as number; k < (cStart[g + 1] as number); k++) if (isFree[cSite[k] as number]) d++;
    if (d === 0) return Infinity;
    deg[g] = d;
    order.push(g);
  }
  order.sort((a, b) => (deg[a] as number) - (deg[b] as number) || a - b);
  const used = new Uint8Array(inst.nSites);
  let packed = 0;
  for (const g of order) {
    let clash = false;
    for (let k = cStart[g] as number; k < (cStart[g + 1] as number) && !clash; k++) clash = used[cSite[k] as number] === 1;
    if (clash) continue;
    for (let k = cStart[g] as number; k < (cStart[g + 1] as number); k++) used[cSite[k] as number] = 1;
    packed++;
  }
  return packed;
}

/**
 * Lower bound on the number of free sites needed to cover `need` more weight: the fewest k whose k
 * largest single-site gains (the instance's clients, forced coverage removed) sum to `need`
 * (coverage is submodular, so k sites cover at most the sum of their gains). Infinity if even all
 * sites fall short.
 *
 * @private
 */
export function sitesNeededLowerBound(inst: Instance, sites: BoundSites, need: number): number {
  if (need <= 0) return 0;
  const { nClients, weight, sStart, sClient } = inst;
  const done = new Uint8Array(nClients);
  for (const f of sites.forced) for (let k = sStart[f] as number; k < (sStart[f + 1] as number); k++) done[sClient[k] as number] = 1;
  const gains: number[] = [];
  for (const j of sites.free) {
    let g = 0;
    for (let k = sStart[j] as number; k < (sStart[j + 1] as number); k++) {
      const c = sClient[k] as number;
      if (!done[c]) g += weight[c] as number;
    }
    gains.push(g);
  }
  gains.sort((a, b) => b - a);
  let sum = 0;
  for (let k = 0; k < gains.length; k++) {
    sum += gains[k] as number;
    if (sum >= need * (1 - 1e-12)) return k + 1;
  }
  return Infinity;
}
