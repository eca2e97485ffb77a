import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MultiPolygon, Polygon } from 'geojson';
import { z } from 'zod';
import type { Db } from '../db/connect.ts';
import {
  TARGET_STATUSES,
  evaluatePlan,
  parseProfile,
  targetFacilityTypes,
  unknownTypeIssues,
  type CommunityRates,
  type CommunityCatchment,
  type CommunityReach,
  type LocationWarning,
  type PlanEvaluation,
  type PlanProfile,
  type ProfileIssue,
  type ReportedFigure,
  type TargetLevel,
  type TargetResult,
  type TargetStatus,
} from '../domain/plans/index.ts';
import type { CoverageService } from './coverage.ts';
import type { DistanceMode } from './walking.ts';
import { AccessibilityService } from './accessibility.ts';
import type { SupplyMeasure } from '../domain/accessibility/model.ts';
import { isIsoDate } from '../domain/dates.ts';
import { InputError } from './errors.ts';
import { loadCommunityShapes, loadPlanCity, type PlanCitySnapshot, type PlanFacilityRow } from './plans-data.ts';
import type { ScenarioOverlay } from './scenario-model.ts';
import { planCityWarnings, scenarioPlanCity } from './scenario-plan-city.ts';
import { createHash } from 'node:crypto';
import { readDataVersion } from '../db/repositories/data-version.ts';
import { getAppState } from '../db/repositories/app-state.ts';
import { listFacilityTypeCodes } from '../db/repositories/facility-types.ts';
import {
  findPlanProfile,
  insertPlanProfile,
  insertReportedFigure,
  listPlanProfiles,
  listReportedFigures,
  upsertBuiltinPlans,
  upsertPlanProfile,
  type PlanProfileRow,
  type ReportedFigureInput,
} from '../db/repositories/plans.ts';
import { unitsAt } from '../domain/plans/index.ts';
import { parse as parseCsv } from 'csv-parse/sync';

export const BUILTIN_PLANS_DIR = fileURLToPath(new URL('../../../seeds/plans/', import.meta.url));

/** A profile that failed validation: every issue with its exact path (`targets[3].threshold`). */
export class PlanValidationError extends InputError {
  override name = 'PlanValidationError';
  constructor(readonly issues: ProfileIssue[]) {
    super(issues[0]?.path ?? 'body', `${issues[0]?.message ?? 'invalid profile'}${issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length > 2 ? 's' : ''})` : ''}`, 'invalid_parameter', { issues });
  }
}

/** One row of `GET /api/plans`. */
export interface PlanSummary {
  id: string;
  name: PlanProfile['name'];
  authority: PlanProfile['authority'];
  period: PlanProfile['period'];
  targets: number;
  reported_targets: number;
  builtin: boolean;
  modified: boolean;
  revision: number;
  updated_at: string;
}

export type StoredPlan = PlanProfileRow;

export interface EvaluateOptions {
  /** 'YYYY-MM-DD' */
  asOf: string;
  /** Only targets of this level. */
  level?: TargetLevel | undefined;
  /** Evaluate every coverage target with this method instead of the profile's. */
  method?: 'reach' | 'unit' | undefined;
  /** Evaluate the city with this scenario's facilities instead of the baseline. */
  scenario?: ScenarioOverlay | undefined;
  /** Distances of reach targets and catchments: straight (default, geodesic) or walk (street network). */
  mode?: DistanceMode | undefined;
}

/** `GET /api/plans/{id}/evaluation` (JSON). */
export interface PlanEvaluationReport {
  plan: { id: string; name: PlanProfile['name']; authority: PlanProfile['authority']; period: PlanProfile['period']; document: PlanProfile['document']; builtin: boolean; modified: boolean; revision: number };
  as_of: string;
  level: TargetLevel | null;
  method: 'reach' | 'unit' | null;
  summary: Record<TargetStatus, number> & { targets: number };
  targets: TargetResult[];
  warnings: LocationWarning[];
  data_version: string;
  /** Present when evaluated for a scenario. */
  scenario?: { id: number; version: number };
  /** Present when reach targets and catchments were evaluated on walking distances. */
  mode?: 'walk';
}

/** The evaluation with what the HTML report draws besides the JSON. */
export interface PlanEvaluationBundle {
  report: PlanEvaluationReport;
  profile: PlanProfile;
  communityRates: Map<string, CommunityRates>;
  city: PlanCitySnapshot;
}

export interface PlanSeriesReport {
  plan: PlanEvaluationReport['plan'];
  dates: string[];
  level: TargetLevel | null;
  method: 'reach' | 'unit' | null;
  targets: Array<{
    id: string;
    kind: TargetResult['kind'];
    level: TargetLevel;
    text: TargetResult['text'];
    computed: boolean;
    unit: string;
    unit_zh: string;
    comparator: '>=' | '<=';
    /** The plan's start figure when it is in the target's own measure; the series starts with it. */
    baseline: { id: string; as_of: string; value: number; figure: string } | null;
    /** The first point is the baseline when `baseline` is set (`baseline: true`). */
    series: Array<{ as_of: string; value: number | null; threshold: number; deadline: string | null; status: TargetStatus; baseline?: true }>;
  }>;
  data_version: string;
}

/** The body of `POST /api/plans/{id}/reported/{target_id}` (and each row of the CSV import). */
export const reportedBodySchema = z
  .object({
    value: z.number().finite(),
    /** The date the figure refers to. */
    date: z.string().refine(isIsoDate, 'expected a date YYYY-MM-DD'),
    source: z.string().trim().min(1, 'must not be empty').max(500),
    author: z.string().trim().min(1, 'must not be empty').max(200),
    measure: z.string().max(64).optional(),
    /** The street, district or community the figure is for (targets whose level is below the city). */
    unit: z.string().trim().max(64).optional(),
    note: z.string().max(2000).optional(),
  })
  .strict();

/** Columns of a CSV of reported figures (`POST /api/plans/{id}/reported.csv`, `lifecircle plans import-reported`). */
export const REPORTED_CSV_COLUMNS = ['target_id', 'unit', 'value', 'date', 'source', 'author', 'measure', 'note'] as const;
const MAX_REPORTED_ROWS = 5000;

const MAX_SERIES_DATES = 60;

function issuesOf(error: z.ZodError): ProfileIssue[] {
  return error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => ({ path: [...i.path, k].join('.'), message: 'unknown field' }))
      : [{ path: i.path.join('.') || 'body', message: i.message.replace(/^Invalid input: /, '') }],
  );
}

/** Reads and validates the built-in profiles in `seeds/plans/` (every `*.json` but the schema). */
export async function readBuiltinProfiles(dir: string = BUILTIN_PLANS_DIR): Promise<PlanProfile[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).sort();
  return Promise.all(
    files.map(async (f) => {
      const parsed = parseProfile(JSON.parse(await readFile(path.join(dir, f), 'utf8')));
      if (!parsed.ok) throw new Error(`built-in plan profile ${f} is invalid: ${parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
      if (`${parsed.profile.id}.json` !== f) throw new Error(`built-in plan profile ${f} has id ${parsed.profile.id}; the file must be named after it`);
      return parsed.profile;
    }),
  );
}

/**
 * Plan profiles (built-in and the user's), reported figures, and evaluation against the database.
 * Built-ins are upserted on first use (unless a user edited them); the city is read once per data version.
 */
/** One evaluation as the service keeps it: the city it ran on and the result per target. */
interface Evaluated {
  city: PlanCitySnapshot;
  evaluation: PlanEvaluation;
}

/** Evaluations kept (baseline and scenario versions, any plan and date); a scenario's share most of its targets' results with the baseline's. */
const MAX_EVALUATIONS = 8;

export class PlanService {
  #builtins: Promise<void> | undefined;
  /** Evaluations by everything they read (see #evaluationKey), most recent last. */
  #evaluations = new Map<string, Promise<Evaluated | 'retry'>>();
  /** The answer built from an evaluation, once per evaluation (same key: same plan, options and versions). */
  #bundles = new WeakMap<Evaluated, PlanEvaluationBundle>();
  #city: Promise<PlanCitySnapshot> | undefined;
  #shapes: { version: string; shapes: Promise<Map<string, Polygon | MultiPolygon>> } | undefined;

  constructor(
    private readonly db: Db,
    private readonly coverage: CoverageService,
    private readonly accessibility: AccessibilityService = new AccessibilityService(db, coverage),
  ) {}

  /** Loads the built-in profiles into the database once per process (insert if absent, refresh if unedited). */
  ensureBuiltins(): Promise<void> {
    this.#builtins ??= (async () => {
      const profiles = await readBuiltinProfiles();
      await upsertBuiltinPlans(this.db.sql, profiles);
    })().catch((err: unknown) => {
      this.#builtins = undefined;
      throw err;
    });
    return this.#builtins;
  }

  async list(): Promise<PlanSummary[]> {
    await this.ensureBuiltins();
    const rows = await listPlanProfiles(this.db.sql);
    return rows.map((r) => ({
      id: r.profile.id,
      name: r.profile.name,
      authority: r.profile.authority,
      period: r.profile.period,
      targets: r.profile.targets.length,
      reported_targets: r.profile.targets.filter((t) => t.kind === 'reported').length,
      builtin: r.builtin,
      modified: r.modified,
      revision: r.revision,
      updated_at: r.updated_at,
    }));
  }

  async get(id: string): Promise<StoredPlan> {
    await this.ensureBuiltins();
    const row = await findPlanProfile(this.db.sql, id);
    if (!row) throw new InputError('id', `no plan profile ${JSON.stringify(id)}; GET /api/plans lists them`, 'not_found');
    // Stored profiles were validated on the way in; parse again for defaults added since.
    const parsed = parseProfile(row.profile);
    if (!parsed.ok) throw new PlanValidationError(parsed.issues);
    return { ...row, profile: parsed.profile };
  }

  /** Validates a profile: structure (zod) and facility types (the catalogue). */
  async validate(input: unknown): Promise<PlanProfile> {
    const parsed = parseProfile(input);
    if (!parsed.ok) throw new PlanValidationError(parsed.issues);
    const issues = unknownTypeIssues(parsed.profile, new Set(await listFacilityTypeCodes(this.db.sql)));
    if (issues.length > 0) throw new PlanValidationError(issues);
    return parsed.profile;
  }

  /** Creates a new profile; 409 when the id exists. */
  async create(input: unknown): Promise<StoredPlan> {
    await this.ensureBuiltins();
    const profile = await this.validate(input);
    if (!(await insertPlanProfile(this.db.sql, profile))) throw new InputError('id', `plan profile ${JSON.stringify(profile.id)} exists; PUT /api/plans/${profile.id} replaces it`, 'conflict');
    return this.get(profile.id);
  }

  /** Creates or replaces the profile `id` (a built-in so edited is kept at later start-ups). */
  async put(id: string, input: unknown): Promise<{ created: boolean; plan: StoredPlan }> {
    await this.ensureBuiltins();
    if (input && typeof input === 'object' && !Array.isArray(input) && (input as { id?: unknown }).id === undefined) {
      input = { ...(input as object), id };
    }
    const profile = await this.validate(input);
    if (profile.id !== id) throw new PlanValidationError([{ path: 'id', message: `must equal the id in the URL (${id}), got ${JSON.stringify(profile.id)}` }]);
    const { inserted } = await upsertPlanProfile(this.db.sql, id, profile);
    return { created: inserted, plan: await this.get(id) };
  }

  /** Records a figure for a reported target (per unit when the target's level is below the city). */
  async addReported(planId: string, targetId: string, body: unknown): Promise<ReportedFigure & { id: string; plan_id: string }> {
    const { profile } = await this.get(planId);
    const row = await this.#checkReported(profile, targetId, body, await this.city());
    return { ...(await insertReportedFigure(this.db.sql, planId, row)), plan_id: planId };
  }

  /**
   * Imports a CSV of reported figures (columns target_id, unit, value, date, source, author, measure, note;
   * unit and measure may be empty), all or nothing: every faulty row is named (`row 3: unit: …`).
   */
  async importReported(planId: string, csv: string): Promise<{ plan: string; imported: number; figures: Array<ReportedFigure & { id: string; plan_id: string }> }> {
    const { profile } = await this.get(planId);
    let records: Array<Record<string, string>>;
    try {
      records = parseCsv(csv.replace(/^\uFEFF/, ''), { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true }) as Array<Record<string, string>>;
    } catch (err) {
      throw new InputError('csv', `not a readable CSV: ${(err as Error).message}`);
    }
    if (records.length === 0) throw new InputError('csv', `no rows; the header is ${REPORTED_CSV_COLUMNS.join(',')}`);
    if (records.length > MAX_REPORTED_ROWS) throw new InputError('csv', `at most ${MAX_REPORTED_ROWS} rows, got ${records.length}`);
    const unknown = Object.keys(records[0]!).filter((k) => !(REPORTED_CSV_COLUMNS as readonly string[]).includes(k));
    if (unknown.length > 0) throw new InputError('csv', `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; the columns are ${REPORTED_CSV_COLUMNS.join(', ')}`);
    const city = await this.city();
    const issues: ProfileIssue[] = [];
    const rows: ReportedFigureInput[] = [];
    records.forEach((r, i) => {
      const line = i + 2; // the header is line 1
      const value = (r.value ?? '').trim() === '' ? Number.NaN : Number(r.value);
      const body: Record<string, unknown> = { value, date: r.date ?? '', source: r.source ?? '', author: r.author ?? '' };
      if (r.unit) body.unit = r.unit;
      if (r.measure) body.measure = r.measure;
      if (r.note) body.note = r.note;
      try {
        rows.push(this.#checkReported(profile, r.target_id ?? '', body, city));
      } catch (err) {
        if (err instanceof PlanValidationError) issues.push(...err.issues.map((x) => ({ path: `row ${line}: ${x.path}`, message: x.message })));
        else if (err instanceof InputError) issues.push({ path: `row ${line}: ${err.field}`, message: err.message });
        else throw err;
      }
    });
    if (issues.length > 0) throw new PlanValidationError(issues);
    const figures = await this.db.sql.begin(async (tx) => {
      const out: Array<ReportedFigure & { id: string; plan_id: string }> = [];
      for (const r of rows) out.push({ ...(await insertReportedFigure(tx, planId, r)), plan_id: planId });
      return out;
    });
    return { plan: planId, imported: figures.length, figures };
  }

  #checkReported(profile: PlanProfile, targetId: string, body: unknown, city: PlanCitySnapshot): ReportedFigureInput {
    const target = profile.targets.find((t) => t.id === targetId);
    if (!target) throw new InputError('target_id', `plan ${profile.id} has no target ${JSON.stringify(targetId)}`, 'not_found');
    if (target.kind !== 'reported') {
      throw new InputError('target_id', `target ${targetId} is computed from the map (kind ${target.kind}); only reported targets take entered figures`, 'conflict');
    }
    const parsed = reportedBodySchema.safeParse(body);
    if (!parsed.success) throw new PlanValidationError(issuesOf(parsed.error));
    const b = parsed.data;
    const keys = target.measures?.map((m) => m.key) ?? [];
    const measure = b.measure ?? '';
    if (keys.length > 0 && !keys.includes(measure)) {
      throw new PlanValidationError([{ path: 'measure', message: `target ${targetId} has several figures: measure must be one of ${keys.join(', ')}` }]);
    }
    if (keys.length === 0 && measure !== '') throw new PlanValidationError([{ path: 'measure', message: `target ${targetId} has one figure: leave measure out` }]);
    const unit = b.unit ?? '';
    if (target.level === 'city') {
      if (unit !== '') throw new PlanValidationError([{ path: 'unit', message: `target ${targetId} is city-wide: leave unit out` }]);
    } else {
      const units = unitsAt(city.index, target.level, target.scope);
      if (unit === '') {
        throw new PlanValidationError([{ path: 'unit', message: `target ${targetId} is checked per ${target.level}: give the ${target.level} code (one of ${units.slice(0, 8).map((u) => u.code).join(', ')}${units.length > 8 ? ', …' : ''})` }]);
      }
      if (!units.some((u) => u.code === unit)) {
        throw new PlanValidationError([{ path: 'unit', message: `${JSON.stringify(unit)} is not a ${target.level} this target checks${target.scope ? ' (within its scope)' : ''}; it checks ${units.map((u) => u.code).join(', ') || 'none on this city'}` }]);
      }
    }
    return { target_id: targetId, measure, unit_code: unit, value: b.value, date: b.date, source: b.source.trim(), author: b.author.trim(), note: b.note ?? null };
  }

  async reported(planId: string): Promise<Array<ReportedFigure & { id: string }>> {
    await this.get(planId);
    return listReportedFigures(this.db.sql, planId);
  }

  /** The city at the current data version (re-read after any write); with a scenario, its facilities applied. */
  async city(scenario?: ScenarioOverlay): Promise<PlanCitySnapshot> {
    if (scenario) return scenarioPlanCity(await this.city(), scenario);
    const v = await readDataVersion(this.db.sql);
    const current = this.#city;
    if (current) {
      const snap = await current.catch(() => undefined);
      if (snap && snap.version === v) return snap;
      if (this.#city !== current) return this.city();
    }
    const loading = loadPlanCity(this.db);
    this.#city = loading;
    loading.catch(() => {
      if (this.#city === loading) this.#city = undefined;
    });
    return loading;
  }

  /** Community polygons for report maps, at the city's data version. */
  async shapes(version: string): Promise<Map<string, Polygon | MultiPolygon>> {
    if (!this.#shapes || this.#shapes.version !== version) {
      const shapes = loadCommunityShapes(this.db);
      this.#shapes = { version, shapes };
      shapes.catch(() => {
        if (this.#shapes?.shapes === shapes) this.#shapes = undefined;
      });
    }
    return this.#shapes.shapes;
  }

  /** Households within reach per community for each coverage target evaluated by distance. */
  async #reach(profile: PlanProfile, asOf: string, scenario?: ScenarioOverlay, mode: DistanceMode = 'straight'): Promise<{ reach: Map<string, CommunityReach[]>; version: string | null }> {
    const reach = new Map<string, CommunityReach[]>();
    let version: string | null = null;
    for (const t of profile.targets) {
      if (t.kind !== 'coverage' || t.method !== 'reach') continue;
      const report = await this.coverage.coverage({
        types: t.facilities.map((f) => f.type),
        reachMeters: t.facilities.map((f) => f.reach_m),
        level: 'community',
        asOf,
        scenario,
        mode,
      });
      version = report.data_version;
      reach.set(t.id, report.units.map((u) => ({ code: u.code, households: u.households, households_covered: u.households_covered })));
    }
    return { reach, version };
  }

  /** Supply reachable per community (2SFCA / E2SFCA) for each ratio target counted by catchment. */
  async #catchment(profile: PlanProfile, asOf: string, scenario?: ScenarioOverlay, mode: DistanceMode = 'straight'): Promise<Map<string, CommunityCatchment[]>> {
    const out = new Map<string, CommunityCatchment[]>();
    for (const t of profile.targets) {
      if (t.kind !== 'ratio' || !t.catchment) continue;
      const report = await this.accessibility.accessibility({
        types: t.numerator.types,
        reachMeters: t.catchment.reach_m === undefined ? undefined : [t.catchment.reach_m],
        supply: t.numerator.measure as SupplyMeasure,
        demand: t.denominator,
        method: t.catchment.method,
        weights: t.catchment.weights,
        level: 'community',
        asOf,
        mode,
        demandPoints: 'buildings',
        scenario,
      });
      out.set(t.id, report.units.map((u) => ({ code: u.code, demand: u.demand, supply_reachable: u.supply_reachable })));
    }
    return out;
  }

  /** Applies request options to a profile: the level filter and the coverage method override. */
  #effective(profile: PlanProfile, options: Omit<EvaluateOptions, 'asOf'>): PlanProfile {
    const targets = profile.targets
      .filter((t) => !options.level || t.level === options.level)
      .map((t) => (t.kind === 'coverage' && options.method ? { ...t, method: options.method } : t));
    return { ...profile, targets };
  }

  /**
   * Evaluates `profile` on the city at the current data version (with the scenario's facilities), kept
   * per everything the result reads: plan (id, revision), the effective profile (level, method), date,
   * distance mode, data version, scenario (id, version), reported figures and the city's name. Asked
   * again with nothing changed, it answers from memory. A scenario re-evaluates only the targets that
   * read a facility type its changes touch (#16); the others' results are the baseline's, which they
   * equal because nothing they read differs.
   */
  async #evaluateOn(stored: StoredPlan, profile: PlanProfile, asOf: string, scenario?: ScenarioOverlay, mode?: DistanceMode): Promise<Evaluated> {
    // The coverage engine and the city snapshot read the database separately: retry if a write fell between.
    for (let attempt = 0; ; attempt++) {
      const city = await this.city(scenario);
      const typeIssues = unknownTypeIssues(profile, new Set(city.index.types.keys()));
      if (typeIssues.length > 0) {
        throw new InputError(typeIssues[0]!.path, `${typeIssues[0]!.message} (the profile names a type the catalogue no longer has; fix it with PUT /api/plans/${stored.profile.id})`, 'conflict');
      }
      const figures = profile.targets.some((t) => t.kind === 'reported')
        ? await listReportedFigures(this.db.sql, stored.profile.id)
        : [];
      const cityName = await this.#cityName();
      const key = evaluationKey([stored.profile.id, stored.revision, stored.updated_at, profile, asOf, mode ?? 'straight', city.version, scenario?.key ?? null, figures, cityName]);
      let running = this.#evaluations.get(key);
      if (running) {
        this.#evaluations.delete(key); // most recent last
      } else {
        running = this.#evaluateFresh(stored, profile, asOf, city, figures, cityName, scenario, mode);
        if (this.#evaluations.size >= MAX_EVALUATIONS) this.#evaluations.delete(this.#evaluations.keys().next().value!);
      }
      this.#evaluations.set(key, running);
      const mine = running;
      const done = await mine.catch((err: unknown) => {
        if (this.#evaluations.get(key) === mine) this.#evaluations.delete(key);
        throw err;
      });
      if (done !== 'retry') return done;
      if (this.#evaluations.get(key) === mine) this.#evaluations.delete(key);
      if (attempt >= 3) throw new Error('plan evaluation: the data kept changing while it was read');
    }
  }

  /** One evaluation, not from memory; 'retry' when the coverage answers are of another data version than the city. */
  async #evaluateFresh(stored: StoredPlan, profile: PlanProfile, asOf: string, city: PlanCitySnapshot, figures: ReportedFigure[], cityName: string | null, scenario: ScenarioOverlay | undefined, mode: DistanceMode | undefined): Promise<Evaluated | 'retry'> {
    let base: Evaluated | undefined;
    let targets = profile.targets;
    if (scenario && city.delta) {
      // The baseline's evaluation on the same data version, then only the targets the scenario touches.
      base = await this.#evaluateOn(stored, profile, asOf, undefined, mode);
      if (base.city !== city.delta.base) return 'retry';
      const types = city.delta.types;
      targets = profile.targets.filter((t) => [...targetFacilityTypes(t)].some((type) => types.has(type)));
    }
    const own: PlanProfile = { ...profile, targets };
    const { reach, version } = await this.#reach(own, asOf, scenario, mode);
    if (version !== null && version !== city.version) return 'retry';
    const catchment = await this.#catchment(own, asOf, scenario, mode);
    const evaluation = evaluatePlan(own, { index: city.index, asOf, reach, catchment, reported: figures, city: cityName });
    if (!base) return { city, evaluation };
    // Merge in profile order: the re-evaluated targets' results, the others' from the baseline.
    const fresh = new Map(evaluation.targets.map((t) => [t.id, t]));
    const merged: PlanEvaluation = { targets: [], communityRates: new Map() };
    base.evaluation.targets.forEach((t) => merged.targets.push(fresh.get(t.id) ?? t));
    for (const t of profile.targets) {
      const rates = fresh.has(t.id) ? evaluation.communityRates.get(t.id) : base.evaluation.communityRates.get(t.id);
      if (rates) merged.communityRates.set(t.id, rates);
    }
    return { city, evaluation: merged };
  }

  /**
   * The city the data is, for absolute targets (a source city's own count applies as it stands only
   * there): app_state "city", a name such as "北京市" or { "name": "北京市" }; null when not set.
   */
  async #cityName(): Promise<string | null> {
    const v = await getAppState(this.db.sql, 'city');
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
    if (v && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string') return (v as { name: string }).name.trim() || null;
    return null;
  }

  #planInfo(stored: StoredPlan): PlanEvaluationReport['plan'] {
    const p = stored.profile;
    return { id: p.id, name: p.name, authority: p.authority, period: p.period, document: p.document, builtin: stored.builtin, modified: stored.modified, revision: stored.revision };
  }

  /** Evaluates a plan on one date: per target value, threshold, status, shortfall and failing units. */
  async evaluate(id: string, options: EvaluateOptions): Promise<PlanEvaluationBundle> {
    const stored = await this.get(id);
    const profile = this.#effective(stored.profile, options);
    const evaluated = await this.#evaluateOn(stored, profile, options.asOf, options.scenario, options.mode);
    const kept = this.#bundles.get(evaluated);
    if (kept) return kept;
    const { city, evaluation } = evaluated;
    const summary = Object.fromEntries(TARGET_STATUSES.map((s) => [s, evaluation.targets.filter((t) => t.status === s).length])) as Record<TargetStatus, number>;
    const bundle: PlanEvaluationBundle = {
      report: {
        plan: this.#planInfo(stored),
        as_of: options.asOf,
        level: options.level ?? null,
        method: options.method ?? null,
        summary: { targets: evaluation.targets.length, ...summary },
        targets: evaluation.targets,
        warnings: planCityWarnings(city),
        data_version: city.version,
        ...(options.scenario ? { scenario: options.scenario.toJSON() } : {}),
        ...(options.mode === 'walk' ? { mode: 'walk' as const } : {}),
      },
      profile,
      communityRates: evaluation.communityRates,
      city,
    };
    this.#bundles.set(evaluated, bundle);
    return bundle;
  }

  /** Evaluates a plan at several dates: one series per target, for "are we on track". */
  async series(id: string, options: Omit<EvaluateOptions, 'asOf'> & { dates: string[] }): Promise<PlanSeriesReport> {
    if (options.dates.length === 0) throw new InputError('dates', 'give at least one date');
    if (options.dates.length > MAX_SERIES_DATES) throw new InputError('dates', `at most ${MAX_SERIES_DATES} dates, got ${options.dates.length}`);
    const stored = await this.get(id);
    const profile = this.#effective(stored.profile, options);
    const dates = [...new Set(options.dates)].sort();
    const byTarget = new Map<string, PlanSeriesReport['targets'][number]>();
    let version = '';
    for (const asOf of dates) {
      const { city, evaluation } = await this.#evaluateOn(stored, profile, asOf, options.scenario, options.mode);
      version = city.version;
      for (const t of evaluation.targets) {
        let entry = byTarget.get(t.id);
        if (!entry) {
          const start = profile.baselines.find((b) => b.starts === t.id && b.value !== null);
          const baseline = start ? { id: start.id, as_of: start.as_of.length === 4 ? `${start.as_of}-12-31` : start.as_of, value: start.value!, figure: start.figure } : null;
          entry = { id: t.id, kind: t.kind, level: t.level, text: t.text, computed: t.computed, unit: t.unit, unit_zh: t.unit_zh, comparator: t.comparator, baseline, series: [] };
          if (baseline) {
            const met = t.comparator === '>=' ? baseline.value >= t.threshold : baseline.value <= t.threshold;
            entry.series.push({ as_of: baseline.as_of, value: baseline.value, threshold: t.threshold, deadline: t.deadline, status: met ? 'met' : 'not_yet_due', baseline: true });
          }
          byTarget.set(t.id, entry);
        }
        entry.series.push({ as_of: asOf, value: t.value, threshold: t.threshold, deadline: t.deadline, status: t.status });
      }
    }
    return { plan: this.#planInfo(stored), dates, level: options.level ?? null, method: options.method ?? null, targets: [...byTarget.values()], data_version: version };
  }
}

export type { PlanFacilityRow };

/** A short key for everything an evaluation reads (profiles and figure lists can be long). */
function evaluationKey(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

