/**
 * Plain input and output types of capacity-aware accessibility (2SFCA / E2SFCA and capacitated
 * coverage). Inputs reuse the coverage engine's communities and buildings; facilities add their
 * capacity columns.
 */
import type { CoverageBuilding, CoverageCommunity, CoverageFacility, RulePart } from '../coverage/model.ts';

/** A facility with its capacity columns (`facility.gp_count`, `beds`, `floor_area_m2`; null = not recorded). */
export interface AccessibilityFacility extends CoverageFacility {
  gp_count: number | null;
  beds: number | null;
  floor_area_m2: number | null;
}

/** One data snapshot for accessibility. */
export interface AccessibilityInput {
  communities: readonly CoverageCommunity[];
  buildings: readonly CoverageBuilding[];
  facilities: readonly AccessibilityFacility[];
}

/** What a facility supplies: a capacity column, or `count` (each facility = 1, e.g. outlets per 1 000 residents). */
export type SupplyMeasure = 'gp_count' | 'beds' | 'floor_area_m2' | 'count';

/** Who asks for it: a community attribute. `households` is the coverage engine's demand households. */
export type DemandMeasure = 'population' | 'elderly' | 'households';

/**
 * Where a community's demand sits: `buildings` spreads it over its buildings by households share
 * (fallback grid points evenly for a community without buildings); `centroid` puts it all on the
 * community's area centroid (the classic zone-based 2SFCA).
 */
export type DemandPointsMode = 'buildings' | 'centroid';

export const SUPPLY_MEASURES: readonly SupplyMeasure[] = ['gp_count', 'beds', 'floor_area_m2', 'count'];
export const DEMAND_MEASURES: readonly DemandMeasure[] = ['population', 'elderly', 'households'];
export const DEMAND_POINTS_MODES: readonly DemandPointsMode[] = ['buildings', 'centroid'];

/**
 * One distance-decay zone: pairs with distance in (previous zone's bound, `upToFraction` × reach]
 * (the first zone starts at 0, inclusive) get `weight`. The last zone ends at the reach (fraction 1).
 */
export interface DecayZone {
  upToFraction: number;
  weight: number;
}

/** Classic 2SFCA: weight 1 anywhere within the reach. */
export const STEP_ZONES: readonly DecayZone[] = Object.freeze([Object.freeze({ upToFraction: 1, weight: 1 })]);

/** E2SFCA default (Luo & Qi 2009): 0–⅓, ⅓–⅔, ⅔–1 of the reach at 1.00 / 0.68 / 0.22. */
export const E2SFCA_DEFAULT_ZONES: readonly DecayZone[] = Object.freeze([
  Object.freeze({ upToFraction: 1 / 3, weight: 1 }),
  Object.freeze({ upToFraction: 2 / 3, weight: 0.68 }),
  Object.freeze({ upToFraction: 1, weight: 0.22 }),
]);

/**
 * Demand–supply pairs inside the catchment, struct-of-arrays (plain arrays work too): pair k links
 * demand location `demandIndex[k]` with supply location `supplyIndex[k]` at `weight[k]` (> 0).
 */
export interface CatchmentPairs {
  demandIndex: ArrayLike<number>;
  supplyIndex: ArrayLike<number>;
  weight: ArrayLike<number>;
  /** Distance (or travel cost) of each pair; needed by the capacitated allocation. */
  distanceMeters?: ArrayLike<number>;
}

/** Options shared by the engine's computations. */
export interface AccessibilityOptions {
  /** Facility types (pooled) with their reach, metres (geodesic, inclusive). */
  rule: readonly RulePart[];
  supply: SupplyMeasure;
  demand: DemandMeasure;
  /** Evaluation date 'YYYY-MM-DD': facilities count when open on it (`isOpenOn`). */
  asOf: string;
  /** Default 'buildings'. */
  demandPoints?: DemandPointsMode;
}

/** Options of `engine.twoStep`. */
export interface TwoStepOptions extends AccessibilityOptions {
  /** Distance-decay zones; default {@link STEP_ZONES} (classic 2SFCA). */
  zones?: readonly DecayZone[];
}

/** Options of `engine.capacitated`. */
export interface CapacitatedOptions extends AccessibilityOptions {
  /** Demand one unit of supply can serve (e.g. 5 000 residents per GP for "2 per 10 000"). */
  demandPerSupply: number;
}

/** 2SFCA result of one community. */
export interface CommunityAccessibility {
  code: string;
  /** The community's demand (its population, elderly or demand households). */
  demand: number;
  /** Σ over its demand points of demand × accessibility: its share of the reached supply. */
  supply_reachable: number;
  /** supply_reachable / demand: supply per unit of demand; null when demand is 0. */
  ratio: number | null;
}

/** 2SFCA result of one counted facility. */
export interface FacilityAccessibility {
  code: string;
  type: string;
  supply: number;
  /** Σ demand × weight within its catchment. */
  catchment_demand: number;
  /** supply / catchment_demand (step 1 of 2SFCA); null when no demand is in its catchment. */
  supply_ratio: number | null;
}

/** City-wide sums of a 2SFCA result. */
export interface AccessibilityTotals {
  /** Supply of the counted facilities (type in the rule, open on asOf, supply recorded). */
  supply: number;
  /** Supply of the counted facilities with some demand in their catchment. */
  supply_reached: number;
  demand: number;
  /** supply_reached / demand; null when demand is 0. */
  ratio: number | null;
  facilities: number;
  facilities_reached: number;
  /** Facilities of the rule's types open on asOf whose supply column is null (left out). */
  facilities_without_supply: number;
}

/** Work counters. */
export interface AccessibilityStats {
  demandPoints: number;
  pairs: number;
  candidates: number;
  approxDecisions: number;
  exactCalls: number;
}

/** Result of `engine.twoStep`. */
export interface TwoStepResult {
  asOf: string;
  rule: RulePart[];
  supply: SupplyMeasure;
  demand: DemandMeasure;
  demandPoints: DemandPointsMode;
  zones: DecayZone[];
  perCommunity: CommunityAccessibility[];
  perFacility: FacilityAccessibility[];
  totals: AccessibilityTotals;
  fallbackCommunities: string[];
  stats: AccessibilityStats;
}

/** Capacitated coverage of one community (households and demand split three ways). */
export interface CommunityCapacitated {
  code: string;
  households: number;
  households_within_capacity: number;
  households_over_capacity: number;
  households_not_covered: number;
  demand: number;
  demand_within_capacity: number;
  demand_over_capacity: number;
  demand_not_covered: number;
}

/** City-wide sums of a capacitated coverage. */
export interface CapacitatedTotals extends Omit<CommunityCapacitated, 'code'> {
  /** Σ supply × demandPerSupply over counted facilities. */
  capacity: number;
  capacity_used: number;
  facilities: number;
  /** Facilities whose capacity is used up. */
  facilities_full: number;
  facilities_without_supply: number;
}

/** Result of `engine.capacitated`. */
export interface CapacitatedResult {
  asOf: string;
  rule: RulePart[];
  supply: SupplyMeasure;
  demand: DemandMeasure;
  demandPoints: DemandPointsMode;
  demandPerSupply: number;
  /** The allocation rule, stated. */
  allocation: string;
  perCommunity: CommunityCapacitated[];
  totals: CapacitatedTotals;
  fallbackCommunities: string[];
  stats: AccessibilityStats;
}
