import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { Db } from '../db/connect.ts';
import {
  gapDistanceSummary,
  isOpenOn,
  rollUpPlan,
  rollUpPrepared,
  uncoveredArea,
  type CoverageResult,
  type CoverageRule,
  type CoverageSession,
  type CoveredCounts,
  type RollUpLevel,
  type RollUpPlan,
  type RollUpUnit,
} from '../domain/coverage/index.ts';
import { currentDataVersion, loadSnapshot, type CoverageSnapshot } from './coverage-snapshot.ts';
import { InputError } from './errors.ts';
import { todayIn } from '../domain/dates.ts';
import type { ScenarioOverlay } from './scenario-model.ts';
import { scenarioSnapshot } from './scenario-snapshot.ts';
import { createScenarioDelta, type ScenarioDelta } from '../domain/coverage/scenario-delta.ts';
import { WalkingEngines, type DistanceMode } from './walking.ts';
import { walkingUncoveredArea, type WalkingCoverageResult } from '../domain/network/index.ts';

export const LEVELS: readonly RollUpLevel[] = ['community', 'street', 'district', 'city'];

export interface CoverageRequest {
  /** Facility types, OR-combined. */
  types: string[];
  /** One reach for all types, or one per type; undefined = each type's catalogue reach. */
  reachMeters?: number[] | undefined;
  level: RollUpLevel;
  /** 'YYYY-MM-DD'. */
  asOf: string;
  /** Answer for this scenario instead of the baseline. */
  scenario?: ScenarioOverlay | undefined;
  /** straight (default): geodesic distance; walk: walking distance on the street network. */
  mode?: DistanceMode | undefined;
}

/** One unit of a coverage answer: the roll-up's unit (code, name, communities and the covered counts). */
export type CoverageUnitRow = RollUpUnit;

export interface CoverageReport {
  type: string;
  reach_m: number | number[];
  as_of: string;
  level: RollUpLevel;
  rule: Array<{ type: string; reach_m: number }>;
  totals: CoveredCounts;
  units: CoverageUnitRow[];
  /** Communities without buildings whose households were spread over their polygon. */
  fallback_communities: string[];
  data_version: string;
  /** Present when the report is for a scenario. */
  scenario?: { id: number; version: number };
  /** Present in walk mode: distances are walked on the street network; what could not be reached. */
  mode?: 'walk';
  walk?: { max_snap_m: number; unreachable_buildings: number; unreachable_households: number; unsnapped_facilities: string[] };
}

const RESULT_CACHE_SIZE = 64;
/** Reports kept (a province community-level report and its JSON text are a few MB each). */
const REPORT_CACHE_SIZE = 16;
const SESSION_CACHE_SIZE = 8;
const SCENARIO_SNAPSHOT_CACHE_SIZE = 4;
/** Scenarios whose delta (baseline sessions holding their changes) is kept. */
const SCENARIO_DELTAS = 16;

/** One change of a what-if: add a new facility, move or close an existing one. */
export type WhatIfChange =
  | { op: 'add'; code?: string | undefined; type: string; lon: number; lat: number }
  | { op: 'move'; code: string; lon: number; lat: number }
  | { op: 'close'; code: string };

export interface WhatIfReport {
  before: CoverageReport;
  after: CoverageReport;
  /** Communities whose coverage changed. */
  changed_communities: string[];
  elapsed_ms: number;
}

/**
 * Coverage over the database: keeps one in-memory snapshot (and engine) per data version, and caches
 * results per (data version, rule, date). Any write bumps the data version, which drops both.
 */
export class CoverageService {
  #snapshot: Promise<CoverageSnapshot> | undefined;
  #results = new Map<string, CoverageResult>();
  #sessions = new Map<string, CoverageSession>();
  #scenarioSnapshots = new Map<string, Promise<CoverageSnapshot>>();
  /** Per (data version, scenario id): the straight-line delta every version of the scenario is read from. */
  #deltas = new Map<string, ScenarioDelta>();

  #walking: WalkingEngines | undefined;
  /**
   * The last reports made from cached results, by (version, scenario, rule, date, mode, level, types),
   * each with the result it was made from: a repeated question costs the data-version read. Reports
   * are shared: callers read them and never change them.
   */
  #reports = new Map<string, { result: CoverageResult; report: CoverageReport }>();
  /** Roll-up plans per snapshot's communities (shared by a baseline and its scenarios) and level. */
  #plans = new WeakMap<CoverageSnapshot['communities'], Map<RollUpLevel, { snap: Pick<CoverageSnapshot, 'streets' | 'districts'>; plan: RollUpPlan }>>();

  constructor(private readonly db: Db) {}

  /** The current data version (one small read): the key of every cache and analysis ETag. */
  dataVersion(): Promise<string> {
    return currentDataVersion(this.db);
  }

  /**
   * The data changed (a NOTIFY from a write in any process, migration 0012): drops the engines and
   * results of older versions now rather than at the next request, which reads the version anyway.
   */
  dataChanged(version: string): void {
    const current = this.#snapshot;
    void current?.then((snap) => {
      if (this.#snapshot !== current || snap.version === version) return;
      this.#snapshot = undefined;
      this.#results.clear();
      this.#reports.clear();
      this.#sessions.clear();
      this.#deltas.clear();
      this.#scenarioSnapshots.clear();
    }, () => undefined);
  }

  /** A scenario was edited or deleted elsewhere: its snapshots of older versions go now. */
  scenarioChanged(id: number): void {
    for (const k of this.#scenarioSnapshots.keys()) if (k.includes(`|${id}@`)) this.#scenarioSnapshots.delete(k);
  }

  /** Walking engines (mode=walk), one per data version, shared with the reach-area and siting paths. */
  get walking(): WalkingEngines {
    return (this.#walking ??= new WalkingEngines(this.db));
  }

  /**
   * The snapshot of the current data version (rebuilt after any write); with a scenario, that
   * snapshot with the scenario's facilities and its own engine, cached per (data version, scenario
   * id, scenario version).
   */
  async snapshot(scenario?: ScenarioOverlay): Promise<CoverageSnapshot> {
    if (!scenario) return this.#baseline();
    const base = await this.#baseline();
    const key = `${base.version}|${scenario.key}`;
    let hit = this.#scenarioSnapshots.get(key);
    if (!hit) {
      for (const k of this.#scenarioSnapshots.keys()) if (!k.startsWith(`${base.version}|`)) this.#scenarioSnapshots.delete(k);
      if (this.#scenarioSnapshots.size >= SCENARIO_SNAPSHOT_CACHE_SIZE) this.#scenarioSnapshots.delete(this.#scenarioSnapshots.keys().next().value!);
      hit = Promise.resolve().then(() => scenarioSnapshot(base, scenario, this.#deltaOf(base, scenario.toJSON().id)));
      this.#scenarioSnapshots.set(key, hit);
      const loading = hit;
      loading.catch(() => this.#scenarioSnapshots.get(key) === loading && this.#scenarioSnapshots.delete(key));
    }
    return hit;
  }

  /** The scenario's delta over this baseline (kept across the scenario's versions, so an edit costs its changes). */
  #deltaOf(base: CoverageSnapshot, id: number): ScenarioDelta {
    const key = `${base.version}|${id}`;
    let delta = this.#deltas.get(key);
    if (delta) {
      this.#deltas.delete(key);
    } else {
      for (const k of this.#deltas.keys()) if (!k.startsWith(`${base.version}|`)) this.#deltas.delete(k);
      if (this.#deltas.size >= SCENARIO_DELTAS) this.#deltas.delete(this.#deltas.keys().next().value!);
      delta = createScenarioDelta(base.engine);
    }
    this.#deltas.set(key, delta);
    return delta;
  }

  async #baseline(): Promise<CoverageSnapshot> {
    const version = await currentDataVersion(this.db);
    const current = this.#snapshot;
    if (current) {
      const snap = await current.catch(() => undefined);
      if (snap && snap.version === version) return snap;
      if (this.#snapshot !== current) return this.#baseline(); // someone else is already reloading
    }
    this.#results.clear();
    this.#reports.clear();
    this.#sessions.clear();
    this.#deltas.clear();
    const loading = loadSnapshot(this.db);
    this.#snapshot = loading;
    loading.catch(() => {
      if (this.#snapshot === loading) this.#snapshot = undefined;
    });
    return loading;
  }

  /** Resolves and validates a rule against the catalogue. */
  resolveRule(snap: CoverageSnapshot, types: string[], reachMeters?: number[]): CoverageRule {
    if (types.length === 0) throw new InputError('type', 'at least one facility type is required');
    const unknown = types.filter((t) => !snap.types.has(t));
    if (unknown.length > 0) {
      throw new InputError('type', `unknown facility type ${unknown.map((t) => JSON.stringify(t)).join(', ')}; known types: ${[...snap.types.keys()].join(', ')}`);
    }
    if (new Set(types).size !== types.length) throw new InputError('type', 'a type is listed twice');
    if (reachMeters && reachMeters.length !== 1 && reachMeters.length !== types.length) {
      throw new InputError('reach_m', `give one reach for all types or one per type (${types.length}), got ${reachMeters.length}`);
    }
    const rule = types.map((type, i) => ({
      type,
      reachMeters: reachMeters ? (reachMeters.length === 1 ? reachMeters[0]! : reachMeters[i]!) : snap.types.get(type)!.reach_m,
    }));
    // Disclosure control: the public sees coverage at each type's catalogue reach only, so reach sweeps
    // cannot be differenced into single buildings' households. Signed-in users choose freely.
    const off = (reachMeters as { publicCaller?: boolean } | undefined)?.publicCaller ? rule.find((p) => p.reachMeters !== snap.types.get(p.type)!.reach_m) : undefined;
    if (off) {
      throw new InputError('reach_m', `the public sees each type's catalogue reach (${off.type}: ${snap.types.get(off.type)!.reach_m} m); other reaches (${off.reachMeters} m) need a signed-in planner`);
    }
    return rule;
  }

  async #compute(snap: CoverageSnapshot, rule: CoverageRule, asOf: string, mode: DistanceMode = 'straight'): Promise<CoverageResult> {
    const key = JSON.stringify([snap.version, snap.scenario ?? null, rule, asOf, mode]);
    let result = this.#results.get(key);
    if (!result) {
      result = (mode === 'walk' ? await this.walking.engineFor(snap) : snap.engine).compute(rule, { asOf });
      if (this.#results.size >= RESULT_CACHE_SIZE) this.#results.delete(this.#results.keys().next().value!);
      this.#results.set(key, result);
    }
    return result;
  }

  /**
   * Computes the community coverage of each of `types` the city has (today, straight line), for the
   * start-up warm-up: V8 optimises the kernel only after its first computations, which run 2–4×
   * slower (bench/province.ts), so a person's first answer should not be one of them. Gives the
   * reports (kept in the result cache like any other).
   */
  async warmUpCoverage(types: readonly string[], cancelled: () => boolean = () => false): Promise<CoverageReport[]> {
    const snap = await this.snapshot();
    if (snap.communities.length === 0) return [];
    const reports: CoverageReport[] = [];
    for (const type of types) {
      if (cancelled() || !snap.types.has(type)) continue;
      reports.push(await this.coverage({ types: [type], level: 'community', asOf: todayIn(), mode: 'straight' }));
    }
    return reports;
  }

  /** Coverage per unit of a level, with city totals. */
  async coverage(req: CoverageRequest): Promise<CoverageReport> {
    const snap = await this.snapshot(req.scenario);
    const rule = this.resolveRule(snap, req.types, req.reachMeters);
    return this.#report(snap, rule, req, await this.#compute(snap, rule, req.asOf, req.mode), true);
  }

  /**
   * Coverage before and after a few facility changes, without recomputing the city: a cached
   * incremental session applies the changes, reads the result, and undoes them in reverse order.
   */
  async whatIf(req: CoverageRequest, changes: WhatIfChange[]): Promise<WhatIfReport> {
    const started = process.hrtime.bigint();
    const snap = await this.snapshot(req.scenario);
    const rule = this.resolveRule(snap, req.types, req.reachMeters);
    const ruleTypes = new Set(rule.map((p) => p.type));
    const key = JSON.stringify([snap.version, snap.scenario ?? null, rule, req.asOf, req.mode ?? 'straight']);
    let session = this.#sessions.get(key);
    if (!session) {
      session = (req.mode === 'walk' ? await this.walking.engineFor(snap) : snap.engine).session(rule, { asOf: req.asOf });
      if (this.#sessions.size >= SESSION_CACHE_SIZE) this.#sessions.delete(this.#sessions.keys().next().value!);
      this.#sessions.set(key, session);
    }
    const before = session.result();
    const counted = new Map(session.facilities().map((f) => [f.code, f]));
    const undo: Array<() => void> = [];
    const changed = new Set<string>();
    try {
      changes.forEach((change, i) => {
        const field = `changes[${i}]`;
        if (change.op === 'add') {
          if (!ruleTypes.has(change.type)) throw new InputError(`${field}.type`, `must be one of the rule's types (${[...ruleTypes].join(', ')}), got ${JSON.stringify(change.type)}`);
          const code = change.code ?? `what-if-${i + 1}`;
          if (counted.has(code) || snap.facilities.some((f) => f.code === code)) throw new InputError(`${field}.code`, `facility ${JSON.stringify(code)} already exists`);
          session!.addFacility({ code, type: change.type, lon: change.lon, lat: change.lat }).communitiesChanged.forEach((c) => changed.add(c));
          counted.set(code, { code, type: change.type, lon: change.lon, lat: change.lat });
          undo.push(() => { session!.removeFacility(code); counted.delete(code); });
        } else {
          const existing = counted.get(change.code);
          if (!existing) throw new InputError(`${field}.code`, `no facility ${JSON.stringify(change.code)} of the rule's types is open on ${req.asOf}`);
          if (change.op === 'move') {
            session!.moveFacility(change.code, change.lon, change.lat).communitiesChanged.forEach((c) => changed.add(c));
            counted.set(change.code, { ...existing, lon: change.lon, lat: change.lat });
            undo.push(() => { session!.moveFacility(existing.code, existing.lon, existing.lat); counted.set(existing.code, existing); });
          } else {
            session!.removeFacility(change.code).communitiesChanged.forEach((c) => changed.add(c));
            counted.delete(change.code);
            undo.push(() => { session!.addFacility(existing); counted.set(existing.code, existing); });
          }
        }
      });
      const after = session.result();
      return {
        before: this.#report(snap, rule, req, before),
        after: this.#report(snap, rule, req, after),
        changed_communities: [...changed].sort(),
        elapsed_ms: Number(process.hrtime.bigint() - started) / 1e6,
      };
    } finally {
      for (const u of undo.reverse()) u();
    }
  }

  /** The roll-up plan of a snapshot's communities at a level, made once and shared by its scenarios. */
  #planOf(snap: CoverageSnapshot, level: RollUpLevel): RollUpPlan {
    let byLevel = this.#plans.get(snap.communities);
    if (!byLevel) this.#plans.set(snap.communities, (byLevel = new Map()));
    const hit = byLevel.get(level);
    if (hit && hit.snap.streets === snap.streets && hit.snap.districts === snap.districts) return hit.plan;
    const plan = rollUpPlan(snap.communities, level, {
      units: { streets: snap.streets, districts: snap.districts, city: { code: 'city', name: 'city' } },
    });
    byLevel.set(level, { snap: { streets: snap.streets, districts: snap.districts }, plan });
    return plan;
  }

  /** The report of a result; with `keep` (a cached result), kept for the next identical question. */
  #report(snap: CoverageSnapshot, rule: CoverageRule, req: CoverageRequest, result: CoverageResult, keep = false): CoverageReport {
    const key = keep ? JSON.stringify([snap.version, snap.scenario ?? null, rule, req.asOf, req.mode ?? 'straight', req.level, req.types]) : '';
    const hit = keep ? this.#reports.get(key) : undefined;
    if (hit && hit.result === result) {
      this.#reports.delete(key); // most recently asked last
      this.#reports.set(key, hit);
      return hit.report;
    }
    // The plan's units carry the report's members, in its order (code, name, the counts, communities).
    const rolled = rollUpPrepared(this.#planOf(snap, req.level), result.perCommunity);
    const reaches = rule.map((p) => p.reachMeters);
    const t = rolled.totals;
    const report: CoverageReport = {
      type: req.types.join(','),
      reach_m: reaches.length === 1 ? reaches[0]! : reaches,
      as_of: req.asOf,
      level: req.level,
      rule: rule.map((p) => ({ type: p.type, reach_m: p.reachMeters })),
      totals: {
        households: t.households, households_covered: t.households_covered, rate: t.rate, population: t.population,
        population_covered: t.population_covered, elderly: t.elderly, elderly_covered: t.elderly_covered,
      } satisfies CoveredCounts,
      units: rolled.units,
      fallback_communities: result.fallbackCommunities,
      data_version: snap.version,
      ...(snap.scenario ? { scenario: snap.scenario } : {}),
      ...('walk' in result ? walkFields(result as WalkingCoverageResult) : {}),
    };
    if (keep) {
      this.#reports.delete(key);
      if (this.#reports.size >= REPORT_CACHE_SIZE) this.#reports.delete(this.#reports.keys().next().value!);
      this.#reports.set(key, { result, report });
    }
    return report;
  }

  /** Communities inside a unit (a community, street or district code; 'city' = all). */
  communitiesOf(snap: CoverageSnapshot, unit: string): CoverageSnapshot['communities'] {
    if (unit === 'city') return snap.communities;
    const byCode = snap.communities.filter((c) => c.code === unit || c.street_code === unit || c.district_code === unit);
    if (byCode.length === 0) throw new InputError('unit', `no community, street or district has code ${JSON.stringify(unit)}`, 'not_found');
    return byCode;
  }

  /**
   * Gaps of one unit: per community, the uncovered part of its polygon (community minus the reach
   * circles) and the uncovered buildings with their distance to the nearest facility.
   */
  async gaps(req: Omit<CoverageRequest, 'level'> & { unit: string }): Promise<FeatureCollection> {
    const snap = await this.snapshot(req.scenario);
    const rule = this.resolveRule(snap, req.types, req.reachMeters);
    const communities = this.communitiesOf(snap, req.unit);
    const result = await this.#compute(snap, rule, req.asOf, req.mode);
    const byCode = new Map(result.perCommunity.map((r) => [r.code, r]));
    const counted = this.#countedFacilities(snap, rule, req.asOf);
    const walkEngine = req.mode === 'walk' ? await this.walking.engineFor(snap) : undefined;
    const features: Feature[] = [];
    for (const community of communities) {
      const row = byCode.get(community.code)!;
      if (row.households_covered >= row.households && row.households > 0) continue;
      const nearest = (walkEngine ?? snap.engine).nearestDistances(rule, { asOf: req.asOf }, community.code);
      const summary = gapDistanceSummary(nearest.points);
      let area: Feature<Polygon | MultiPolygon, { area_m2: number }> | null = {
        type: 'Feature', geometry: community.geometry, properties: { area_m2: 0 },
      };
      if (walkEngine) {
        const reachOf = new Map(rule.map((p) => [p.type, p.reachMeters]));
        const walkers = [...counted].flatMap(([type, list]) => list.map(([lon, lat]) => [lon, lat, reachOf.get(type)!] as const));
        area = walkingUncoveredArea(walkEngine.walking, area, walkers, { maxSnapM: walkEngine.maxSnapM });
      }
      for (const part of walkEngine ? [] : rule) {
        if (!area) break;
        area = uncoveredArea(area, counted.get(part.type) ?? [], part.reachMeters);
      }
      if (area) {
        features.push({
          type: 'Feature',
          id: `${community.code}:area`,
          geometry: area.geometry,
          properties: {
            kind: 'uncovered_area', community_code: community.code, community_name: community.name,
            area_m2: area.properties.area_m2, households: row.households, households_uncovered: row.households - row.households_covered,
            fallback: row.fallback, nearest_median_m: summary.medianMeters, nearest_p90_m: summary.p90Meters,
          },
        });
      }
      for (const p of nearest.points) {
        if (p.kind !== 'building') continue;
        features.push({
          type: 'Feature',
          id: p.code!,
          geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
          properties: {
            kind: 'uncovered_building', code: p.code, community_code: community.code, households: p.households,
            nearest_facility: p.facilityCode, nearest_distance_m: p.distanceMeters,
            ...(walkEngine ? { snap_m: walkEngine.buildingSnap(p.code!)?.snapM ?? null } : {}),
          },
        });
      }
    }
    return {
      type: 'FeatureCollection',
      features,
      // Foreign members (RFC 7946 §6.1) describing the request.
      ...({ unit: req.unit, as_of: req.asOf, rule: rule.map((p) => ({ type: p.type, reach_m: p.reachMeters })), data_version: snap.version, ...(snap.scenario ? { scenario: snap.scenario } : {}), ...(walkEngine ? walkFields(result as WalkingCoverageResult) : {}) } as object),
    } as FeatureCollection;
  }

  #countedFacilities(snap: CoverageSnapshot, rule: CoverageRule, asOf: string): Map<string, Array<[number, number]>> {
    const wanted = new Set(rule.map((p) => p.type));
    const out = new Map<string, Array<[number, number]>>();
    for (const f of snap.facilities) {
      if (!wanted.has(f.type)) continue;
      if (!isOpenOn(f, asOf)) continue;
      let list = out.get(f.type);
      if (!list) out.set(f.type, (list = []));
      list.push([f.lon, f.lat]);
    }
    return out;
  }
}

/** The walk-mode members of a report: `mode` and what the walk could not reach. */
function walkFields(result: WalkingCoverageResult): Pick<CoverageReport, 'mode' | 'walk'> {
  const w = result.walk;
  return {
    mode: 'walk',
    walk: { max_snap_m: w.maxSnapM, unreachable_buildings: w.unreachableBuildings, unreachable_households: w.unreachableHouseholds, unsnapped_facilities: w.unsnappedFacilities },
  };
}
