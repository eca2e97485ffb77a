import type { catchmentPairs } from './catchment-pairs.ts';
import type { CountedFacility } from './counted-facilities.ts';
import type { AccessibilityOptions, AccessibilityStats, DemandPointsMode } from './model.ts';
import type { PointSet } from './point-sets.ts';

/** One computation of the engine, prepared from its options: what `twoStep` and `capacitated` start from. */
export interface Computation {
  /** Community codes, in input order (the index of `points.community`). */
  codes: readonly string[];
  fallbackCommunities: readonly string[];
  mode: DemandPointsMode;
  points: PointSet;
  /** The facilities that count, and how many of a ruled type were open without supply. */
  active: CountedFacility[];
  withoutSupply: number;
  /** Demand per community and per point (the community's demand × the point's share). */
  communityDemand: Float64Array;
  pointDemand: Float64Array;
  stats: AccessibilityStats;
  findPairs: typeof catchmentPairs;
}

/** What every result repeats of its options: date, rule, measures and demand points. */
export function resultHeader(o: AccessibilityOptions, mode: DemandPointsMode) {
  return {
    asOf: o.asOf,
    rule: o.rule.map((p) => ({ type: p.type, reachMeters: p.reachMeters })),
    supply: o.supply,
    demand: o.demand,
    demandPoints: mode,
  };
}
