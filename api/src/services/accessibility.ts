import type { Db } from '../db/connect.ts';
import { runQuery } from '../db/sql-files.ts';
import {
  compareWithRatioTarget,
  createAccessibilityEngine,
  decayZones,
  E2SFCA_DEFAULT_ZONES,
  rollUpSums,
  STEP_ZONES,
  type AccessibilityEngine,
  type AccessibilityTotals,
  type AccessibilityFacility,
  type DecayZone,
  type CommunityCapacitated,
  type DemandMeasure,
  type DemandPointsMode,
  type FacilityChanges,
  type RatioTarget,
  type SupplyMeasure,
} from '../domain/accessibility/index.ts';
import type { CoverageRule, RollUpLevel } from '../domain/coverage/index.ts';
import type { AccessibilityMethod } from './accessibility-params.ts';
import type { CoverageSnapshot } from './coverage-snapshot.ts';
import type { CoverageService } from './coverage.ts';
import { InputError } from './errors.ts';
import type { ScenarioOverlay } from './scenario-model.ts';
import { walkingCatchmentPairs } from '../domain/network/index.ts';
import type { DistanceMode } from './walking.ts';
import { readDataVersion } from '../db/repositories/data-version.ts';

/** What both accessibility reports take. */
export interface AccessibilityBaseRequest {
  /** Facility types whose supply is pooled. */
  types: string[];
  /** One reach for all types, or one per type; undefined = each type's catalogue reach. */
  reachMeters?: number[] | undefined;
  supply: SupplyMeasure;
  demand: DemandMeasure;
  level: RollUpLevel;
  /** 'straight' (geodesic) or 'walk' (walking distance on the street network). */
  mode: DistanceMode;
  asOf: string;
  demandPoints: DemandPointsMode;
  /** Answer for this scenario instead of the baseline. */
  scenario?: ScenarioOverlay | undefined;
}

/** `GET /api/accessibility`. */
export interface AccessibilityRequest extends AccessibilityBaseRequest {
  method: AccessibilityMethod;
  /** E2SFCA zone weights, nearest first (default 1, 0.68, 0.22). */
  weights?: number[] | undefined;
  /** E2SFCA zone upper bounds as fractions of the reach (default equal widths). */
  zones?: number[] | undefined;
  /** Plan target: at least `value` supply per `per` demand. */
  target?: RatioTarget | undefined;
}

/** `GET /api/accessibility/capacitated`: the target sets each facility's capacity (supply × per / value). */
export interface CapacitatedRequest extends AccessibilityBaseRequest {
  target: { value: number; per: number };
}

export interface AccessibilityUnitRow {
  code: string;
  name: string;
  communities: number;
  demand: number;
  /** Supply reachable by the unit's demand: Σ demand × 2SFCA accessibility over its demand points. */
  supply_reachable: number;
  /** supply_reachable / demand (supply per unit of demand); null when demand is 0. */
  ratio: number | null;
  /** With a target: ratio × per, whether it meets the target, and the supply lacking. */
  ratio_per?: number | null;
  meets_target?: boolean | null;
  supply_gap?: number | null;
}

/** What both reports echo of their request: the parameters and the reach rule they were computed with. */
interface ReportParameters {
  type: string;
  supply: SupplyMeasure;
  demand: DemandMeasure;
  mode: DistanceMode;
  level: RollUpLevel;
  as_of: string;
  demand_points: DemandPointsMode;
  reach_m: number | number[];
  rule: Array<{ type: string; reach_m: number }>;
}

export interface AccessibilityReport extends ReportParameters {
  method: AccessibilityMethod;
  /** Distance-decay zones (2SFCA: one zone of weight 1 up to the reach). */
  zones: Array<{ up_to_fraction: number; weight: number }>;
  target: { value: number; per: number } | null;
  totals: AccessibilityTotals & {
    ratio_per?: number | null;
    meets_target?: boolean | null;
    units_meeting_target?: number;
  };
  units: AccessibilityUnitRow[];
  fallback_communities: string[];
  data_version: string;
  scenario?: { id: number; version: number };
}

/** A unit's capacitated coverage: its communities' households and demand, split three ways. */
export interface CapacitatedUnitRow extends CommunityCapacitated {
  name: string;
  communities: number;
}

export interface CapacitatedReport extends ReportParameters {
  target: { value: number; per: number };
  /** Demand one unit of supply serves (per / target). */
  demand_per_supply: number;
  allocation: string;
  totals: Omit<CapacitatedUnitRow, 'code' | 'name' | 'communities'> & {
    capacity: number;
    capacity_used: number;
    facilities: number;
    facilities_full: number;
    facilities_without_supply: number;
  };
  units: CapacitatedUnitRow[];
  fallback_communities: string[];
  data_version: string;
  scenario?: { id: number; version: number };
}

const CAPACITATED_FIELDS = [
  'households', 'households_within_capacity', 'households_over_capacity', 'households_not_covered',
  'demand', 'demand_within_capacity', 'demand_over_capacity', 'demand_not_covered',
] as const;
const RESULT_CACHE_SIZE = 32;

/**
 * The 2SFCA answers the map asks for (its capacity profiles, map-client/src/access-profiles.ts):
 * what {@link AccessibilityService.warmUp} finds the catchments of ahead of the first request.
 */
export const WARM_UP_PROFILES: ReadonlyArray<{ types: readonly string[]; supply: SupplyMeasure }> = [
  { types: ['health_center', 'health_station'], supply: 'gp_count' },
  { types: ['elderly_home', 'elderly_daycare'], supply: 'beds' },
];
/** Facilities whose catchments one warm-up step finds before it yields to other work. */
const WARM_UP_BATCH = 4;

interface Loaded {
  snap: CoverageSnapshot;
  engine: AccessibilityEngine;
  /** The same input on walking distances (mode=walk), built on first use. */
  walk?: Promise<AccessibilityEngine>;
  /** The baseline's: its input, and its facilities by code (made on a scenario's first use). */
  input?: Parameters<typeof createAccessibilityEngine>[0];
  byCode?: Map<string, AccessibilityFacility>;
  /** A scenario's: the baseline it is read over, and its changes to the baseline's facilities. */
  base?: Loaded;
  changes?: FacilityChanges;
}

/**
 * A scenario's changes to the baseline's facility list, with their capacity columns: a closed one is
 * taken out; a moved one is taken out and put back at its new point with its own columns (those the
 * baseline read); an added one is put in as `POST /api/collections/facilities/items` would store it
 * (status open, no dates) with the columns the scenario gives. The same list as applying the
 * overlay to the baseline's facilities, without copying the unchanged ones. The coverage snapshot
 * of the scenario (read first) has refused an overlay that no longer applies. @private
 */
function changesOf(base: Loaded, scenario: ScenarioOverlay): FacilityChanges {
  const byCode = (base.byCode ??= new Map(base.input!.facilities.map((f) => [f.code, f])));
  const remove = [...scenario.closed, ...scenario.moved.keys()];
  const add: AccessibilityFacility[] = [];
  for (const [code, m] of scenario.moved) add.push({ ...byCode.get(code)!, lon: m.lon, lat: m.lat });
  for (const a of scenario.added) {
    add.push({ code: a.code, type: a.type, status: a.status, opened_on: a.opened_on, closed_on: a.closed_on, lon: a.lon, lat: a.lat, gp_count: a.gp_count, beds: a.beds, floor_area_m2: a.floor_area_m2 });
  }
  return { remove, add };
}

/** A scenario over a loaded baseline: the baseline engine with the scenario's changes (`withChanges`). @private */
function overBaseline(base: Loaded, snap: CoverageSnapshot, scenario: ScenarioOverlay): Loaded {
  const changes = changesOf(base, scenario);
  return { snap, engine: base.engine.withChanges(changes), base, changes };
}

/**
 * Capacity-aware accessibility over the database: builds one accessibility engine per data version
 * on the coverage service's snapshot (plus the facilities' capacity columns, read at the same
 * version), and caches reports per (data version, request).
 */
export class AccessibilityService {
  #loaded: Promise<Loaded> | undefined;
  #scenarioLoaded = new Map<string, Promise<Loaded>>();
  #reports = new Map<string, AccessibilityReport | CapacitatedReport>();

  constructor(
    private readonly db: Db,
    private readonly coverage: CoverageService,
  ) {}

  /** The engine of the current data version (rebuilt after any write); with a scenario, one per (version, scenario). */
  async engine(scenario?: ScenarioOverlay): Promise<Loaded> {
    if (scenario) return this.#scenarioEngine(scenario);
    const snap = await this.coverage.snapshot();
    const current = this.#loaded;
    if (current) {
      const loaded = await current.catch(() => undefined);
      if (loaded && loaded.snap.version === snap.version) return loaded;
      if (this.#loaded !== current) return this.engine(); // someone else is already rebuilding
    }
    this.#reports.clear();
    const loading = this.#build(snap);
    this.#loaded = loading;
    loading.catch(() => {
      if (this.#loaded === loading) this.#loaded = undefined;
    });
    return loading;
  }

  /** The engine for a request's distance mode: the walking one catches on walking distances. */
  async #engineFor(req: { scenario?: ScenarioOverlay | undefined; mode: DistanceMode }): Promise<{ snap: CoverageSnapshot; engine: AccessibilityEngine }> {
    const loaded = await this.engine(req.scenario);
    if (req.mode !== 'walk') return loaded;
    return { snap: loaded.snap, engine: await this.#walkOf(loaded) };
  }

  /** The walking accessibility engine of a loaded version: built once for the baseline, a scenario's is the baseline's over its facilities. */
  #walkOf(loaded: Loaded): Promise<AccessibilityEngine> {
    if (!loaded.walk) {
      const base = loaded.base;
      const building = base
        ? this.#walkOf(base).then((e) => e.withChanges(loaded.changes!))
        : this.coverage.walking.engineFor(loaded.snap).then((w) =>
          createAccessibilityEngine(loaded.input!, { pairs: walkingCatchmentPairs(w.walking, { maxSnapM: w.maxSnapM }) }));
      loaded.walk = building;
      building.catch(() => {
        if (loaded.walk === building) delete loaded.walk;
      });
    }
    return loaded.walk;
  }

  /**
   * A scenario's engine: the baseline engine of the same data version with the scenario's changes
   * (`withChanges`: no demand points rebuilt, the unchanged facilities neither copied nor sorted,
   * catchment pairs found only for the facilities the scenario adds or moves, the others' remembered
   * from the baseline and the scenario's earlier versions), cached per (data version, scenario id,
   * scenario version).
   */
  async #scenarioEngine(scenario: ScenarioOverlay): Promise<Loaded> {
    for (let attempt = 0; ; attempt++) {
      const base = await this.engine();
      const snap = await this.coverage.snapshot(scenario);
      if (snap.version !== base.snap.version && attempt < 3) continue; // a write fell between: both again
      const key = `${snap.version}|${scenario.key}`;
      let hit = this.#scenarioLoaded.get(key);
      if (!hit) {
        for (const k of this.#scenarioLoaded.keys()) if (!k.startsWith(`${snap.version}|`)) this.#scenarioLoaded.delete(k);
        if (this.#scenarioLoaded.size >= 4) this.#scenarioLoaded.delete(this.#scenarioLoaded.keys().next().value!);
        hit = Promise.resolve(overBaseline(base, snap, scenario));
        this.#scenarioLoaded.set(key, hit);
      }
      return hit;
    }
  }

  async #build(first: CoverageSnapshot): Promise<Loaded> {
    let snap = first;
    // The capacity columns are read at the snapshot's data version; after a concurrent write, take the new snapshot.
    for (let attempt = 0; ; attempt++) {
      const { version, rows } = await this.db.sql.begin('ISOLATION LEVEL REPEATABLE READ READ ONLY', async (tx) => {
        const v = await readDataVersion(tx);
        const rows = await runQuery<{ code: string; gp_count: number | null; beds: number | null; floor_area_m2: number | null }>(tx, 'snapshot_facility_capacity');
        return { version: v ?? '0', rows };
      });
      if (version !== snap.version && attempt < 3) {
        snap = await this.coverage.snapshot();
        continue;
      }
      const capacity = new Map(rows.map((r) => [r.code, r]));
      const facilities: AccessibilityFacility[] = snap.facilities.map((f) => {
        const c = capacity.get(f.code);
        return { ...f, gp_count: c?.gp_count ?? null, beds: c?.beds ?? null, floor_area_m2: c?.floor_area_m2 ?? null };
      });
      const input = { communities: snap.communities, buildings: snap.buildings, facilities };
      return { snap, engine: createAccessibilityEngine(input), input };
    }
  }

  /**
   * 2SFCA / E2SFCA per unit of a level, rolled up demand-weighted (a unit's ratio is Σ supply
   * reachable / Σ demand of its communities), with the target comparison when a target is given.
   * Plan rules of kind `ratio` call this (or {@link ratioByUnit}) with the plan's target.
   */
  async accessibility(req: AccessibilityRequest): Promise<AccessibilityReport> {
    const { snap, engine } = await this.#engineFor(req);
    const rule = this.coverage.resolveRule(snap, req.types, req.reachMeters);
    const zones = zonesOf(req);
    const key = JSON.stringify(['2sfca', snap.version, rule, zones, req]);
    const cached = this.#reports.get(key);
    if (cached) return cached as AccessibilityReport;

    const result = engine.twoStep({ rule, supply: req.supply, demand: req.demand, asOf: req.asOf, demandPoints: req.demandPoints, zones });
    const rolled = rollUpSums(result.perCommunity, snap.communities, req.level, ['demand', 'supply_reachable'], { units: unitNames(snap) });
    let units: AccessibilityUnitRow[] = rolled.units.map((u) => ({
      code: u.code, name: u.name, communities: u.communities, demand: u.demand, supply_reachable: u.supply_reachable,
      ratio: u.demand > 0 ? u.supply_reachable / u.demand : null,
    }));
    const totals: AccessibilityReport['totals'] = { ...result.totals };
    if (req.target) {
      units = compareWithRatioTarget(units, req.target);
      const [city] = compareWithRatioTarget([{ demand: totals.demand, ratio: totals.ratio }], req.target);
      totals.ratio_per = city!.ratio_per;
      totals.meets_target = city!.meets_target;
      totals.units_meeting_target = units.filter((u) => u.meets_target === true).length;
    }
    const report: AccessibilityReport = {
      type: req.types.join(','),
      supply: req.supply,
      demand: req.demand,
      method: req.method,
      mode: req.mode,
      level: req.level,
      as_of: req.asOf,
      demand_points: req.demandPoints,
      ...ruleFields(rule),
      zones: result.zones.map((z) => ({ up_to_fraction: z.upToFraction, weight: z.weight })),
      target: req.target ? { value: req.target.value, per: req.target.per ?? 1 } : null,
      totals,
      units,
      fallback_communities: result.fallbackCommunities,
      data_version: snap.version,
      ...(snap.scenario ? { scenario: snap.scenario } : {}),
    };
    this.#remember(key, report);
    return report;
  }

  /**
   * The 2SFCA figure per unit code, for plan rules of kind `ratio` (e.g. Zibo's "2 GPs per 10 000
   * residents": supply gp_count, demand population, target { value: 2, per: 10000 }).
   */
  async ratioByUnit(req: AccessibilityRequest): Promise<Map<string, AccessibilityUnitRow>> {
    const report = await this.accessibility(req);
    return new Map(report.units.map((u) => [u.code, u]));
  }

  /**
   * Capacitated coverage per unit: households (and demand) within reach and within capacity,
   * within reach but over capacity, and not within reach, allocating nearest first until full.
   */
  async capacitated(req: CapacitatedRequest): Promise<CapacitatedReport> {
    if (!(req.target.value > 0)) throw new InputError('target', `must be > 0 to give facilities a capacity, got ${req.target.value}`);
    const { snap, engine } = await this.#engineFor(req);
    const rule = this.coverage.resolveRule(snap, req.types, req.reachMeters);
    const key = JSON.stringify(['capacitated', snap.version, rule, req]);
    const cached = this.#reports.get(key);
    if (cached) return cached as CapacitatedReport;

    const demandPerSupply = req.target.per / req.target.value;
    const result = engine.capacitated({ rule, supply: req.supply, demand: req.demand, asOf: req.asOf, demandPoints: req.demandPoints, demandPerSupply });
    const rolled = rollUpSums(result.perCommunity, snap.communities, req.level, CAPACITATED_FIELDS, { units: unitNames(snap) });
    const report: CapacitatedReport = {
      type: req.types.join(','),
      supply: req.supply,
      demand: req.demand,
      mode: req.mode,
      level: req.level,
      as_of: req.asOf,
      demand_points: req.demandPoints,
      ...ruleFields(rule),
      target: { value: req.target.value, per: req.target.per },
      demand_per_supply: demandPerSupply,
      allocation: result.allocation,
      totals: result.totals,
      units: rolled.units.map((u) => ({ ...u })),
      fallback_communities: result.fallbackCommunities,
      data_version: snap.version,
      ...(snap.scenario ? { scenario: snap.scenario } : {}),
    };
    this.#remember(key, report);
    return report;
  }

  /**
   * Finds the baseline's catchments (2SFCA, each type's catalogue reach, the facilities open today) of
   * {@link WARM_UP_PROFILES} in the background, a few facilities per step with the event loop free
   * between steps, so the first 2SFCA on walking distances (10–31 s of catchments on the
   * 3 300-community city) finds them remembered (#16). Bounded: those profiles' facilities once
   * each (and the pair memory's own cap); stops at the next step once `cancelled()` is true.
   * Types the catalogue lacks are skipped. Resolves with the facilities it found catchments for.
   */
  async warmUp(options: { mode?: DistanceMode; cancelled?: () => boolean; asOf?: string } = {}): Promise<number> {
    const cancelled = options.cancelled ?? (() => false);
    const mode = options.mode ?? 'straight';
    const asOf = options.asOf ?? new Date().toISOString().slice(0, 10);
    let found = 0;
    for (const profile of WARM_UP_PROFILES) {
      if (cancelled()) return found;
      const { snap, engine } = await this.#engineFor({ mode });
      const types = profile.types.filter((t) => snap.types.has(t));
      if (types.length === 0) continue;
      const o = { rule: this.coverage.resolveRule(snap, types), supply: profile.supply, demand: 'population' as const, asOf };
      let missing = engine.warmPairs(o, 0);
      // Each step finds WARM_UP_BATCH or fewer; the bound guards against a memory that starts afresh under us.
      for (let steps = Math.ceil(missing / WARM_UP_BATCH) + 1; missing > 0 && steps > 0; steps--) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (cancelled()) return found;
        const left = engine.warmPairs(o, WARM_UP_BATCH);
        found += Math.min(missing, WARM_UP_BATCH);
        missing = left;
      }
    }
    return found;
  }

  #remember(key: string, report: AccessibilityReport | CapacitatedReport): void {
    if (this.#reports.size >= RESULT_CACHE_SIZE) this.#reports.delete(this.#reports.keys().next().value!);
    this.#reports.set(key, report);
  }
}

/** The decay zones of a request (2SFCA: one step; E2SFCA: the given or default zones). @private */
function zonesOf(req: AccessibilityRequest): DecayZone[] {
  if (req.method === '2sfca') {
    if (req.weights !== undefined) throw new InputError('weights', 'applies only with method=e2sfca');
    if (req.zones !== undefined) throw new InputError('zones', 'applies only with method=e2sfca');
    return STEP_ZONES.map((z) => ({ ...z }));
  }
  if (req.weights === undefined) {
    if (req.zones !== undefined) throw new InputError('weights', 'is required with zones (one weight per zone)');
    return E2SFCA_DEFAULT_ZONES.map((z) => ({ ...z }));
  }
  try {
    return decayZones(req.weights, req.zones ? { upToFractions: req.zones } : {});
  } catch (err) {
    const message = (err as Error).message.replace(/^Invalid input to decayZones: /, '');
    throw new InputError(req.zones ? 'zones' : 'weights', message);
  }
}

/** reach_m and rule of a report. @private */
function ruleFields(rule: CoverageRule): { reach_m: number | number[]; rule: Array<{ type: string; reach_m: number }> } {
  const reaches = rule.map((p) => p.reachMeters);
  return { reach_m: reaches.length === 1 ? reaches[0]! : reaches, rule: rule.map((p) => ({ type: p.type, reach_m: p.reachMeters })) };
}

/** Street, district and city names for roll-ups. @private */
function unitNames(snap: CoverageSnapshot) {
  return { streets: snap.streets, districts: snap.districts, city: { code: 'city', name: 'city' } };
}
