import type { ActiveFacility } from './active-facilities.ts';
import { applyFacility, createCoverageState, forEachDemandInReach, resultOf, sumCovered } from './coverage-state.ts';
import type { DemandPoints } from './demand-points.ts';
import type { CoverageResult, RulePart, ScenarioFacility } from './model.ts';
import { validateCode, validateScenarioFacility } from './validate.ts';

/** What one what-if change did. */
export interface CoverageChange {
  facilityCode: string;
  /** Codes of the communities whose covered households/buildings changed (in index order). */
  communitiesChanged: string[];
}

/**
 * An incremental what-if on one rule and date: starts from the facilities that count under the
 * options given to `engine.session`, then applies changes by touching only the demand points
 * within the changed facility's reach. `result()` equals `engine.compute` on the same facility set.
 */
export interface CoverageSession {
  /** Adds a hypothetical facility (always open). Its type must be one of the rule's; its code new. */
  addFacility(facility: ScenarioFacility): CoverageChange;
  /** Removes a counted facility (snapshot or added) by code. */
  removeFacility(code: string): CoverageChange;
  /** Moves a counted facility to a new position. */
  moveFacility(code: string, lon: number, lat: number): CoverageChange;
  /** The facilities counted now, in insertion order. */
  facilities(): ScenarioFacility[];
  /** Current coverage, same shape as `engine.compute` (stats are cumulative for the session;
   * `buildingCovered` when the session was opened with `buildingFlags`). */
  result(): CoverageResult;
}

/**
 * Creates a session from the starting facility set.
 *
 * @private
 */
export function createSession(
  demand: DemandPoints,
  start: readonly ActiveFacility[],
  reachByType: ReadonlyMap<string, number>,
  rule: readonly RulePart[],
  asOf: string,
  includePlanned: boolean,
  buildingCount: number | undefined,
): CoverageSession {
  const fn = 'CoverageSession';
  const state = createCoverageState(demand);
  const current = new Map<string, ActiveFacility>();
  const inc = (id: number): void => {
    state.counts[id] = (state.counts[id] as number) + 1;
  };
  for (const f of start) {
    current.set(f.code, { ...f });
    forEachDemandInReach(demand, f.lon, f.lat, f.reachMeters, state.stats, inc);
  }
  sumCovered(demand, state);

  const change = (facilityCode: string, changed: Set<number>): CoverageChange => ({
    facilityCode,
    communitiesChanged: [...changed].sort((a, b) => a - b).map((c) => demand.communities.codes[c] as string),
  });
  const counted = (code: string, method: string): ActiveFacility => {
    validateCode(code, `${fn}.${method}`, 'code');
    const f = current.get(code);
    if (!f) throw new Error(`Invalid input to ${fn}.${method}: no counted facility has code ${JSON.stringify(code)}`);
    return f;
  };

  return {
    addFacility(facility) {
      // Input validation
      validateScenarioFacility(facility, `${fn}.addFacility`, 'facility');
      const reachMeters = reachByType.get(facility.type);
      if (reachMeters === undefined) {
        throw new Error(`Invalid input to ${fn}.addFacility: type ${JSON.stringify(facility.type)} is not in the rule (${[...reachByType.keys()].join(', ')})`);
      }
      if (current.has(facility.code)) throw new Error(`Invalid input to ${fn}.addFacility: code ${JSON.stringify(facility.code)} is already counted`);

      const f: ActiveFacility = { code: facility.code, type: facility.type, lon: facility.lon, lat: facility.lat, reachMeters };
      current.set(f.code, f);
      return change(f.code, applyFacility(demand, state, f.lon, f.lat, f.reachMeters, 1));
    },
    removeFacility(code) {
      const f = counted(code, 'removeFacility');
      current.delete(code);
      return change(code, applyFacility(demand, state, f.lon, f.lat, f.reachMeters, -1));
    },
    moveFacility(code, lon, lat) {
      const f = counted(code, 'moveFacility');
      validateScenarioFacility({ code, type: f.type, lon, lat }, `${fn}.moveFacility`, 'position');
      const households = state.coveredHouseholds.slice();
      const buildings = state.coveredBuildings.slice();
      const grid = state.coveredGridPoints.slice();
      const touched = applyFacility(demand, state, f.lon, f.lat, f.reachMeters, -1);
      current.set(code, { ...f, lon, lat });
      for (const c of applyFacility(demand, state, lon, lat, f.reachMeters, 1)) touched.add(c);
      const changed = new Set<number>();
      for (const c of touched) {
        if (households[c] !== state.coveredHouseholds[c] || buildings[c] !== state.coveredBuildings[c] || grid[c] !== state.coveredGridPoints[c]) {
          changed.add(c);
        }
      }
      return change(code, changed);
    },
    facilities() {
      return [...current.values()].map((f) => ({ code: f.code, type: f.type, lon: f.lon, lat: f.lat }));
    },
    result() {
      return resultOf(demand, state, rule, asOf, includePlanned, buildingCount);
    },
  };
}
