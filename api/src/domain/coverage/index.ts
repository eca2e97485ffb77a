/**
 * The coverage engine: pure functions over a data snapshot (no I/O, no SQL, no express).
 * Import from here.
 */
export { createCoverageEngine, type CoverageEngine, type CoverageEngineOptions } from './engine.ts';
export type { CoverageChange, CoverageSession } from './session.ts';
export { fallbackGrid, type FallbackGrid } from './fallback-grid.ts';
export { gapDistanceSummary, type GapDistanceSummary, type GapPoint, type NearestDistances } from './nearest-distances.ts';
export { isOpenOn } from './model.ts';
export type {
  CommunityCoverage,
  ComputeOptions,
  CoverageBuilding,
  CoverageCommunity,
  CoverageFacility,
  CoverageInput,
  CoverageResult,
  CoverageRule,
  CoverageStats,
  CoverageTotals,
  CoveredCounts,
  FacilityStatus,
  OpenOnOptions,
  RulePart,
  ScenarioFacility,
} from './model.ts';
export { rollUp, rollUpPlan, rollUpPrepared, type RollUp, type RollUpLevel, type RollUpPlan, type RollUpUnit, type RollUpUnitNames } from './roll-up.ts';
export { uncoveredArea, type UncoveredAreaFacilities } from './uncovered-area.ts';
export { weightedQuantile } from './weighted-quantile.ts';
