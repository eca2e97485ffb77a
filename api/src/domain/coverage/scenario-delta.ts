import { activeFacilities, type ActiveFacility } from './active-facilities.ts';
import { buildCounts } from './build-counts.ts';
import type { CoverageEngine } from './engine.ts';
import type { ComputeOptions, CoverageFacility, CoverageResult, CoverageRule } from './model.ts';
import type { CoverageSession } from './session.ts';
import { validateComputeOptions, validateRule } from './validate.ts';

/** What a delta needs of an engine: incremental sessions (the straight-line and the walking engine both have them). */
export interface SessionSource {
  session(rule: CoverageRule, options: ComputeOptions): CoverageSession;
}

/**
 * A scenario's answers as the baseline engine plus the scenario's changes: per (rule, options) one
 * incremental session opened on the baseline engine, holding the difference between the baseline's
 * counted facilities and the scenario's. `compute(rule, options, facilities)` first brings the held
 * session to `facilities` (removing, moving and adding only what differs from what it holds), then
 * reads it. So the first answer for a rule costs one baseline session, and every later version of
 * the scenario (an edit) costs only the facilities it changed, never a rebuild.
 *
 * Exact by the session contract: `session.result()` equals `engine.compute` on the same counted set.
 */
export interface ScenarioDelta {
  /** Equals `base.withFacilities(facilities).compute(rule, options)`. */
  compute(rule: CoverageRule, options: ComputeOptions, facilities: readonly CoverageFacility[]): CoverageResult;
  /** A fresh session over `facilities` (what-if, siting): opened on the baseline engine, the difference applied. */
  session(rule: CoverageRule, options: ComputeOptions, facilities: readonly CoverageFacility[]): CoverageSession;
  /** Sessions held now (one per rule and options asked). */
  readonly held: number;
}

interface Held {
  session: CoverageSession;
  /** What the session counts now, by code. */
  counted: Map<string, { type: string; lon: number; lat: number }>;
}

/** Brings a session from what it counts to `target` (changes only what differs). */
function bringTo(held: Held, target: readonly ActiveFacility[]): void {
  const wanted = new Map(target.map((f) => [f.code, f]));
  for (const [code, f] of held.counted) {
    const w = wanted.get(code);
    if (!w || w.type !== f.type) {
      held.session.removeFacility(code);
      held.counted.delete(code);
    }
  }
  for (const f of target) {
    const now = held.counted.get(f.code);
    if (!now) {
      held.session.addFacility({ code: f.code, type: f.type, lon: f.lon, lat: f.lat });
      held.counted.set(f.code, { type: f.type, lon: f.lon, lat: f.lat });
    } else if (now.lon !== f.lon || now.lat !== f.lat) {
      held.session.moveFacility(f.code, f.lon, f.lat);
      held.counted.set(f.code, { type: f.type, lon: f.lon, lat: f.lat });
    }
  }
}

function open(base: SessionSource, rule: CoverageRule, options: ComputeOptions): Held {
  // The session counts the baseline's facilities under (rule, options); the scenario's list is
  // then counted with the same options, so `excludedFacilityCodes`, `extraFacilities` and
  // `includePlanned` apply to both alike.
  const session = base.session(rule, options);
  buildCounts.deltaSessions++;
  return { session, counted: new Map(session.facilities().map((f) => [f.code, { type: f.type, lon: f.lon, lat: f.lat }])) };
}

function targetOf(rule: CoverageRule, options: ComputeOptions, facilities: readonly CoverageFacility[], fn: string): ActiveFacility[] {
  const reachByType = validateRule(rule, fn);
  validateComputeOptions(options, fn);
  return activeFacilities(facilities, reachByType, options, fn);
}

/** In walk mode the unsnapped facilities are listed in the facility list's order, as `compute` lists them. */
function inListOrder(result: CoverageResult, target: readonly ActiveFacility[]): CoverageResult {
  const walk = (result as CoverageResult & { walk?: { unsnappedFacilities: string[] } }).walk;
  if (!walk || walk.unsnappedFacilities.length < 2) return result;
  const unsnapped = new Set(walk.unsnappedFacilities);
  return { ...result, walk: { ...walk, unsnappedFacilities: target.filter((f) => unsnapped.has(f.code)).map((f) => f.code) } } as CoverageResult;
}

/**
 * Creates the delta of one scenario over a baseline engine (keep one per scenario and baseline
 * version; it serves every version of the scenario).
 *
 * @param {SessionSource} base the baseline engine (straight-line or walking)
 * @param {Object} [options={}] Optional parameters
 * @param {number} [options.maxSessions=8] sessions held at most (oldest dropped)
 */
export function createScenarioDelta(base: SessionSource, options: { maxSessions?: number } = {}): ScenarioDelta {
  const maxSessions = options.maxSessions ?? 8;
  if (!Number.isInteger(maxSessions) || maxSessions < 1) throw new Error('Invalid input to createScenarioDelta: options.maxSessions must be a positive integer');
  const sessions = new Map<string, Held>();
  return {
    compute(rule, computeOptions, facilities) {
      const target = targetOf(rule, computeOptions, facilities, 'scenarioDelta.compute');
      const { buildingFlags: _flags, ...keyed } = computeOptions;
      const key = JSON.stringify([rule, keyed]);
      let held = sessions.get(key);
      if (held) {
        sessions.delete(key); // most recently used last
      } else {
        if (sessions.size >= maxSessions) sessions.delete(sessions.keys().next().value!);
        held = open(base, rule, { ...keyed, buildingFlags: true });
      }
      sessions.set(key, held);
      bringTo(held, target);
      const result = inListOrder(held.session.result(), target);
      if (computeOptions.buildingFlags !== true) delete result.buildingCovered;
      return result;
    },
    session(rule, computeOptions, facilities) {
      const target = targetOf(rule, computeOptions, facilities, 'scenarioDelta.session');
      const held = open(base, rule, computeOptions);
      bringTo(held, target);
      return held.session;
    },
    get held() {
      return sessions.size;
    },
  };
}

/**
 * A scenario's coverage engine: the baseline engine's demand index, the scenario's facilities, and
 * `compute` answered by the scenario's delta (no engine built, no city recomputed).
 */
export function scenarioEngine(base: CoverageEngine, facilities: readonly CoverageFacility[], delta: ScenarioDelta): CoverageEngine {
  let own: CoverageEngine | undefined;
  const mine = () => (own ??= base.withFacilities(facilities));
  return {
    demandPoints: base.demandPoints,
    unassignedBuildings: base.unassignedBuildings,
    fallbackCommunities: base.fallbackCommunities,
    compute: (rule, options) => delta.compute(rule, options, facilities),
    session: (rule, options) => delta.session(rule, options, facilities),
    nearestDistances: (rule, options, communityCode) => mine().nearestDistances(rule, options, communityCode),
    withFacilities: (next) => base.withFacilities(next),
  };
}
