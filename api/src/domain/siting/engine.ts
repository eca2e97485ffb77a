import { GainHeap } from './heap.ts';
import type { Instance } from './instance.ts';
import type { Ticker } from './progress.ts';

/** Which sites may open, which must, and which pairs may not both open. @private */
export interface SiteRules {
  allowed: Uint8Array;
  forced: readonly number[];
  conflictStart: Uint32Array;
  conflictAdj: Uint32Array;
}

/**
 * The solver core shared by the four models: a set of open sites over an {@link Instance}, with each
 * client's nearest and second-nearest cost kept up to date, so that opening, closing, the gain of
 * opening a site and the loss of closing one are all cheap. On it: lazy greedy (CELF) and the fast
 * interchange of Resende & Werneck (2003), the sparse form of Teitz–Bart swaps.
 *
 * Ties are broken towards the lower site index, and every loop runs in index order, so a run is
 * deterministic for a given input.
 *
 * @private
 */
export class LocationEngine {
  readonly open: Uint8Array;
  readonly forcedMask: Uint8Array;
  /** Sites in the order they were opened (closing removes them). */
  openList: number[] = [];
  /** Nearest cost per client, its site (−1 = the base), and the second-nearest cost. */
  readonly d1: Float64Array;
  readonly n1: Int32Array;
  readonly d2: Float64Array;
  /** loss[s]: increase of the objective if open site s closed (nothing else changing). */
  readonly loss: Float64Array;
  /** Open sites in conflict with each site: their number and index sum (identifies a single one). */
  readonly conflictCount: Int32Array;
  readonly conflictSum: Float64Array;
  /** Σ weight · nearest cost over the clients (the instance objective without its constant). */
  value = 0;
  /** Improvements smaller than this are noise. */
  readonly eps: number;

  constructor(
    readonly inst: Instance,
    readonly rules: SiteRules,
  ) {
    const { nSites, nClients, weight, base } = inst;
    this.open = new Uint8Array(nSites);
    this.forcedMask = new Uint8Array(nSites);
    for (const f of rules.forced) this.forcedMask[f] = 1;
    this.d1 = Float64Array.from(base);
    this.d2 = Float64Array.from(base);
    this.n1 = new Int32Array(nClients).fill(-1);
    this.loss = new Float64Array(nSites);
    this.conflictCount = new Int32Array(nSites);
    this.conflictSum = new Float64Array(nSites);
    let total = 0;
    for (let c = 0; c < nClients; c++) total += (weight[c] as number) * (base[c] as number);
    this.value = total;
    this.eps = 1e-9 * Math.max(total, 1e-300);
    for (const f of rules.forced) this.openSite(f);
  }

  /** Whether site j may be opened now (allowed, closed, no open site in conflict). */
  canOpen(j: number): boolean {
    return this.rules.allowed[j] === 1 && this.open[j] === 0 && this.conflictCount[j] === 0;
  }

  /** Decrease of the objective if site j opened. */
  gain(j: number): number {
    const { sStart, sClient, sCost, weight } = this.inst;
    const d1 = this.d1;
    let g = 0;
    for (let k = sStart[j] as number, e = sStart[j + 1] as number; k < e; k++) {
      const c = sClient[k] as number;
      const diff = (d1[c] as number) - (sCost[k] as number);
      if (diff > 0) g += (weight[c] as number) * diff;
    }
    return g;
  }

  private markConflicts(j: number, delta: 1 | -1): void {
    const { conflictStart, conflictAdj } = this.rules;
    for (let k = conflictStart[j] as number; k < (conflictStart[j + 1] as number); k++) {
      const t = conflictAdj[k] as number;
      this.conflictCount[t] = (this.conflictCount[t] as number) + delta;
      this.conflictSum[t] = (this.conflictSum[t] as number) + delta * j;
    }
  }

  openSite(j: number): void {
    const { sStart, sClient, sCost, weight } = this.inst;
    const { d1, d2, n1, loss } = this;
    this.open[j] = 1;
    this.openList.push(j);
    this.markConflicts(j, 1);
    for (let k = sStart[j] as number, e = sStart[j + 1] as number; k < e; k++) {
      const c = sClient[k] as number;
      const v = sCost[k] as number;
      const w = weight[c] as number;
      const a = d1[c] as number;
      if (v < a) {
        const old = n1[c] as number;
        if (old >= 0) loss[old] = (loss[old] as number) - w * ((d2[c] as number) - a);
        d2[c] = a;
        d1[c] = v;
        n1[c] = j;
        loss[j] = (loss[j] as number) + w * (a - v);
        this.value -= w * (a - v);
      } else if (v < (d2[c] as number)) {
        const s = n1[c] as number;
        loss[s] = (loss[s] as number) - w * ((d2[c] as number) - v);
        d2[c] = v;
      }
    }
  }

  closeSite(j: number): void {
    const { sStart, sClient, sCost } = this.inst;
    this.open[j] = 0;
    const at = this.openList.indexOf(j);
    if (at >= 0) this.openList.splice(at, 1);
    this.markConflicts(j, -1);
    for (let k = sStart[j] as number, e = sStart[j + 1] as number; k < e; k++) {
      const c = sClient[k] as number;
      if (this.n1[c] === j || (sCost[k] as number) <= (this.d2[c] as number)) this.recompute(c);
    }
    this.loss[j] = 0;
  }

  /** Recomputes a client's nearest and second-nearest from its pair list. */
  private recompute(c: number): void {
    const { cStart, cSite, cCost, weight, base } = this.inst;
    const w = weight[c] as number;
    const old = this.n1[c] as number;
    if (old >= 0) this.loss[old] = (this.loss[old] as number) - w * ((this.d2[c] as number) - (this.d1[c] as number));
    this.value -= w * (this.d1[c] as number);
    let a = base[c] as number;
    let b = a;
    let n = -1;
    for (let k = cStart[c] as number, e = cStart[c + 1] as number; k < e; k++) {
      const s = cSite[k] as number;
      if (!this.open[s]) continue;
      const v = cCost[k] as number;
      if (v < a) {
        b = a;
        a = v;
        n = s;
      } else if (v < b) b = v;
    }
    this.d1[c] = a;
    this.d2[c] = b;
    this.n1[c] = n;
    if (n >= 0) this.loss[n] = (this.loss[n] as number) + w * (b - a);
    this.value += w * a;
  }

  /**
   * Lazy greedy (CELF): opens the site of largest gain (ties: lower index) among `pool` (default all
   * allowed) until `limit` sites are open, no site gains more than eps, or `stop()` says so.
   * Valid because the gain of a site never grows as others open.
   */
  async greedy(limit: number, ticker: Ticker, stop?: () => boolean, pool?: readonly number[]): Promise<void> {
    const heap = new GainHeap();
    const sites = pool ?? Array.from({ length: this.inst.nSites }, (_, j) => j);
    for (const j of sites) if (this.canOpen(j)) heap.push(this.gain(j), j, 0);
    let round = 0;
    const start = this.openList.length;
    while (this.openList.length < limit && !(stop?.() ?? false)) {
      const top = heap.pop();
      if (!top) break;
      if (!this.canOpen(top.site)) continue;
      if (top.round !== round) {
        heap.push(this.gain(top.site), top.site, round);
        continue;
      }
      if (top.gain <= this.eps) break;
      this.openSite(top.site);
      round++;
      await ticker.tick((this.openList.length - start) / Math.max(1, limit - start), 'greedy');
    }
  }

  /**
   * Fast interchange: for each closed candidate c in turn, the best open non-forced site s to swap
   * it with (or none, while fewer than `limit` are open), from one pass over c's pairs:
   * profit(c, s) = gain(c) − loss(s) + extra(c, s), where extra collects, for clients whose nearest
   * is s, the part of the loss c would save. Applies the first improving move found, and stops after
   * a full pass without one. Honours conflicts (a candidate in conflict with one open site may only
   * replace that site).
   */
  async swap(limit: number, ticker: Ticker, maxMoves = Infinity): Promise<number> {
    const { nSites, sStart, sClient, sCost, weight } = this.inst;
    const { d1, d2, n1, loss, open, forcedMask } = this;
    const extra = new Float64Array(nSites);
    const stamp = new Int32Array(nSites).fill(-1);
    const touched: number[] = [];
    let byLoss = this.swappableByLoss();
    let moves = 0;
    let sinceImprovement = 0;
    let visit = 0;
    for (let c = 0; sinceImprovement < nSites && moves < maxMoves; c = (c + 1) % nSites, sinceImprovement++) {
      if ((++visit & 63) === 0) await ticker.tick(sinceImprovement / nSites, 'swap');
      if (!this.rules.allowed[c] || open[c]) continue;
      const token = visit; // marks the sites touched on this visit (a candidate is visited many times)
      const cc = this.conflictCount[c] as number;
      if (cc >= 2) continue;
      const only = cc === 1 ? (this.conflictSum[c] as number) : -1;
      if (only >= 0 && forcedMask[only]) continue;

      let gainC = 0;
      touched.length = 0;
      for (let k = sStart[c] as number, e = sStart[c + 1] as number; k < e; k++) {
        const cl = sClient[k] as number;
        const v = sCost[k] as number;
        const a = d1[cl] as number;
        const w = weight[cl] as number;
        if (v < a) gainC += w * (a - v);
        const s = n1[cl] as number;
        if (s < 0) continue;
        const b = d2[cl] as number;
        if (v < b) {
          if (stamp[s] !== token) {
            stamp[s] = token;
            extra[s] = 0;
            touched.push(s);
          }
          extra[s] = (extra[s] as number) + w * (b - (v > a ? v : a));
        }
      }
      let bestProfit = -Infinity;
      let bestS = -1;
      if (only >= 0) {
        bestProfit = gainC - (loss[only] as number) + (stamp[only] === token ? (extra[only] as number) : 0);
        bestS = only;
      } else {
        if (this.openList.length < limit) {
          bestProfit = gainC;
          bestS = -1;
        }
        for (const s of touched) {
          if (forcedMask[s]) continue;
          const profit = gainC - (loss[s] as number) + (extra[s] as number);
          if (profit > bestProfit || (profit === bestProfit && bestS >= 0 && s < bestS)) {
            bestProfit = profit;
            bestS = s;
          }
        }
        for (const s of byLoss) {
          if (stamp[s] === token) continue;
          const profit = gainC - (loss[s] as number);
          if (profit > bestProfit) {
            bestProfit = profit;
            bestS = s;
          }
          break; // byLoss is sorted: the first untouched site is the best untouched one
        }
      }
      if (bestProfit > this.eps) {
        if (bestS >= 0) this.closeSite(bestS);
        this.openSite(c);
        moves++;
        sinceImprovement = 0;
        byLoss = this.swappableByLoss();
      }
    }
    return moves;
  }

  /** Open non-forced sites by loss ascending (ties: lower index). */
  private swappableByLoss(): number[] {
    return this.openList.filter((s) => !this.forcedMask[s]).sort((a, b) => (this.loss[a] as number) - (this.loss[b] as number) || a - b);
  }
}
