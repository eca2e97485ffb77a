import { activeFacilities, type ActiveFacility } from '../coverage/active-facilities.ts';
import { createCoverageState, resultOf, sumCovered } from '../coverage/coverage-state.ts';
import { buildDemandPoints } from '../coverage/demand-points.ts';
import type { CoverageEngineOptions } from '../coverage/engine.ts';
import type { ComputeOptions, CoverageFacility, CoverageInput, CoverageResult, CoverageRule } from '../coverage/model.ts';
import type { GapPoint, NearestDistances } from '../coverage/nearest-distances.ts';
import type { CoverageSession } from '../coverage/session.ts';
import { validateCode, validateComputeOptions, validateCoverageInput, validateRule } from '../coverage/validate.ts';
import type { EdgeSnap, WalkingReport } from './model.ts';
import { snapPoints, type SnappedPoints } from './snapped-points.ts';
import { createWalkField, type WalkField } from './walk-field.ts';
import { createWalkSession } from './walk-session.ts';
import { buildCounts } from '../coverage/build-counts.ts';
import { DEFAULT_MAX_SNAP_M, type WalkingNetwork } from './walking-network.ts';

/** Options of {@link createWalkingEngine}. */
export interface WalkingEngineOptions extends CoverageEngineOptions {
  /** Points (buildings, facilities) farther than this from every snappable edge are unreachable. Default 500 m. */
  maxSnapM?: number;
}

/** A coverage result computed on walking distances. */
export interface WalkingCoverageResult extends CoverageResult {
  walk: WalkingReport;
}

/** The walking coverage engine over one snapshot and one network. */
export interface WalkingEngine {
  readonly walking: WalkingNetwork;
  readonly maxSnapM: number;
  readonly demandPoints: number;
  readonly unassignedBuildings: number;
  readonly fallbackCommunities: readonly string[];
  /** Codes of demand buildings beyond maxSnapM of the network. */
  readonly unreachableBuildings: readonly string[];
  /** Same contract as the straight-line engine's `compute`, on walking distances. */
  compute(rule: CoverageRule, options: ComputeOptions): WalkingCoverageResult;
  /** An incremental walking what-if (same contract as the straight-line session). */
  session(rule: CoverageRule, options: ComputeOptions): CoverageSession;
  /** Uncovered demand points of a community and their walking distance to the nearest counted facility. */
  nearestDistances(rule: CoverageRule, options: ComputeOptions, communityCode: string): NearestDistances;
  /**
   * Walking distance from every input building to the nearest counted facility of the rule's types
   * (Infinity: unreachable or none), and that facility's code.
   */
  buildingDistances(rule: CoverageRule, options: ComputeOptions): { distanceM: Float64Array; facility: Array<string | null> };
  /** Where a building (by code) meets the network; null when beyond maxSnapM or not a demand building. */
  buildingSnap(code: string): EdgeSnap | null;
  /** Where a position meets the network (cached). */
  facilitySnap(lon: number, lat: number): EdgeSnap | null;
  /**
   * The same engine over another facility list (a scenario): shares the network, the demand
   * points and their snaps, so only the facilities are new.
   */
  withFacilities(facilities: readonly CoverageFacility[]): WalkingEngine;
}

const UNBOUNDED_CACHE = 4;

/**
 * Builds a walking coverage engine: the same demand points as the straight-line engine
 * (buildings, plus a fallback grid for communities without buildings), each snapped once to the
 * nearest walkable edge at its projection point. For a rule on a date, every rule type gets one
 * multi-source Dijkstra from all its counted facilities (each snapped likewise and entering the
 * graph at both ends of its edge), bounded by the type's reach; a demand point's walking distance
 * is its snap leg + the way along its edge to an end node (or straight along the edge to a
 * facility on the same edge) + the network distance + the facility's own legs. Covered = walking
 * distance ≤ reach (inclusive). Points beyond `maxSnapM` of the network are unreachable: never
 * covered, and reported.
 *
 * @param {CoverageInput} input communities, buildings, facilities of the snapshot
 * @param {WalkingNetwork} walking the network from `prepareWalkingNetwork`
 * @param {Object} [options={}] Optional parameters
 * @param {number} [options.maxSnapM=500] maximum snap distance, metres
 * @returns {WalkingEngine} the engine
 * @example
 * const engine = createWalkingEngine({ communities, buildings, facilities }, prepareWalkingNetwork(lines));
 * const { perCommunity, walk } = engine.compute([{ type: 'health_station', reachMeters: 300 }], { asOf: '2026-01-01' });
 */
export function createWalkingEngine(input: CoverageInput, walking: WalkingNetwork, options: WalkingEngineOptions = {}): WalkingEngine {
  // Input validation
  const fn0 = 'createWalkingEngine';
  validateCoverageInput(input, fn0);
  if (!walking || typeof walking.snap !== 'function') throw new Error(`Invalid input to ${fn0}: walking must come from prepareWalkingNetwork`);
  const maxSnapM = options.maxSnapM ?? DEFAULT_MAX_SNAP_M;
  if (!(maxSnapM > 0 && maxSnapM <= 10_000)) throw new Error(`Invalid input to ${fn0}: options.maxSnapM must be in (0, 10000] metres, got ${maxSnapM}`);

  const demand = buildDemandPoints(input, {
    fallbackTargetPoints: options.fallbackTargetPoints,
    fallbackMaxSpacingMeters: options.fallbackMaxSpacingMeters,
    fallbackMaxPoints: options.fallbackMaxPoints,
  });
  const points: SnappedPoints = snapPoints(walking, demand.lon, demand.lat, maxSnapM);
  buildCounts.walkingEngines++;
  const buildingCodes = input.buildings.map((b) => b.code);
  const pointOfBuilding = new Map<string, number>();
  for (let i = 0; i < demand.count; i++) {
    const b = demand.building[i] as number;
    if (b >= 0) pointOfBuilding.set(buildingCodes[b] as string, i);
  }
  const communityIndex = new Map(demand.communities.codes.map((code, i) => [code, i]));
  const fallbackCommunities = Object.freeze(demand.communities.codes.filter((_, i) => demand.communities.fallback[i] === 1));
  const unreachableBuildings: string[] = [];
  let unreachableHouseholds = 0;
  for (let i = 0; i < demand.count; i++) {
    const b = demand.building[i] as number;
    if (b >= 0 && points.edge[i] === -1) {
      unreachableBuildings.push(buildingCodes[b] as string);
      unreachableHouseholds += demand.weight[i] as number;
    }
  }
  return engineOver({ walking, maxSnapM, demand, points, buildingCodes, pointOfBuilding, communityIndex, fallbackCommunities, unreachableBuildings, unreachableHouseholds, snapCache: new Map() }, input.facilities);
}

/** What engines over the same snapshot share, whatever their facilities. @private */
interface SharedWalking {
  walking: WalkingNetwork;
  maxSnapM: number;
  demand: ReturnType<typeof buildDemandPoints>;
  points: SnappedPoints;
  buildingCodes: string[];
  pointOfBuilding: Map<string, number>;
  communityIndex: Map<string, number>;
  fallbackCommunities: readonly string[];
  unreachableBuildings: string[];
  unreachableHouseholds: number;
  snapCache: Map<string, EdgeSnap | null>;
}

/** An engine over shared snaps and a facility list. @private */
function engineOver(shared: SharedWalking, inputFacilities: readonly CoverageFacility[]): WalkingEngine {
  const { walking, maxSnapM, demand, points, buildingCodes, pointOfBuilding, communityIndex, fallbackCommunities, unreachableBuildings, unreachableHouseholds, snapCache } = shared;
  const facilities: CoverageFacility[] = inputFacilities.map((f) => ({ ...f }));
  const snapFacility = (lon: number, lat: number): EdgeSnap | null => {
    const key = `${lon},${lat}`;
    let s = snapCache.get(key);
    if (s === undefined) {
      s = walking.snap(lon, lat, maxSnapM);
      if (snapCache.size > 200_000) snapCache.clear();
      snapCache.set(key, s);
    }
    return s;
  };

  const prepare = (rule: CoverageRule, computeOptions: ComputeOptions, fn: string) => {
    const reachByType = validateRule(rule, fn);
    validateComputeOptions(computeOptions, fn);
    return { reachByType, active: activeFacilities(facilities, reachByType, computeOptions, fn) };
  };
  const fieldOf = (active: readonly ActiveFacility[], type: string | null, reachM: number): WalkField => {
    const field = createWalkField(walking, points, reachM);
    field.add(active.filter((f) => type === null || f.type === type).map((f) => ({ code: f.code, snap: snapFacility(f.lon, f.lat) })));
    return field;
  };
  const walkReport = (active: readonly ActiveFacility[]): WalkingReport => ({
    maxSnapM,
    unreachableBuildings: unreachableBuildings.length,
    unreachableHouseholds,
    unsnappedFacilities: active.filter((f) => snapFacility(f.lon, f.lat) === null).map((f) => f.code),
  });

  // Unbounded fields (nearest facility at any distance) per rule and options, for gaps.
  const unbounded = new Map<string, { covered: Uint8Array; field: WalkField }>();
  const unboundedOf = (rule: CoverageRule, computeOptions: ComputeOptions, fn: string) => {
    const key = JSON.stringify([rule, computeOptions]);
    let entry = unbounded.get(key);
    if (!entry) {
      const { reachByType, active } = prepare(rule, computeOptions, fn);
      const field = fieldOf(active, null, Infinity);
      const covered = new Uint8Array(points.count);
      for (const [type, reachM] of reachByType) {
        const part = fieldOf(active, type, reachM);
        for (let i = 0; i < points.count; i++) if ((part.pointM[i] as number) <= reachM) covered[i] = 1;
      }
      entry = { covered, field };
      if (unbounded.size >= UNBOUNDED_CACHE) unbounded.delete(unbounded.keys().next().value!);
      unbounded.set(key, entry);
    }
    return entry;
  };

  return {
    walking,
    maxSnapM,
    demandPoints: demand.count,
    unassignedBuildings: demand.unassignedBuildings,
    fallbackCommunities,
    unreachableBuildings: Object.freeze(unreachableBuildings),
    compute(rule, computeOptions) {
      const { reachByType, active } = prepare(rule, computeOptions, 'walkingEngine.compute');
      const state = createCoverageState(demand);
      for (const [type, reachM] of reachByType) {
        const field = fieldOf(active, type, reachM);
        for (let i = 0; i < points.count; i++) {
          if ((field.pointM[i] as number) <= reachM) state.counts[i] = (state.counts[i] as number) + 1;
        }
      }
      sumCovered(demand, state);
      state.stats.facilities = active.length;
      const flags = computeOptions.buildingFlags === true ? buildingCodes.length : undefined;
      const result = resultOf(demand, state, rule, computeOptions.asOf, computeOptions.includePlanned ?? false, flags);
      return { ...result, walk: walkReport(active) };
    },
    session(rule, computeOptions) {
      const { reachByType, active } = prepare(rule, computeOptions, 'walkingEngine.session');
      const flags = computeOptions.buildingFlags === true ? buildingCodes.length : undefined;
      return createWalkSession({ walking, demand, points, snapFacility, report: walkReport }, active, reachByType, rule, computeOptions.asOf, computeOptions.includePlanned ?? false, flags);
    },
    nearestDistances(rule, computeOptions, communityCode) {
      const fn = 'walkingEngine.nearestDistances';
      validateCode(communityCode, fn, 'communityCode');
      const c = communityIndex.get(communityCode);
      if (c === undefined) throw new Error(`Invalid input to ${fn}: no community has code ${JSON.stringify(communityCode)}`);
      const { covered, field } = unboundedOf(rule, computeOptions, fn);
      const out: GapPoint[] = [];
      const t = demand.communities;
      for (let i = t.pointStart[c] as number; i < (t.pointStart[c + 1] as number); i++) {
        if (covered[i] === 1) continue;
        const b = demand.building[i] as number;
        const d = field.pointM[i] as number;
        const slot = field.pointLabel[i] as number;
        out.push({
          kind: b >= 0 ? 'building' : 'grid',
          code: b >= 0 ? (buildingCodes[b] as string) : null,
          lon: demand.lon[i] as number,
          lat: demand.lat[i] as number,
          households: demand.weight[i] as number,
          distanceMeters: Number.isFinite(d) ? d : null,
          facilityCode: slot >= 0 ? (field.slots[slot]?.code ?? null) : null,
        });
      }
      return { community: communityCode, fallback: t.fallback[c] === 1, points: out };
    },
    buildingDistances(rule, computeOptions) {
      const { field } = unboundedOf(rule, computeOptions, 'walkingEngine.buildingDistances');
      const distanceM = new Float64Array(buildingCodes.length).fill(Infinity);
      const facility: Array<string | null> = new Array(buildingCodes.length).fill(null);
      for (let i = 0; i < demand.count; i++) {
        const b = demand.building[i] as number;
        if (b < 0) continue;
        distanceM[b] = field.pointM[i] as number;
        const slot = field.pointLabel[i] as number;
        facility[b] = slot >= 0 ? (field.slots[slot]?.code ?? null) : null;
      }
      return { distanceM, facility };
    },
    buildingSnap(code) {
      const i = pointOfBuilding.get(code);
      return i === undefined ? null : (points.snaps[i] ?? null);
    },
    facilitySnap(lon, lat) {
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw new Error('walkingEngine.facilitySnap: lon and lat must be finite numbers');
      return snapFacility(lon, lat);
    },
    withFacilities(next) {
      if (!Array.isArray(next)) throw new Error('walkingEngine.withFacilities: facilities must be an array');
      validateCoverageInput({ communities: [], buildings: [], facilities: next }, 'walkingEngine.withFacilities');
      return engineOver(shared, next);
    },
  };
}
