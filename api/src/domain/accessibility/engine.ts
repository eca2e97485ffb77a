import { buildDemandPoints } from '../coverage/demand-points.ts';
import { capacitatedOn } from './capacitated.ts';
import { catchmentPairs } from './catchment-pairs.ts';
import type { Computation } from './computation.ts';
import { countedFacilities } from './counted-facilities.ts';
import type { AccessibilityFacility, AccessibilityInput, AccessibilityOptions, CapacitatedOptions, CapacitatedResult, DemandMeasure, TwoStepOptions, TwoStepResult } from './model.ts';
import { buildingPointSet, centroidPointSet, type PointSet } from './point-sets.ts';
import { STEP_ZONES } from './model.ts';
import { twoStepOn } from './two-step.ts';
import { validateAccessibilityInput, validateAccessibilityOptions, validateZones } from './validate.ts';
import { cachedCatchmentPairs, type CachedFindPairs } from './pair-cache.ts';
import { buildCounts } from '../coverage/build-counts.ts';
import { applyFacilityChanges, byCode, ownFacility, type FacilityChanges } from './facility-changes.ts';

/** Options of {@link createAccessibilityEngine} (the fallback grid, as the coverage engine's). */
export interface AccessibilityEngineOptions {
  /** Fallback grid: points wanted per community without buildings. Default 200. */
  fallbackTargetPoints?: number;
  /** Fallback grid: coarsest spacing, metres. Default 25. */
  fallbackMaxSpacingMeters?: number;
  /** Fallback grid: most points per community. Default 20 000. */
  fallbackMaxPoints?: number;
  /**
   * Finds the catchment pairs instead of the geodesic `catchmentPairs` (same contract): e.g.
   * `walkingCatchmentPairs(walking)` from domain/network for walking distances.
   */
  pairs?: typeof catchmentPairs;
}

/** Capacity-aware accessibility over one data snapshot. */
export interface AccessibilityEngine {
  /** Demand points in 'buildings' mode (buildings with a community plus fallback grid points). */
  readonly demandPoints: number;
  /** Codes of the communities without buildings (their demand sits on a fallback grid). */
  readonly fallbackCommunities: readonly string[];
  /** 2SFCA (step weights) or E2SFCA (decay zones) per community. */
  twoStep(options: TwoStepOptions): TwoStepResult;
  /** Households and demand covered within capacity, over capacity, and not covered, per community. */
  capacitated(options: CapacitatedOptions): CapacitatedResult;
  /**
   * The same demand points (not rebuilt) over another facility list (a scenario's): catchment pairs
   * of the facilities both lists share are found once (`pair-cache.ts`), so a scenario edit costs
   * the pairs of the facilities it added or moved.
   */
  withFacilities(facilities: readonly AccessibilityFacility[]): AccessibilityEngine;
  /**
   * The same as `withFacilities` over this engine's facilities with `changes` applied (codes taken
   * out, facilities put in; a move is both), at the cost of the changes: the unchanged facilities
   * are neither validated, copied nor sorted again (#16: a scenario edit over the baseline engine).
   * Throws when a removed code is not a facility here or an added code already is.
   */
  withChanges(changes: FacilityChanges): AccessibilityEngine;
  /**
   * Finds (and remembers) the catchment pairs of at most `limit` of the facilities a `twoStep` with
   * these options would count and that are not remembered yet; returns how many are still not.
   * A warm-up calls it in small steps, yielding between them, so the first answer finds its pairs
   * remembered and no request waits behind one long computation. Changes no answer.
   */
  warmPairs(options: TwoStepOptions, limit: number): number;
}

/**
 * Builds a capacity-aware accessibility engine once per data snapshot. Demand sits at demand points:
 * in 'buildings' mode (the default) each community's demand (population, elderly or demand
 * households) is spread over its buildings by households share (evenly when they have no
 * households), and a community without buildings spreads it evenly over the coverage engine's
 * fallback grid; in 'centroid' mode it all sits at the community's area centroid (as
 * `ST_Centroid(geometry)`), the classic zone-based 2SFCA. A facility counts when its type is in the
 * rule, it is open on `asOf` (`isOpenOn`) and its supply column is not null. A demand point is in a
 * facility's catchment when their geodesic distance on WGS 84 is ≤ the type's reach (as
 * `ST_DWithin(geography)`, decided as in the coverage engine). Per community, supply_reachable =
 * Σ over its points of demand × A (the 2SFCA accessibility) and ratio = supply_reachable / demand,
 * so Σ supply_reachable over communities = the supply of the facilities with demand in their
 * catchment. The engine copies what it needs and never changes `input`.
 *
 * @param {AccessibilityInput} input communities, buildings and facilities (with gp_count, beds, floor_area_m2)
 * @param {Object} [options={}] Optional parameters
 * @param {number} [options.fallbackTargetPoints=200] fallback grid points wanted per community
 * @param {number} [options.fallbackMaxSpacingMeters=25] coarsest fallback grid spacing
 * @param {number} [options.fallbackMaxPoints=20000] most fallback grid points per community
 * @returns {AccessibilityEngine} the engine
 * @example
 * const engine = createAccessibilityEngine({ communities, buildings, facilities });
 * const gp = engine.twoStep({ rule: [{ type: 'health_center', reachMeters: 1000 }], supply: 'gp_count', demand: 'population', asOf: '2026-01-01' });
 * gp.perCommunity[0].ratio * 10_000; // GPs per 10 000 residents within reach
 */
export function createAccessibilityEngine(input: AccessibilityInput, options: AccessibilityEngineOptions = {}): AccessibilityEngine {
  // Input validation
  validateAccessibilityInput(input, 'createAccessibilityEngine');
  if (!options || typeof options !== 'object') throw new Error('Invalid input to createAccessibilityEngine: options must be an object');

  const demand = buildDemandPoints(input, {
    fallbackTargetPoints: options.fallbackTargetPoints,
    fallbackMaxSpacingMeters: options.fallbackMaxSpacingMeters,
    fallbackMaxPoints: options.fallbackMaxPoints,
  });
  buildCounts.accessibilityEngines++;
  const table = demand.communities;
  const shared: SharedDemand = {
    demand,
    communities: input.communities,
    fallbackCommunities: Object.freeze(table.codes.filter((_, c) => table.fallback[c] === 1)),
    communityDemand: { population: table.population, elderly: table.elderly, households: table.households },
    buildingPoints: buildingPointSet(demand),
    centroidPoints: undefined,
    pointDemand: new Map(),
    findPairs: cachedCatchmentPairs(options.pairs ?? catchmentPairs),
  };
  return engineOver(shared, input.facilities.map(ownFacility).sort(byCode));
}

/** What engines over the same demand points share, whatever their facilities. @private */
interface SharedDemand {
  demand: ReturnType<typeof buildDemandPoints>;
  communities: AccessibilityInput['communities'];
  fallbackCommunities: readonly string[];
  communityDemand: Record<DemandMeasure, Float64Array>;
  buildingPoints: PointSet;
  centroidPoints: PointSet | undefined;
  /** Demand per point, per (demand points mode, demand measure): the same for every facility list (read only). */
  pointDemand: Map<string, Float64Array>;
  findPairs: CachedFindPairs;
}

/** The demand at each point (its community's demand × the point's share), made once per engine family. @private */
function pointDemandOf(shared: SharedDemand, mode: string, measure: DemandMeasure, points: PointSet): Float64Array {
  const key = `${mode}|${measure}`;
  let out = shared.pointDemand.get(key);
  if (!out) {
    const cDemand = shared.communityDemand[measure];
    out = new Float64Array(points.community.length);
    for (let p = 0; p < out.length; p++) out[p] = (cDemand[points.community[p] as number] as number) * (points.share[p] as number);
    shared.pointDemand.set(key, out);
  }
  return out;
}

/** An engine over shared demand points and a facility list (its own copies, in code order, never changed). @private */
function engineOver(shared: SharedDemand, facilities: readonly AccessibilityFacility[]): AccessibilityEngine {
  const { demand, fallbackCommunities, communityDemand, buildingPoints, findPairs } = shared;
  const table = demand.communities;

  const prepare = (o: AccessibilityOptions, fn: string): Computation => {
    const reachByType = validateAccessibilityOptions(o, fn);
    const mode = o.demandPoints ?? 'buildings';
    const points = mode === 'buildings' ? buildingPoints : (shared.centroidPoints ??= centroidPointSet(shared.communities, table.households));
    const { active, withoutSupply } = countedFacilities(facilities, reachByType, o.supply, o.asOf);
    const cDemand = communityDemand[o.demand];
    const pointDemand = pointDemandOf(shared, mode, o.demand, points);
    const stats = { demandPoints: pointDemand.length, pairs: 0, candidates: 0, approxDecisions: 0, exactCalls: 0 };
    return { codes: table.codes, fallbackCommunities, mode, points, active, withoutSupply, communityDemand: cDemand, pointDemand, stats, findPairs };
  };

  return {
    demandPoints: demand.count,
    fallbackCommunities,
    twoStep: (o: TwoStepOptions): TwoStepResult => twoStepOn(prepare(o, 'engine.twoStep'), o, 'engine.twoStep'),
    capacitated: (o: CapacitatedOptions): CapacitatedResult => capacitatedOn(prepare(o, 'engine.capacitated'), o, 'engine.capacitated'),
    withFacilities(next) {
      if (!Array.isArray(next)) throw new Error('engine.withFacilities: facilities must be an array');
      validateAccessibilityInput({ communities: [], buildings: [], facilities: next }, 'engine.withFacilities');
      return engineOver(shared, next.map(ownFacility).sort(byCode));
    },
    withChanges: (changes) => engineOver(shared, applyFacilityChanges(facilities, changes, 'engine.withChanges')),
    warmPairs(o, limit) {
      const run = prepare(o, 'engine.warmPairs');
      return findPairs.prefetch(run.points.index, run.active, validateZones(o.zones ?? STEP_ZONES, 'engine.warmPairs'), limit);
    },
  };
}
