import type { Crossing, Piece } from './network-parts.ts';

/**
 * Connectivity of the demo city's network: a union-find over node keys. Adds the shortest free
 * crossing between any two large components the chosen crossings left apart, then names the
 * largest component (the only one the network keeps, so it is one connected graph).
 */

/** Options of {@link connectComponents}. */
export interface ComponentOptions {
  pieces: readonly Piece[];
  candidates: readonly Crossing[];
  /** Crossings chosen so far (not mutated). */
  chosen: readonly Crossing[];
  /** Cut-end keys they use (not mutated). */
  usedEnds: ReadonlySet<number>;
}

/** The connected network. */
export interface Components {
  /** The chosen crossings plus the connecting ones, in the order chosen. */
  chosen: Crossing[];
  /** Root key of a node's component. */
  rootOf: (key: number) => number;
  /** Root key of the largest component (by pieces; ties: the smallest root). */
  largestRoot: number;
}

/**
 * Connects large components (≥ 1 % of the pieces, at least 20) and finds the largest.
 *
 * @param {ComponentOptions} options pieces, candidates, chosen crossings and their used ends
 * @returns {Components} all chosen crossings, a root lookup and the largest root
 * @example
 * const { chosen, rootOf, largestRoot } = connectComponents({ pieces, candidates, chosen, usedEnds });
 */
export function connectComponents({ pieces, candidates, chosen: initial, usedEnds: initialUsed }: ComponentOptions): Components {
  const chosen = [...initial];
  const usedEnds = new Set(initialUsed);
  const parent = new Map<number, number>();
  const find = (key: number): number => {
    let root = key;
    while ((parent.get(root) ?? root) !== root) root = parent.get(root) as number;
    let node = key;
    while (node !== root) {
      const up = parent.get(node) as number;
      parent.set(node, root);
      node = up;
    }
    return root;
  };
  const union = (p: number, q: number): void => {
    const rp = find(p);
    const rq = find(q);
    if (rp !== rq) parent.set(Math.max(rp, rq), Math.min(rp, rq));
  };
  for (const piece of pieces) union(piece.keyA, piece.keyB);
  for (const c of chosen) union(c.a.key, c.b.key);
  const componentSizes = (): Map<number, number> => {
    const sizes = new Map<number, number>();
    for (const piece of pieces) {
      const root = find(piece.keyA);
      sizes.set(root, (sizes.get(root) ?? 0) + 1);
    }
    return sizes;
  };
  const bigComponent = Math.max(20, Math.round(pieces.length * 0.01));
  for (;;) {
    const sizes = componentSizes();
    const big = (key: number): boolean => (sizes.get(find(key)) ?? 0) >= bigComponent;
    let best: Crossing | null = null;
    for (const c of candidates) {
      if (usedEnds.has(c.a.key) || usedEnds.has(c.b.key)) continue;
      if (find(c.a.key) === find(c.b.key) || !big(c.a.key) || !big(c.b.key)) continue;
      if (
        best === null ||
        c.priority > best.priority ||
        (c.priority === best.priority && (c.lengthM < best.lengthM || (c.lengthM === best.lengthM && c.a.key < best.a.key)))
      ) {
        best = c;
      }
    }
    if (best === null) break;
    chosen.push(best);
    usedEnds.add(best.a.key);
    usedEnds.add(best.b.key);
    union(best.a.key, best.b.key);
  }
  const sizes = componentSizes();
  let largestRoot = -1;
  let largestSize = -1;
  for (const [root, size] of [...sizes.entries()].sort((p, q) => p[0] - q[0])) {
    if (size > largestSize) {
      largestRoot = root;
      largestSize = size;
    }
  }
  return { chosen, rootOf: find, largestRoot };
}
