import type { BoundSites } from './bounds.ts';
import type { Instance } from './instance.ts';
import { medianLagrangian, type MedianRelaxation } from './median-lagrangian.ts';
import type { Ticker } from './progress.ts';

/** What the Lagrangian branch-and-bound proves. @private */
export interface MedianBnbResult {
  /** Best sites found (free sites and forced), and their value in instance terms. */
  sites: number[];
  value: number;
  /** Proven lower bound: min(value, the least bound of a node left open). Equals value when proven. */
  bound: number;
  proven: boolean;
  nodes: number;
}

interface Node {
  /** Sites open in this subtree (the instance's forced ones included) and sites closed. */
  open: number[];
  closed: Uint8Array;
  /** The parent's bound (a valid bound for this subtree) and multipliers (warm start). */
  bound: number;
  lambda: Float64Array | null;
}

/** Σ_i w_i · min(base_i, cost to the nearest of `sites`), in instance terms. */
export function instanceValue(inst: Instance, sites: readonly number[]): number {
  const isOpen = new Uint8Array(inst.nSites);
  for (const j of sites) isOpen[j] = 1;
  let v = 0;
  for (let i = 0; i < inst.nClients; i++) {
    let d = inst.base[i] as number;
    for (let k = inst.cStart[i] as number; k < (inst.cStart[i + 1] as number); k++) if (isOpen[inst.cSite[k] as number] && (inst.cCost[k] as number) < d) d = inst.cCost[k] as number;
    v += (inst.weight[i] as number) * d;
  }
  return v;
}

/**
 * Exact p-median by Lagrangian branch-and-bound (Beasley 1985, 1993): depth first, each node the
 * Lagrangian of {@link medianLagrangian} under its open/closed decisions, warm-started from its
 * parent's multipliers, with variable fixing by reduced costs against the incumbent (the fixed
 * sites carry down the subtree). A node is pruned when its bound proves it cannot beat the
 * incumbent (integral data: bound > incumbent − 1). Otherwise the free site the relaxation opens
 * with the most negative ρ is branched on: open first, then closed. The relaxation's site set is
 * evaluated at every node (Lagrangian heuristic) and replaces the incumbent when cheaper.
 * Spacing conflicts are not modelled: the caller uses it only without them.
 * Stops at `deadline` (performance.now() ms) and then returns min(incumbent, least open-node bound).
 *
 * @private
 */
export async function medianBnb(
  inst: Instance,
  sites: BoundSites,
  incumbent: { sites: number[]; value: number },
  root: MedianRelaxation,
  d1: Float64Array,
  ticker: Ticker,
  deadline: number,
  options: { nodeIterations?: number; closedFirst?: boolean } = {},
): Promise<MedianBnbResult> {
  const nodeIterations = options.nodeIterations ?? 40;
  const p = sites.pFree + sites.forced.length;
  const granularity = root.granularity;
  const closedFirst = options.closedFirst ?? false;
  let bestSites = [...incumbent.sites];
  let best = incumbent.value;
  const prunes = (bound: number): boolean =>
    granularity > 0 ? bound > best - 1 + 1e-6 * Math.max(1, Math.abs(best)) : bound >= best - 1e-9 * Math.max(1, Math.abs(best));
  const isFree = new Uint8Array(inst.nSites);
  for (const j of sites.free) isFree[j] = 1;
  const tryIncumbent = (set: readonly number[]): void => {
    const uniq = [...new Set(set)];
    if (uniq.length > p) return;
    const v = instanceValue(inst, uniq);
    if (v < best - 1e-9 * Math.max(1, Math.abs(best))) {
      best = v;
      bestSites = uniq.sort((a, b) => a - b);
    }
  };
  tryIncumbent([...sites.forced, ...root.sites]);

  // The root: its fixing is the caller's relaxation.
  const rootClosed = Uint8Array.from(root.closed);
  const stack: Node[] = [];
  let nodes = 1;
  const expand = (open: number[], closed: Uint8Array, relaxed: MedianRelaxation, bound: number): void => {
    const isOpen = new Uint8Array(inst.nSites);
    for (const j of open) isOpen[j] = 1;
    const pRem = p - open.length;
    if (pRem <= 0) return; // a leaf: its value was the relaxation's
    // Branch on the relaxation's undecided site with the most negative ρ (openCost 0 there);
    // failing one, on the undecided site cheapest to open.
    let pick = -1;
    for (const j of relaxed.sites) if (!isOpen[j] && !closed[j]) { pick = j; break; }
    if (pick < 0) {
      let bestCost = Infinity;
      for (const j of sites.free) {
        if (isOpen[j] || closed[j]) continue;
        const c = relaxed.reduced.openCost[j] as number;
        if (c < bestCost) { bestCost = c; pick = j; }
      }
    }
    if (pick < 0) return; // every site decided
    const shut = Uint8Array.from(closed);
    shut[pick] = 1;
    // Depth first, open branch on top of the stack.
    // Each child's bound at the parent's multipliers: L(λ) plus the reduced cost of its decision.
    const { value, lambda, openCost, closeCost } = relaxed.reduced;
    const shutNode: Node = { open, closed: shut, bound: Math.max(bound, value + (closeCost[pick] as number)), lambda };
    const openNode: Node = { open: [...open, pick], closed: Uint8Array.from(closed), bound: Math.max(bound, value + (openCost[pick] as number)), lambda };
    if (closedFirst) stack.push(openNode, shutNode);
    else stack.push(shutNode, openNode);
  };
  const rootOpen = [...sites.forced, ...root.open];
  if (!prunes(root.bound)) expand([...new Set(rootOpen)], rootClosed, root, root.bound);

  let timedOut = false;
  while (stack.length > 0) {
    const now = performance.now();
    if (now >= deadline) { timedOut = true; break; }
    const node = stack.pop() as Node;
    if (prunes(node.bound)) continue;
    nodes++;
    const free: number[] = [];
    const isOpen = new Uint8Array(inst.nSites);
    for (const j of node.open) isOpen[j] = 1;
    for (const j of sites.free) if (!isOpen[j] && !node.closed[j]) free.push(j);
    const pFree = p - node.open.length;
    const nodeSites: BoundSites = { free: Uint32Array.from(free), forced: node.open, pFree };
    const relaxed = await medianLagrangian(inst, nodeSites, best, d1, ticker, {
      maxIterations: nodeIterations,
      timeBudgetMs: Math.max(1, deadline - now),
      patience: 10,
      theta: 0.5,
      ...(node.lambda ? { lambda: node.lambda } : {}),
    });
    // The node's bound, at least its parent's (both are valid for this subtree).
    const bound = Math.max(node.bound, relaxed.bound);
    tryIncumbent([...node.open, ...relaxed.sites]);
    if (prunes(bound)) continue;
    const closed = Uint8Array.from(node.closed);
    for (let j = 0; j < inst.nSites; j++) if (relaxed.closed[j]) closed[j] = 1;
    const open = [...new Set([...node.open, ...relaxed.open])];
    if (open.length >= p || free.length === 0) {
      // Every site decided: the only solution left is `open`, already tried above.
      tryIncumbent(open);
      continue;
    }
    expand(open, closed, relaxed, bound);
    if (performance.now() >= deadline && stack.length > 0) { timedOut = true; break; }
  }
  let bound = best;
  for (const node of stack) if (!prunes(node.bound)) bound = Math.min(bound, node.bound);
  if (granularity > 0) bound = Math.ceil(bound - 1e-6 * Math.max(1, Math.abs(bound)));
  bound = Math.min(bound, best);
  return { sites: bestSites, value: best, bound, proven: !timedOut || stack.every((n) => prunes(n.bound)), nodes };
}
