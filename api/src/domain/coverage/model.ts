/**
 * Plain input and output types of the coverage engine, and the "open on a date" rule.
 * Inputs are plain arrays (not GeoJSON features) because a city has ~10⁵ buildings.
 */
import type { MultiPolygon, Polygon } from 'geojson';

/** A community (社区): the unit whose residents are counted. */
export interface CoverageCommunity {
  code: string;
  name: string;
  street_code: string;
  district_code: string;
  /** Integer ≥ 0. Used as the demand only when the community has no buildings (fallback). */
  households: number;
  population: number;
  elderly: number;
  geometry: Polygon | MultiPolygon;
}

/** A residential building: a demand point weighted by its households. */
export interface CoverageBuilding {
  code: string;
  /** null: in no known community, so it counts for no one. */
  community_code: string | null;
  /** Integer ≥ 0. */
  households: number;
  lon: number;
  lat: number;
}

/** 'open' | 'planned' | 'closed' (the `facility.status` column). */
export type FacilityStatus = 'open' | 'planned' | 'closed';

/** A facility as stored (`facility` table). Dates are ISO 'YYYY-MM-DD' strings or null. */
export interface CoverageFacility {
  code: string;
  type: string;
  status: FacilityStatus;
  opened_on: string | null;
  closed_on: string | null;
  lon: number;
  lat: number;
}

/** One data snapshot. */
export interface CoverageInput {
  communities: readonly CoverageCommunity[];
  buildings: readonly CoverageBuilding[];
  facilities: readonly CoverageFacility[];
}

/** One part of a rule: facilities of `type` reach `reachMeters` (geodesic, inclusive). */
export interface RulePart {
  type: string;
  reachMeters: number;
}

/** A rule: a demand point is covered when ANY part covers it (OR). */
export type CoverageRule = readonly RulePart[];

/**
 * A hypothetical facility of a scenario. It is counted as open whatever the date (it has no
 * status or dates); its type must be one of the rule's types to cover anything.
 */
export interface ScenarioFacility {
  code: string;
  type: string;
  lon: number;
  lat: number;
}

/** Options of a coverage computation. */
export interface ComputeOptions {
  /** Evaluation date, 'YYYY-MM-DD'. */
  asOf: string;
  /** Count `planned` facilities as open (scenarios). Their dates still apply. Default false. */
  includePlanned?: boolean;
  /** Hypothetical facilities added to the snapshot's (always open). */
  extraFacilities?: readonly ScenarioFacility[];
  /** Codes of snapshot facilities to leave out (e.g. a closure scenario). */
  excludedFacilityCodes?: readonly string[];
  /** Also return `buildingCovered` (one flag per input building). Default false. */
  buildingFlags?: boolean;
}

/** Coverage of one community. */
export interface CommunityCoverage {
  code: string;
  /** Sum of its buildings' households, or the community's households when it has no buildings. */
  households: number;
  /** Households of covered buildings; for a fallback community, rounded to an integer. */
  households_covered: number;
  buildings: number;
  buildings_covered: number;
  population: number;
  /** population × households_covered / households. */
  population_covered: number;
  elderly: number;
  /** elderly × households_covered / households. */
  elderly_covered: number;
  /** households_covered / households, full precision; 0 when households = 0. */
  rate: number;
  /** True when the community has no buildings and its households were spread on a grid. */
  fallback: boolean;
}

/** Households, residents and elderly residents, and how many of each are covered: the counts every coverage answer carries. */
export interface CoveredCounts {
  households: number;
  households_covered: number;
  /** households_covered / households, full precision; 0 when households = 0. */
  rate: number;
  population: number;
  population_covered: number;
  elderly: number;
  elderly_covered: number;
}

/** Sums over all communities. */
export interface CoverageTotals extends CoveredCounts {
  buildings: number;
  buildings_covered: number;
}

/** Work counters: how decisions were made. */
export interface CoverageStats {
  /** Facilities that covered (or were tested against) demand points. */
  facilities: number;
  /** Demand points returned by the index's box queries. */
  candidates: number;
  /** Candidates decided by the approximate distance alone. */
  approxDecisions: number;
  /** Candidates inside the error band, decided by GeographicLib. */
  exactCalls: number;
}

/** Result of `engine.compute` and `session.result()`. */
export interface CoverageResult {
  asOf: string;
  includePlanned: boolean;
  rule: RulePart[];
  perCommunity: CommunityCoverage[];
  totals: CoverageTotals;
  /** Codes of the communities that used the dasymetric fallback. */
  fallbackCommunities: string[];
  stats: CoverageStats;
  /**
   * With `buildingFlags`: 1 when input.buildings[i] is covered, else 0 (always 0 for buildings
   * whose community_code is null: they are not demand points).
   */
  buildingCovered?: Uint8Array;
}

/** Options of {@link isOpenOn}. */
export interface OpenOnOptions {
  /** Count status 'planned' as open (its dates still apply). Default false. */
  includePlanned?: boolean;
}

/**
 * Whether a facility is open on a date: `opened_on` is null or ≤ date, `closed_on` is null or
 * > date, status is not 'planned' (unless `includePlanned`), and a 'closed' facility with no
 * `closed_on` is never open. Dates compare as ISO 'YYYY-MM-DD' strings.
 *
 * @param {Object} facility with status, opened_on, closed_on
 * @param {string} date evaluation date 'YYYY-MM-DD'
 * @param {Object} [options={}] Optional parameters
 * @param {boolean} [options.includePlanned=false] count planned facilities as open
 * @returns {boolean} open on that date
 * @example
 * isOpenOn({ status: 'closed', opened_on: '2001-05-01', closed_on: '2024-06-30' }, '2024-06-29'); // true
 * isOpenOn({ status: 'closed', opened_on: '2001-05-01', closed_on: '2024-06-30' }, '2024-06-30'); // false
 */
export function isOpenOn(
  facility: Pick<CoverageFacility, 'status' | 'opened_on' | 'closed_on'>,
  date: string,
  options: OpenOnOptions = {},
): boolean {
  // Input validation
  if (!ISO_DATE.test(date)) throw new Error(`isOpenOn: date must be 'YYYY-MM-DD', got ${JSON.stringify(date)}`);

  return isOpenOnUnchecked(facility, date, options.includePlanned === true);
}

/**
 * {@link isOpenOn} without the date check (hot paths; the caller validated `date`).
 *
 * @private
 */
export function isOpenOnUnchecked(
  facility: Pick<CoverageFacility, 'status' | 'opened_on' | 'closed_on'>,
  date: string,
  includePlanned: boolean,
): boolean {
  const { status, opened_on, closed_on } = facility;
  if (status === 'planned' && !includePlanned) return false;
  if (status === 'closed' && closed_on == null) return false;
  if (opened_on != null && opened_on > date) return false;
  if (closed_on != null && closed_on <= date) return false;
  return true;
}

/** 'YYYY-MM-DD'. */
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
