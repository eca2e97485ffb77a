/**
 * Plan profiles and their evaluation: pure functions over a city snapshot (no I/O, no SQL, no express).
 * Import from here.
 */
export {
  FACILITY_NUMBER_FIELDS,
  TARGET_KINDS,
  TARGET_LEVELS,
  UNIT_NUMBER_FIELDS,
  formatPath,
  parseProfile,
  profileSchema,
  targetSchema,
  unknownTypeIssues,
  type Bilingual,
  type FacilityCondition,
  type PlanProfile,
  type PlanTarget,
  type ProfileIssue,
  type Requirement,
  type TargetKind,
  type TargetLevel,
  type TargetOf,
  type TargetScope,
} from './profile.ts';
export type {
  CommunityRates,
  CommunityCatchment,
  CommunityReach,
  FailingUnit,
  MilestoneResult,
  PlanCity,
  PlanCommunity,
  PlanDistrict,
  PlanFacility,
  PlanFacilityType,
  PlanStreet,
  ReportedEntry,
  ReportedFigure,
  Shortfall,
  TargetResult,
  TargetStatus,
} from './model.ts';
export { TARGET_STATUSES } from './model.ts';
export { indexCity, inScope, openFacilitiesIn, reindexCity, unitsAt, type CityIndex, type PlanUnit } from './city-index.ts';
export { evaluatePlan, evaluateTarget, statusOf, targetFacilityTypes, targetUnit, type EvaluationInput, type PlanEvaluation } from './evaluate.ts';
export { locationWarnings, type LocationWarning } from './location-warnings.ts';
export { unitMethodReach } from './rules/coverage.ts';
export { latestFigures } from './rules/reported.ts';
export { formatNumber, formatPercent } from './text.ts';
