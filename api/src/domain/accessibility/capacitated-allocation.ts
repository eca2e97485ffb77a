import type { CatchmentPairs } from './model.ts';
import { checkAmounts, checkPairs } from './validate.ts';

/** Result of {@link capacitatedAllocation}. */
export interface CapacitatedAllocationResult {
  /** Per demand location: demand served within some facility's capacity. */
  allocated: Float64Array;
  /** Per demand location: 1 when it lies in some facility's catchment (covered), else 0. */
  covered: Uint8Array;
  /** Per supply location: capacity taken. */
  used: Float64Array;
}

/**
 * Capacitated coverage: allocates demand to facilities nearest first until full. All catchment
 * pairs are taken in order of increasing distance (ties broken by demand index, then supply index,
 * so the result is deterministic); each moves min(unserved demand at i, capacity left at j) from i
 * to j. A demand location can be split between facilities. Afterwards each location's demand is
 * `allocated` (covered within capacity), covered over capacity (`covered` and not allocated), or
 * not covered (in no catchment). Weights are not used: a pair is in the catchment or not.
 *
 * @param {ArrayLike<number>} demand demand ≥ 0 per demand location
 * @param {ArrayLike<number>} capacity capacity ≥ 0 per supply location, in units of demand
 * @param {CatchmentPairs} pairs pairs in a catchment, with `distanceMeters`
 * @returns {CapacitatedAllocationResult} allocated and covered per demand location, used per supply location
 * @example
 * // One GP practice (capacity 5 000 residents) reaching two blocks of 3 000, the nearer one at 200 m:
 * const r = capacitatedAllocation([3000, 3000], [5000],
 *   { demandIndex: [0, 1], supplyIndex: [0, 0], weight: [1, 1], distanceMeters: [200, 250] });
 * // r.allocated = [3000, 2000]: 1 000 residents of block 1 are covered over capacity
 */
export function capacitatedAllocation(
  demand: ArrayLike<number>,
  capacity: ArrayLike<number>,
  pairs: CatchmentPairs,
): CapacitatedAllocationResult {
  // Input validation
  checkAmounts(demand, 'capacitatedAllocation', 'demand');
  checkAmounts(capacity, 'capacitatedAllocation', 'capacity');
  const n = checkPairs(pairs, demand.length, capacity.length, 'capacitatedAllocation', true);

  const { demandIndex, supplyIndex } = pairs;
  const distance = pairs.distanceMeters as ArrayLike<number>;
  const order = new Uint32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  order.sort((a, b) => (distance[a] as number) - (distance[b] as number)
    || (demandIndex[a] as number) - (demandIndex[b] as number)
    || (supplyIndex[a] as number) - (supplyIndex[b] as number));

  const unserved = Float64Array.from(demand);
  const left = Float64Array.from(capacity);
  const allocated = new Float64Array(demand.length);
  const used = new Float64Array(capacity.length);
  const covered = new Uint8Array(demand.length);
  for (let k = 0; k < n; k++) {
    const pair = order[k] as number;
    const i = demandIndex[pair] as number;
    const j = supplyIndex[pair] as number;
    covered[i] = 1;
    const want = unserved[i] as number;
    const room = left[j] as number;
    if (want === 0 || room === 0) continue;
    // The smaller side drops to exactly 0 (x − x = 0), so rounding leaves nothing over.
    const take = want <= room ? want : room;
    unserved[i] = want <= room ? 0 : want - room;
    left[j] = want <= room ? room - want : 0;
    allocated[i] = (allocated[i] as number) + take;
    used[j] = (used[j] as number) + take;
  }
  return { allocated, covered, used };
}
