import { activeFacilities, facilitiesByType, type FacilitiesByType } from './active-facilities.ts';
import { createCoverageState, fillInReach, resultOf, sumCovered } from './coverage-state.ts';
import { buildDemandPoints, type DemandOptions } from './demand-points.ts';
import type { ComputeOptions, CoverageFacility, CoverageInput, CoverageResult, CoverageRule } from './model.ts';
import { nearestDistancesIn, type NearestDistances } from './nearest-distances.ts';
import { createSession, type CoverageSession } from './session.ts';
import { validateCode, validateComputeOptions, validateCoverageInput, validateRule } from './validate.ts';
import { buildCounts } from './build-counts.ts';

/** Options of {@link createCoverageEngine}. */
export interface CoverageEngineOptions {
  /** Fallback grid: points wanted per community without buildings. Default 200. */
  fallbackTargetPoints?: number;
  /** Fallback grid: coarsest spacing, metres. Default 25. */
  fallbackMaxSpacingMeters?: number;
  /** Fallback grid: most points per community (very large areas get a coarser grid). Default 20 000. */
  fallbackMaxPoints?: number;
}

/** A coverage engine over one data snapshot. */
export interface CoverageEngine {
  /** Demand points indexed: buildings with a community plus fallback grid points. */
  readonly demandPoints: number;
  /** Buildings with community_code null, which count for no community. */
  readonly unassignedBuildings: number;
  /** Codes of the communities without buildings (dasymetric fallback). */
  readonly fallbackCommunities: readonly string[];
  /** Coverage of every community under a rule on a date. */
  compute(rule: CoverageRule, options: ComputeOptions): CoverageResult;
  /** An incremental what-if starting from the facilities that count under `options`. */
  session(rule: CoverageRule, options: ComputeOptions): CoverageSession;
  /** Uncovered demand points of one community and their distance to the nearest counted facility. */
  nearestDistances(rule: CoverageRule, options: ComputeOptions, communityCode: string): NearestDistances;
  /** The same demand index (not rebuilt) over another facility list: what a scenario costs is its facilities. */
  withFacilities(facilities: readonly CoverageFacility[]): CoverageEngine;
}

/**
 * Builds a coverage engine once per data snapshot: a kdbush index over the demand points (buildings,
 * plus a fallback grid for communities without buildings), struct-of-arrays, in lon/lat unwrapped
 * around the data's centre so a city on the antimeridian works. The engine copies what it needs and
 * never changes `input`.
 *
 * A demand point is covered under a rule when the geodesic distance on WGS 84 (GeographicLib,
 * building first, like `ST_DWithin(building::geography, facility::geography, reach)`) to some
 * counted facility of a rule type is ≤ that type's reach. Counted = open on `asOf` (see `isOpenOn`),
 * not excluded, or added as an extra. Each facility range-queries the index with a conservative box;
 * each candidate is decided by the mid-latitude ellipsoidal distance unless it falls within the
 * tested error band around the reach, where GeographicLib decides, so results equal GeographicLib's.
 *
 * @param {CoverageInput} input communities, buildings and facilities of the snapshot
 * @param {Object} [options={}] Optional parameters
 * @param {number} [options.fallbackTargetPoints=200] fallback grid points wanted per community
 * @param {number} [options.fallbackMaxSpacingMeters=25] coarsest fallback grid spacing
 * @param {number} [options.fallbackMaxPoints=20000] most fallback grid points per community
 * @returns {CoverageEngine} the engine
 * @example
 * const engine = createCoverageEngine({ communities, buildings, facilities });
 * const { perCommunity, totals } = engine.compute([{ type: 'health_station', reachMeters: 300 }], { asOf: '2026-01-01' });
 */
export function createCoverageEngine(input: CoverageInput, options: CoverageEngineOptions = {}): CoverageEngine {
  // Input validation
  validateCoverageInput(input, 'createCoverageEngine');
  if (!options || typeof options !== 'object') throw new Error('Invalid input to createCoverageEngine: options must be an object');

  const demandOptions: DemandOptions = {
    fallbackTargetPoints: options.fallbackTargetPoints,
    fallbackMaxSpacingMeters: options.fallbackMaxSpacingMeters,
    fallbackMaxPoints: options.fallbackMaxPoints,
  };
  const demand = buildDemandPoints(input, demandOptions);
  buildCounts.coverageEngines++;
  const buildingCodes = input.buildings.map((b) => b.code);
  const communityIndex = new Map(demand.communities.codes.map((code, i) => [code, i]));
  const fallbackCommunities = Object.freeze(demand.communities.codes.filter((_, i) => demand.communities.fallback[i] === 1));
  return engineOver({ demand, buildingCodes, communityIndex, fallbackCommunities }, input.facilities);
}

/** What engines over the same demand index share, whatever their facilities. @private */
interface SharedDemand {
  demand: ReturnType<typeof buildDemandPoints>;
  buildingCodes: string[];
  communityIndex: Map<string, number>;
  fallbackCommunities: readonly string[];
}

/** An engine over a shared demand index and a facility list. @private */
function engineOver(shared: SharedDemand, inputFacilities: readonly CoverageFacility[]): CoverageEngine {
  const { demand, buildingCodes, communityIndex, fallbackCommunities } = shared;
  const facilities: CoverageFacility[] = inputFacilities.map((f) => ({
    code: f.code,
    type: f.type,
    status: f.status,
    opened_on: f.opened_on,
    closed_on: f.closed_on,
    lon: f.lon,
    lat: f.lat,
  }));

  // Positions by type, built at the first computation: a rule reads only its types' facilities.
  let byType: FacilitiesByType | undefined;
  const prepare = (rule: CoverageRule, computeOptions: ComputeOptions, fn: string) => {
    const reachByType = validateRule(rule, fn);
    validateComputeOptions(computeOptions, fn);
    byType ??= facilitiesByType(facilities);
    return { reachByType, active: activeFacilities(facilities, reachByType, computeOptions, fn, byType) };
  };

  return {
    demandPoints: demand.count,
    unassignedBuildings: demand.unassignedBuildings,
    fallbackCommunities,
    compute(rule, computeOptions) {
      const { active } = prepare(rule, computeOptions, 'engine.compute');
      const state = createCoverageState(demand);
      // Only covered / not covered matters here, so points already covered are not decided again
      // (counts are then 0 or 1; sessions keep full counts).
      for (const f of active) fillInReach(demand, f.lon, f.lat, f.reachMeters, state.stats, state.counts);
      sumCovered(demand, state);
      const flags = computeOptions.buildingFlags === true ? buildingCodes.length : undefined;
      return resultOf(demand, state, rule, computeOptions.asOf, computeOptions.includePlanned ?? false, flags);
    },
    session(rule, computeOptions) {
      const { reachByType, active } = prepare(rule, computeOptions, 'engine.session');
      const flags = computeOptions.buildingFlags === true ? buildingCodes.length : undefined;
      return createSession(demand, active, reachByType, rule, computeOptions.asOf, computeOptions.includePlanned ?? false, flags);
    },
    nearestDistances(rule, computeOptions, communityCode) {
      const { active } = prepare(rule, computeOptions, 'engine.nearestDistances');
      validateCode(communityCode, 'engine.nearestDistances', 'communityCode');
      const c = communityIndex.get(communityCode);
      if (c === undefined) throw new Error(`Invalid input to engine.nearestDistances: no community has code ${JSON.stringify(communityCode)}`);
      return nearestDistancesIn(demand, active, c, buildingCodes);
    },
    withFacilities(next) {
      if (!Array.isArray(next)) throw new Error('engine.withFacilities: facilities must be an array');
      validateCoverageInput({ communities: [], buildings: [], facilities: next }, 'engine.withFacilities');
      return engineOver(shared, next);
    },
  };
}
