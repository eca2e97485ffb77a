import type { Mesh } from './mesh.ts';
import type { Random } from './random.ts';

/**
 * Exclave pairs of the demo city: a river-bank cell A and a cell B on the other bank (not
 * touching A) that is given to A's community, so that community is a MultiPolygon of two parts.
 * Its own step because the cell → community mapping (./units.ts) depends on it.
 */

/** Options of {@link chooseExclaves}. */
export interface ExclaveOptions {
  mesh: Mesh;
  random: Random;
  /** Pairs wanted (at least one is found or this throws). */
  count: number;
}

/**
 * Picks `count` pairs of cells, none touching another chosen pair.
 *
 * @param {ExclaveOptions} options the mesh, the stream and how many pairs
 * @returns {Array<[number, number]>} [home cell, exclave cell] pairs
 * @example
 * const exclaves = chooseExclaves({ mesh, random: random.fork('exclaves'), count: 1 });
 */
export function chooseExclaves({ mesh, random, count }: ExclaveOptions): Array<[number, number]> {
  const { cells, neighbours } = mesh;
  const byPair = new Map<string, number>();
  cells.forEach((cell, c) => {
    if (cell.zone === 'urban' && cell.riverPair) byPair.set(`${cell.riverPair.index}:${cell.riverPair.side}`, c);
  });
  const touches = (p: number, q: number): boolean => {
    if ((neighbours[p] as number[]).includes(q)) return true;
    const ring = new Set(cells[p]?.ring);
    return (cells[q]?.ring ?? []).some((v) => ring.has(v));
  };
  const pairs: Array<[number, number, number]> = [];
  cells.forEach((cell, a) => {
    if (cell.zone !== 'urban' || cell.riverPair?.side !== 1) return;
    for (const step of [2, -2]) {
      const b = byPair.get(`${cell.riverPair.index + step}:-1`);
      if (b !== undefined && !touches(a, b)) pairs.push([a, b, Math.hypot(cell.seed[0], cell.seed[1])]);
    }
  });
  // Fallback for tiny cities: a cell two steps away in the neighbour graph.
  if (pairs.length < count) {
    cells.forEach((cell, a) => {
      if (cell.zone !== 'urban') return;
      for (const n of neighbours[a] as number[]) {
        for (const b of neighbours[n] as number[]) {
          if (b !== a && cells[b]?.zone === 'urban' && !touches(a, b)) pairs.push([a, b, 1e9 + Math.hypot(cell.seed[0], cell.seed[1])]);
        }
      }
    });
  }
  pairs.sort((p, q) => p[2] - q[2] || p[0] - q[0] || p[1] - q[1]);
  const chosen: Array<[number, number]> = [];
  const used = new Set<number>();
  const candidates = random.shuffled(pairs.slice(0, Math.max(count * 6, 8)));
  for (const [a, b] of [...candidates, ...pairs]) {
    if (chosen.length >= count) break;
    const blocked = [a, b, ...(neighbours[a] as number[]), ...(neighbours[b] as number[])].some((c) => used.has(c));
    if (blocked) continue;
    chosen.push([a, b]);
    used.add(a);
    used.add(b);
  }
  if (chosen.length === 0) throw new Error('could not find a cell pair for a MultiPolygon community');
  return chosen;
}
