import type { BoundSites } from './bounds.ts';
import type { Instance } from './instance.ts';
import type { Ticker } from './progress.ts';

/** What the p-median Lagrangian proves. @private */
export interface MedianRelaxation {
  /** Lower bound: no solution is cheaper than min(upper, bound). Rounded up when the data are integral. */
  bound: number;
  /** Free sites the relaxation opened at its best multipliers (a start for another local search). */
  sites: number[];
  /** A few more such site sets, from the last improvements of the bound (more starts). */
  starts: number[][];
  /** Free sites proven closed (every solution opening one costs ≥ the heuristic's) and proven open. */
  closed: Uint8Array;
  open: number[];
  /** Smallest improvement a better solution can make: 1 when all w·c are integers, else 0. */
  granularity: number;
  iterations: number;
  /**
   * Per site, how often the relaxation opened it over the last iterations (an exponential average,
   * 1 for sites fixed open): an estimate of the LP's y_j, near ½ where the relaxation hesitates.
   */
  frequency: Float64Array;
  /**
   * Reduced costs at the best multipliers, recomputed over the sites still undecided: the bound
   * `value` L(λ), λ itself, and per site the least extra `openCost[j]` that opening it adds to L
   * (0 for sites open in the relaxation or fixed open), and per site of the relaxation the least
   * `closeCost[j]` that closing it adds (the next most negative ρ replaces it). A solution assigning client i to site j costs
   * at least value + openCost[j] + max(0, w_i·c_ij − λ_i), which {@link keptPairs} uses.
   */
  reduced: { value: number; lambda: Float64Array; openCost: Float64Array; closeCost: Float64Array };
}

/** Whether every weighted cost is an integer, so that objectives differ by at least 1 (cached per instance). */
const integralCache = new WeakMap<Instance, boolean>();
function integralData(inst: Instance): boolean {
  let hit = integralCache.get(inst);
  if (hit === undefined) integralCache.set(inst, (hit = checkIntegral(inst)));
  return hit;
}
function checkIntegral(inst: Instance): boolean {
  const { weight, base, cCost, cStart, nClients } = inst;
  for (let c = 0; c < nClients; c++) {
    const w = weight[c] as number;
    if (!Number.isInteger(w) || !Number.isInteger(w * (base[c] as number))) return false;
    for (let k = cStart[c] as number; k < (cStart[c + 1] as number); k++) if (!Number.isInteger(w * (cCost[k] as number))) return false;
  }
  return true;
}

/** Pairs of each site sorted by cost (cached per instance), so a pass can stop at the first cost above every λ_i/w_i. */
const sortedCache = new WeakMap<Instance, { pc: Float64Array; pi: Uint32Array }>();
function sortedPairs(inst: Instance): { pc: Float64Array; pi: Uint32Array } {
  const hit = sortedCache.get(inst);
  if (hit) return hit;
  const { nSites, sStart, sClient, sCost } = inst;
  const order = new Uint32Array(sClient.length);
  for (let j = 0; j < nSites; j++) {
    const a = sStart[j] as number;
    const b = sStart[j + 1] as number;
    const idx = Array.from({ length: b - a }, (_, k) => a + k).sort((x, y) => (sCost[x] as number) - (sCost[y] as number) || x - y);
    for (let k = 0; k < idx.length; k++) order[a + k] = idx[k] as number;
  }
  const pc = Float64Array.from(order, (k) => sCost[k] as number);
  const pi = Uint32Array.from(order, (k) => sClient[k] as number);

  const out = { pc, pi };
  sortedCache.set(inst, out);
  return out;
}

/** The same pairs by client, sorted by cost (cached per instance): a pass over client i stops at the first cost ≥ λ_i/w_i. */
const clientSortedCache = new WeakMap<Instance, { qc: Float64Array; qs: Uint32Array }>();
function clientSortedPairs(inst: Instance): { qc: Float64Array; qs: Uint32Array } {
  const hit = clientSortedCache.get(inst);
  if (hit) return hit;
  const { nClients, cStart, cSite, cCost } = inst;
  const qc = new Float64Array(cSite.length);
  const qs = new Uint32Array(cSite.length);
  for (let i = 0; i < nClients; i++) {
    const a = cStart[i] as number;
    const b = cStart[i + 1] as number;
    const idx = Array.from({ length: b - a }, (_, k) => a + k).sort((x, y) => (cCost[x] as number) - (cCost[y] as number) || x - y);
    for (let k = 0; k < idx.length; k++) {
      qc[a + k] = cCost[idx[k] as number] as number;
      qs[a + k] = cSite[idx[k] as number] as number;
    }
  }
  const out = { qc, qs };
  clientSortedCache.set(inst, out);
  return out;
}

/**
 * The (up to) k sites of `active` with the most negative ρ, ascending (ties: lower index), by
 * insertion into a short list: k is p + 1 at most where it matters, far below |active|.
 */
function mostNegative(active: readonly number[], rho: Float64Array, k: number): number[] {
  const out: number[] = [];
  if (k <= 0) return out;
  for (const j of active) {
    const r = rho[j] as number;
    if (r >= 0) continue;
    const n = out.length;
    if (n === k) {
      const last = out[n - 1] as number;
      const rl = rho[last] as number;
      if (r > rl || (r === rl && j > last)) continue;
      out.pop();
    }
    let at = out.length;
    while (at > 0) {
      const q = out[at - 1] as number;
      const rq = rho[q] as number;
      if (rq < r || (rq === r && q < j)) break;
      at--;
    }
    out.splice(at, 0, j);
  }
  return out;
}

/**
 * Lower bound for p-median by Lagrangian relaxation of "each client assigned once" (Beasley 1985,
 * 1993), multipliers λ free:
 *   L(λ) = Σ_i λ_i + Σ_i min(0, w_i·b_i − λ_i) + Σ_{j open} ρ_j + the pRem most negative free ρ_j,
 *   ρ_j = Σ_i min(0, w_i·c_ij − λ_i),
 * maximised by subgradient ascent with the Polyak step t = θ·(UB − L)/‖g‖², θ halved after
 * `patience` iterations without a better bound, for up to `maxIterations` or `timeBudgetMs` of this
 * process's CPU time (not wall time, so that a busy machine does not weaken the bound).
 * At every iteration, reduced costs fix sites (Beasley's variable fixing): a site whose opening
 * (closing) would lift the relaxed bound past what any better solution may cost is closed (opened)
 * for good, which both shrinks the exact MIP and tightens later bounds.
 *
 * @private
 */
export async function medianLagrangian(
  inst: Instance,
  sites: BoundSites,
  upper: number,
  heuristicD1: Float64Array,
  ticker: Ticker,
  options: { maxIterations?: number; timeBudgetMs?: number; patience?: number; lambda?: Float64Array; theta?: number } = {},
): Promise<MedianRelaxation> {
  const maxIterations = options.maxIterations ?? 3000;
  const timeBudgetMs = options.timeBudgetMs ?? 10_000;
  const patience = options.patience ?? 25;
  const thetaMin = 1e-4;
  const { nClients, nSites, weight, base, sStart, sClient, sCost } = inst;
  const cpuMs = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const t0 = cpuMs();
  const granularity = integralData(inst) ? 1 : 0;
  // "Cannot beat the heuristic": a lower bound above this proves it (tolerance for rounding).
  const proves = (value: number): boolean =>
    granularity > 0 ? value > upper - 1 + 1e-6 * Math.max(1, Math.abs(upper)) : value >= upper + 1e-9 * Math.max(1, Math.abs(upper));

  const { pc, pi } = sortedPairs(inst);
  const { qc, qs } = clientSortedPairs(inst);
  const { cStart } = inst;

  const lambda = new Float64Array(nClients);
  if (options.lambda) lambda.set(options.lambda);
  else for (let i = 0; i < nClients; i++) lambda[i] = (weight[i] as number) * (heuristicD1[i] as number);
  const closed = new Uint8Array(nSites);
  const isOpen = new Uint8Array(nSites);
  for (const f of sites.forced) isOpen[f] = 1;
  const openFixed: number[] = [];
  let active: number[] = Array.from(sites.free);
  let pRem = sites.pFree;
  const rho = new Float64Array(nSites);
  const served = new Int32Array(nClients);
  let best = -Infinity;
  let bestSites: number[] = [];
  let bestLambda = Float64Array.from(lambda);
  const starts: number[][] = [];
  const startKeys: string[] = [];
  let theta = options.theta ?? 2;
  const frequency = new Float64Array(nSites);
  const inFrequency = new Uint8Array(nSites);
  let stale = 0;
  let it = 0;

  const rhoOf = (j: number, maxRatio: number): number => {
    let r = 0;
    for (let k = sStart[j] as number, e = sStart[j + 1] as number; k < e; k++) {
      const c = pc[k] as number;
      if (c >= maxRatio) break;
      const i = pi[k] as number;
      const t = (weight[i] as number) * c - (lambda[i] as number);
      if (t < 0) r += t;
    }
    return r;
  };

  for (; it < maxIterations; it++) {
    let maxRatio = 0;
    let L = 0;
    for (let i = 0; i < nClients; i++) {
      const l = lambda[i] as number;
      const w = weight[i] as number;
      L += l + Math.min(0, w * (base[i] as number) - l);
      if (w > 0 && l / w > maxRatio) maxRatio = l / w;
    }
    // ρ_j for every site in one pass by client: only the pairs with w_i·c_ij < λ_i count.
    rho.fill(0);
    for (let i = 0; i < nClients; i++) {
      const l = lambda[i] as number;
      const w = weight[i] as number;
      for (let k = cStart[i] as number, e = cStart[i + 1] as number; k < e; k++) {
        const t = w * (qc[k] as number) - l;
        if (t >= 0) break;
        const j = qs[k] as number;
        rho[j] = (rho[j] as number) + t;
      }
    }
    for (let j = 0; j < nSites; j++) if (isOpen[j]) L += rho[j] as number;
    // The pRem most negative active ρ (ties: lower index).
    const sorted = mostNegative(active, rho, Math.max(0, pRem) + 1);
    const chosen = sorted.slice(0, Math.max(0, pRem));
    for (const j of chosen) L += rho[j] as number;
    // Exponential average of "open in the relaxation" (faster at first, then over ~10 iterations).
    const alpha = Math.max(0.1, 1 / (it + 1));
    inFrequency.fill(0);
    for (const j of chosen) inFrequency[j] = 1;
    for (const j of active) frequency[j] = (1 - alpha) * (frequency[j] as number) + alpha * (inFrequency[j] as number);
    if (best === -Infinity || L > best + 1e-12 * Math.max(1, Math.abs(best))) {
      best = L;
      bestLambda = Float64Array.from(lambda);
      bestSites = [...openFixed, ...chosen];
      const key = [...bestSites].sort((a, b) => a - b).join(',');
      if (!startKeys.includes(key)) {
        startKeys.push(key);
        starts.push(bestSites);
        if (starts.length > 4) {
          starts.shift();
          startKeys.shift();
        }
      }
      stale = 0;
    } else if (++stale >= patience) {
      theta /= 2;
      stale = 0;
    }

    // Variable fixing from reduced costs at this λ.
    const full = chosen.length === pRem;
    const lastIn = chosen.length > 0 ? (rho[chosen[chosen.length - 1] as number] as number) : 0;
    const firstOut = sorted.length > chosen.length ? (rho[sorted[chosen.length] as number] as number) : 0;
    const inChosen = new Set(chosen);
    let changed = false;
    const keep: number[] = [];
    for (const j of active) {
      if (inChosen.has(j)) {
        if (proves(L - (rho[j] as number) + firstOut)) {
          isOpen[j] = 1;
          frequency[j] = 1;
          openFixed.push(j);
          pRem--;
          changed = true;
          continue;
        }
      } else if (proves(L + (rho[j] as number) - (full ? lastIn : 0))) {
        closed[j] = 1;
        frequency[j] = 0;
        changed = true;
        continue;
      }
      keep.push(j);
    }
    if (changed) {
      active = keep;
      stale = 0;
    }

    // The CPU clock is a system call: read it every 8th step.
    if (proves(best) || theta < thetaMin || ((it & 7) === 7 && cpuMs() - t0 > timeBudgetMs)) break;
    if (pRem <= 0 && active.length === 0) break;
    // Subgradient: 1 − (times client i is assigned in the relaxed solution).
    for (const j of chosen) inFrequency[j] = 1;
    for (let j = 0; j < nSites; j++) if (isOpen[j]) inFrequency[j] = 1;
    for (let i = 0; i < nClients; i++) {
      const l = lambda[i] as number;
      const w = weight[i] as number;
      let n = w * (base[i] as number) < l ? 1 : 0;
      for (let k = cStart[i] as number, e = cStart[i + 1] as number; k < e; k++) {
        if (w * (qc[k] as number) >= l) break;
        n += inFrequency[qs[k] as number] as number;
      }
      served[i] = n;
    }
    let norm = 0;
    for (let i = 0; i < nClients; i++) norm += (1 - (served[i] as number)) ** 2;
    if (norm === 0) break; // λ is optimal for the relaxation
    const step = (theta * Math.max(upper - L, 1e-9 * Math.max(1, Math.abs(L)))) / norm;
    for (let i = 0; i < nClients; i++) lambda[i] = (lambda[i] as number) + step * (1 - (served[i] as number));
    await ticker.tick(it / maxIterations, 'bound');
  }
  if (pRem <= 0 || active.length === 0) {
    // Every site is decided: the only solution that may beat the heuristic opens the sites fixed open.
    let value = 0;
    for (let i = 0; i < nClients; i++) {
      let d = base[i] as number;
      for (let k = inst.cStart[i] as number; k < (inst.cStart[i + 1] as number); k++) if (isOpen[inst.cSite[k] as number] && (inst.cCost[k] as number) < d) d = inst.cCost[k] as number;
      value += (weight[i] as number) * d;
    }
    best = Math.max(best, Math.min(upper, value));
  }
  // Reduced costs at the best λ over the sites still undecided (closing more sites since only raises L).
  lambda.set(bestLambda);
  let maxRatio = 0;
  let value = 0;
  for (let i = 0; i < nClients; i++) {
    const l = lambda[i] as number;
    const w = weight[i] as number;
    value += l + Math.min(0, w * (base[i] as number) - l);
    if (w > 0 && l / w > maxRatio) maxRatio = l / w;
  }
  for (let j = 0; j < nSites; j++) if (isOpen[j]) value += rhoOf(j, maxRatio);
  for (const j of active) rho[j] = rhoOf(j, maxRatio);
  const ranked = active.filter((j) => (rho[j] as number) < 0).sort((a, b) => (rho[a] as number) - (rho[b] as number) || a - b);
  const inRelaxation = ranked.slice(0, Math.max(0, pRem));
  for (const j of inRelaxation) value += rho[j] as number;
  const lastRho = inRelaxation.length === pRem && pRem > 0 ? (rho[inRelaxation[inRelaxation.length - 1] as number] as number) : 0;
  const openCost = new Float64Array(nSites);
  const inSet = new Set(inRelaxation);
  for (const j of active) if (!inSet.has(j)) openCost[j] = Math.max(0, (rho[j] as number) - lastRho);
  if (pRem <= 0) for (const j of active) openCost[j] = Infinity; // no free site may open any more
  // Closing a site of the relaxation lets the next most negative ρ in (if any): L rises by that much.
  const closeCost = new Float64Array(nSites);
  const nextRho = ranked.length > inRelaxation.length ? (rho[ranked[inRelaxation.length] as number] as number) : 0;
  for (const j of inRelaxation) closeCost[j] = Math.max(0, Math.min(0, nextRho) - (rho[j] as number));
  const bound = granularity > 0 ? Math.ceil(best - 1e-6 * Math.max(1, Math.abs(best))) : best;
  return { reduced: { value, lambda: bestLambda, openCost, closeCost }, bound, sites: bestSites.filter((j) => !sites.forced.includes(j)), starts: starts.slice(0, -1).reverse().map((set) => set.filter((j) => !sites.forced.includes(j))), closed, open: openFixed, granularity, iterations: it, frequency };
}

/**
 * Pair and level reduction for an exact solve that only looks for solutions cheaper than `upper`
 * (the heuristic's value): client i can be assigned to site j in such a solution only if
 * L(λ) + openCost[j] + max(0, w_i·c_ij − λ_i) stays below `upper` (the Lagrangian with that
 * assignment forced), and its cost is then below top_i = (upper − L(λ) + λ_i) / w_i. Returns the
 * mask of the client-major pairs (`inst.cSite` order) that survive, and top_i, which may replace the
 * base of client i: a solution leaving i beyond top_i costs at least `upper` either way.
 *
 * @private
 */
export function keptPairs(inst: Instance, relaxed: MedianRelaxation, upper: number): { keep: Uint8Array; top: Float64Array; kept: number } {
  const { value, lambda, openCost } = relaxed.reduced;
  const { nClients, weight, base, cStart, cSite, cCost } = inst;
  const slack = upper - value;
  const limit = relaxed.granularity > 0 ? slack - 1 + 1e-6 * Math.max(1, Math.abs(upper)) : slack + 1e-9 * Math.max(1, Math.abs(upper));
  const keep = new Uint8Array(cSite.length);
  const top = Float64Array.from(base);
  let kept = 0;
  for (let i = 0; i < nClients; i++) {
    const w = weight[i] as number;
    const l = lambda[i] as number;
    if (w > 0) top[i] = Math.min(base[i] as number, Math.max(0, (slack + l) / w));
    for (let k = cStart[i] as number; k < (cStart[i + 1] as number); k++) {
      const extra = (openCost[cSite[k] as number] as number) + Math.max(0, w * (cCost[k] as number) - l);
      if (extra < limit) {
        keep[k] = 1;
        kept++;
      }
    }
  }
  return { keep, top, kept };
}
