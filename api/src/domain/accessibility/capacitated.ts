import { capacitatedAllocation } from './capacitated-allocation.ts';
import { resultHeader, type Computation } from './computation.ts';
import { STEP_ZONES, type CapacitatedOptions, type CapacitatedResult, type CommunityCapacitated } from './model.ts';

/** The allocation rule of `engine.capacitated`, in words (reported with each result). */
export const ALLOCATION_RULE =
  'nearest first until full: every (demand point, facility) pair within reach is taken by increasing geodesic distance ' +
  '(ties: demand point order, i.e. communities in input order and their buildings in input order, then facility code); ' +
  "each pair moves as much of the point's unserved demand as the facility has capacity left (capacity = supply × demand per supply). " +
  'Demand within reach of a facility but not allocated is covered over capacity; demand within reach of none is not covered.';

/** The counts a community's capacitated coverage splits, in the order the answer lists them. */
const SPLIT = [
  'households', 'households_within_capacity', 'households_over_capacity', 'households_not_covered',
  'demand', 'demand_within_capacity', 'demand_over_capacity', 'demand_not_covered',
] as const satisfies readonly (keyof CommunityCapacitated)[];

/**
 * Capacitated coverage on a prepared computation: each facility's capacity is supply × demand per
 * supply, allocated by {@link ALLOCATION_RULE}; per community, households and demand within capacity,
 * over capacity, and not covered.
 * @param {Computation} run the prepared computation
 * @param {CapacitatedOptions} o the options it was prepared from (demandPerSupply is checked here)
 * @param {string} fn the public name, for error messages
 * @returns {CapacitatedResult} the result
 * @private
 */
export function capacitatedOn(run: Computation, o: CapacitatedOptions, fn: string): CapacitatedResult {
  const { codes, points, active, withoutSupply, communityDemand, pointDemand, stats } = run;
  const perSupply = o.demandPerSupply;
  if (typeof perSupply !== 'number' || !(perSupply > 0) || perSupply === Infinity) {
    throw new Error(`Invalid input to ${fn}: options.demandPerSupply must be a finite number > 0, got ${String(perSupply)}`);
  }
  const pairs = run.findPairs(points.index, active, STEP_ZONES, stats);
  const capacity = Float64Array.from(active, (f) => f.supply * perSupply);
  const a = capacitatedAllocation(pointDemand, capacity, pairs);

  const rows: CommunityCapacitated[] = codes.map((code, c) => ({
    code,
    ...Object.fromEntries(SPLIT.map((key) => [key, 0])),
    demand: communityDemand[c] as number,
  } as CommunityCapacitated));
  for (let p = 0; p < pointDemand.length; p++) {
    const row = rows[points.community[p] as number] as CommunityCapacitated;
    const hh = points.households[p] as number;
    const d = pointDemand[p] as number;
    const served = a.allocated[p] as number;
    row.households += hh;
    if (a.covered[p] === 0) {
      row.households_not_covered += hh;
      row.demand_not_covered += d;
      continue;
    }
    // A point without demand needs no capacity: its households count as within capacity.
    const within = d > 0 ? served / d : 1;
    row.households_within_capacity += hh * within;
    row.households_over_capacity += hh * (1 - within);
    row.demand_within_capacity += served;
    row.demand_over_capacity += d - served;
  }
  const sums = Object.fromEntries(SPLIT.map((key) => [key, 0])) as Record<(typeof SPLIT)[number], number>;
  for (const r of rows) for (const key of SPLIT) sums[key] += r[key];
  return {
    ...resultHeader(o, run.mode),
    demandPerSupply: perSupply,
    allocation: ALLOCATION_RULE,
    perCommunity: rows,
    totals: {
      ...sums,
      capacity: capacity.reduce((s, x) => s + x, 0),
      capacity_used: a.used.reduce((s, x) => s + x, 0),
      facilities: active.length,
      facilities_full: active.filter((_, j) => (a.used[j] as number) >= (capacity[j] as number)).length,
      facilities_without_supply: withoutSupply,
    },
    fallbackCommunities: [...run.fallbackCommunities],
    stats,
  };
}
