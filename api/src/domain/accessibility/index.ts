/**
 * Capacity-aware accessibility: two-step floating catchment area (2SFCA, E2SFCA) and capacitated
 * coverage. Pure functions over a data snapshot (no I/O, no SQL, no express). Import from here.
 */
export { areaCentroid } from './area-centroid.ts';
export { capacitatedAllocation, type CapacitatedAllocationResult } from './capacitated-allocation.ts';
export { decayZones } from './decay-zones.ts';
export { ALLOCATION_RULE } from './capacitated.ts';
export { createAccessibilityEngine, type AccessibilityEngine, type AccessibilityEngineOptions } from './engine.ts';
export { type FacilityChanges } from './facility-changes.ts';
export { floatingCatchment, type FloatingCatchmentResult } from './floating-catchment.ts';
export { compareWithRatioTarget, type RatioTarget, type RatioTargetRow } from './ratio-target.ts';
export { rollUpSums, type SummedUnit } from './roll-up-sums.ts';
export {
  DEMAND_MEASURES,
  DEMAND_POINTS_MODES,
  E2SFCA_DEFAULT_ZONES,
  STEP_ZONES,
  SUPPLY_MEASURES,
  type AccessibilityFacility,
  type AccessibilityInput,
  type AccessibilityOptions,
  type AccessibilityStats,
  type AccessibilityTotals,
  type CapacitatedOptions,
  type CapacitatedResult,
  type CapacitatedTotals,
  type CatchmentPairs,
  type CommunityAccessibility,
  type CommunityCapacitated,
  type DecayZone,
  type DemandMeasure,
  type DemandPointsMode,
  type FacilityAccessibility,
  type SupplyMeasure,
  type TwoStepOptions,
  type TwoStepResult,
} from './model.ts';
