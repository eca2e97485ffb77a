import { buildDemandPoints, type DemandPoints } from '../coverage/demand-points.ts';
import { createLonLatIndex, type LonLatIndex } from '../coverage/lon-lat-index.ts';
import { isOpenOnUnchecked } from '../coverage/model.ts';
import { circularMeanLongitude } from '../geo/longitude.ts';
import { areaCentroid } from './area-centroid.ts';
import { capacitatedAllocation } from './capacitated-allocation.ts';
import { catchmentPairs } from './catchment-pairs.ts';
import { floatingCatchment } from './floating-catchment.ts';
import {
  STEP_ZONES,
  type AccessibilityFacility,
  type AccessibilityInput,
  type AccessibilityOptions,
  type AccessibilityStats,
  type CapacitatedOptions,
  type CapacitatedResult,
  type CommunityAccessibility,
  type CommunityCapacitated,
  type DemandMeasure,
  type DemandPointsMode,
  type FacilityAccessibility,
  type SupplyMeasure,
  type TwoStepOptions,
  type TwoStepResult,
} from './model.ts';
import { validateAccessibilityInput, validateAccessibilityOptions, validateZones } from './validate.ts';

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
}

/** Demand locations of one mode. @private */
interface PointSet {
  index: LonLatIndex;
  community: Int32Array;
  /** Households at the point. */
  households: Float64Array;
  /** Share of its community's demand at the point (Σ over a community's points = 1). */
  share: Float64Array;
}

/** The allocation rule of `engine.capacitated`, in words (reported with each result). */
export const ALLOCATION_RULE =
  'nearest first until full: every (demand point, facility) pair within reach is taken by increasing geodesic distance ' +
  '(ties: demand point order, i.e. communities in input order and their buildings in input order, then facility code); ' +
  "each pair moves as much of the point's unserved demand as the facility has capacity left (capacity = supply × demand per supply). " +
  'Demand within reach of a facility but not allocated is covered over capacity; demand within reach of none is not covered.';

/** A counted facility. @private */
interface CountedFacility {
  code: string;
  type: string;
  lon: number;
  lat: number;
  reachMeters: number;
  supply: number;
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

  const demand: DemandPoints = buildDemandPoints(input, {
    fallbackTargetPoints: options.fallbackTargetPoints,
    fallbackMaxSpacingMeters: options.fallbackMaxSpacingMeters,
    fallbackMaxPoints: options.fallbackMaxPoints,
  });
  const table = demand.communities;
  const nc = table.count;
  const findPairs = options.pairs ?? catchmentPairs;
  const facilities: AccessibilityFacility[] = input.facilities
    .map((f) => ({ code: f.code, type: f.type, status: f.status, opened_on: f.opened_on, closed_on: f.closed_on, lon: f.lon, lat: f.lat, gp_count: f.gp_count, beds: f.beds, floor_area_m2: f.floor_area_m2 }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const fallbackCommunities = Object.freeze(table.codes.filter((_, c) => table.fallback[c] === 1));
  const communityDemand: Record<DemandMeasure, Float64Array> = {
    population: table.population,
    elderly: table.elderly,
    households: table.households,
  };

  const buildingPoints = ((): PointSet => {
    const share = new Float64Array(demand.count);
    for (let c = 0; c < nc; c++) {
      const start = table.pointStart[c] as number;
      const end = table.pointStart[c + 1] as number;
      const total = table.households[c] as number;
      for (let p = start; p < end; p++) share[p] = total > 0 ? (demand.weight[p] as number) / total : 1 / (end - start);
    }
    return { index: demand, community: demand.community, households: demand.weight, share };
  })();
  let centroidPoints: PointSet | undefined;
  const pointsFor = (mode: DemandPointsMode): PointSet => {
    if (mode === 'buildings') return buildingPoints;
    if (!centroidPoints) {
      const lon = new Float64Array(nc);
      const lat = new Float64Array(nc);
      input.communities.forEach((c, i) => {
        const [x, y] = areaCentroid(c.geometry);
        lon[i] = x as number;
        lat[i] = y as number;
      });
      centroidPoints = {
        index: createLonLatIndex(lon, lat, circularMeanLongitude(lon)),
        community: Int32Array.from({ length: nc }, (_, i) => i),
        households: table.households.slice(),
        share: new Float64Array(nc).fill(1),
      };
    }
    return centroidPoints;
  };

  const counted = (reachByType: Map<string, number>, supply: SupplyMeasure, asOf: string): { active: CountedFacility[]; withoutSupply: number } => {
    const active: CountedFacility[] = [];
    let withoutSupply = 0;
    for (const f of facilities) {
      const reachMeters = reachByType.get(f.type);
      if (reachMeters === undefined || !isOpenOnUnchecked(f, asOf, false)) continue;
      const value = supply === 'count' ? 1 : f[supply];
      if (value === null) {
        withoutSupply++;
        continue;
      }
      active.push({ code: f.code, type: f.type, lon: f.lon, lat: f.lat, reachMeters, supply: value });
    }
    return { active, withoutSupply };
  };

  const prepare = (o: AccessibilityOptions, fn: string) => {
    const reachByType = validateAccessibilityOptions(o, fn);
    const mode = o.demandPoints ?? 'buildings';
    const points = pointsFor(mode);
    const { active, withoutSupply } = counted(reachByType, o.supply, o.asOf);
    const cDemand = communityDemand[o.demand];
    const pointDemand = new Float64Array(points.community.length);
    for (let p = 0; p < pointDemand.length; p++) pointDemand[p] = (cDemand[points.community[p] as number] as number) * (points.share[p] as number);
    const stats: AccessibilityStats = { demandPoints: pointDemand.length, pairs: 0, candidates: 0, approxDecisions: 0, exactCalls: 0 };
    return { mode, points, active, withoutSupply, cDemand, pointDemand, stats };
  };

  return {
    demandPoints: demand.count,
    fallbackCommunities,
    twoStep(o) {
      const fn = 'engine.twoStep';
      const { mode, points, active, withoutSupply, cDemand, pointDemand, stats } = prepare(o, fn);
      const zones = validateZones(o.zones ?? STEP_ZONES, fn);
      const pairs = findPairs(points.index, active, zones, stats);
      const supply = Float64Array.from(active, (f) => f.supply);
      const k = floatingCatchment(pointDemand, supply, pairs);

      const reachable = new Float64Array(nc);
      for (let p = 0; p < pointDemand.length; p++) {
        const c = points.community[p] as number;
        reachable[c] = (reachable[c] as number) + (pointDemand[p] as number) * (k.accessibility[p] as number);
      }
      const perCommunity: CommunityAccessibility[] = [];
      let totalDemand = 0;
      for (let c = 0; c < nc; c++) {
        const d = cDemand[c] as number;
        const s = reachable[c] as number;
        totalDemand += d;
        perCommunity.push({ code: table.codes[c] as string, demand: d, supply_reachable: s, ratio: d > 0 ? s / d : null });
      }
      const perFacility: FacilityAccessibility[] = active.map((f, j) => {
        const d = k.catchmentDemand[j] as number;
        return { code: f.code, type: f.type, supply: f.supply, catchment_demand: d, supply_ratio: d > 0 ? (k.supplyRatio[j] as number) : null };
      });
      return {
        asOf: o.asOf,
        rule: o.rule.map((p) => ({ type: p.type, reachMeters: p.reachMeters })),
        supply: o.supply,
        demand: o.demand,
        demandPoints: mode,
        zones,
        perCommunity,
        perFacility,
        totals: {
          supply: supply.reduce((a, b) => a + b, 0),
          supply_reached: k.supplyReached,
          demand: totalDemand,
          ratio: totalDemand > 0 ? k.supplyReached / totalDemand : null,
          facilities: active.length,
          facilities_reached: perFacility.filter((f) => f.supply_ratio !== null).length,
          facilities_without_supply: withoutSupply,
        },
        fallbackCommunities: [...fallbackCommunities],
        stats,
      };
    },
    capacitated(o) {
      const fn = 'engine.capacitated';
      const { mode, points, active, withoutSupply, cDemand, pointDemand, stats } = prepare(o, fn);
      const perSupply = o.demandPerSupply;
      if (typeof perSupply !== 'number' || !(perSupply > 0) || perSupply === Infinity) {
        throw new Error(`Invalid input to ${fn}: options.demandPerSupply must be a finite number > 0, got ${String(perSupply)}`);
      }
      const pairs = findPairs(points.index, active, STEP_ZONES, stats);
      const capacity = Float64Array.from(active, (f) => f.supply * perSupply);
      const a = capacitatedAllocation(pointDemand, capacity, pairs);

      const rows: CommunityCapacitated[] = table.codes.map((code, c) => ({
        code,
        households: 0,
        households_within_capacity: 0,
        households_over_capacity: 0,
        households_not_covered: 0,
        demand: cDemand[c] as number,
        demand_within_capacity: 0,
        demand_over_capacity: 0,
        demand_not_covered: 0,
      }));
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
      const totals = {
        households: 0, households_within_capacity: 0, households_over_capacity: 0, households_not_covered: 0,
        demand: 0, demand_within_capacity: 0, demand_over_capacity: 0, demand_not_covered: 0,
        capacity: capacity.reduce((s, x) => s + x, 0),
        capacity_used: a.used.reduce((s, x) => s + x, 0),
        facilities: active.length,
        facilities_full: active.filter((_, j) => (a.used[j] as number) >= (capacity[j] as number)).length,
        facilities_without_supply: withoutSupply,
      };
      for (const r of rows) {
        totals.households += r.households;
        totals.households_within_capacity += r.households_within_capacity;
        totals.households_over_capacity += r.households_over_capacity;
        totals.households_not_covered += r.households_not_covered;
        totals.demand += r.demand;
        totals.demand_within_capacity += r.demand_within_capacity;
        totals.demand_over_capacity += r.demand_over_capacity;
        totals.demand_not_covered += r.demand_not_covered;
      }
      return {
        asOf: o.asOf,
        rule: o.rule.map((p) => ({ type: p.type, reachMeters: p.reachMeters })),
        supply: o.supply,
        demand: o.demand,
        demandPoints: mode,
        demandPerSupply: perSupply,
        allocation: ALLOCATION_RULE,
        perCommunity: rows,
        totals,
        fallbackCommunities: [...fallbackCommunities],
        stats,
      };
    },
  };
}
