// Typed calls to the lifecircle API beyond the feature collections: coverage, gaps,
// accessibility, plans, auth, scenarios, siting. Each returns the server's JSON (only the fields
// the client reads are typed); a malformed answer becomes an ApiError('invalid_response').
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';
import { accessQuery, type AccessProfile } from '../access-profiles.ts';
import type { ScenarioChange } from '../state.ts';
import { ApiError, type ApiClient } from './client.ts';

export interface CoverageUnit {
  code: string;
  name: string;
  households: number;
  households_covered: number;
  rate: number | null;
  population?: number;
  elderly?: number;
}

export interface CoverageReport {
  type: string;
  reach_m: number | number[];
  as_of: string;
  level: string;
  totals: { households: number; households_covered: number; rate: number | null };
  units: CoverageUnit[];
}

export interface AccessUnit {
  code: string;
  name: string;
  demand: number;
  supply_reachable: number;
  ratio: number | null;
  ratio_per?: number | null;
  meets_target?: boolean | null;
}

export interface AccessReport {
  as_of: string;
  reach_m: number | number[];
  totals: { supply: number; supply_reached: number; demand: number; ratio: number | null; ratio_per?: number | null };
  units: AccessUnit[];
}

export interface GapProperties {
  kind: 'uncovered_area' | 'uncovered_building';
  community_code: string;
  community_name?: string;
  households?: number;
  households_uncovered?: number;
  nearest_median_m?: number | null;
  nearest_p90_m?: number | null;
  nearest_distance_m?: number | null;
  nearest_facility?: string | null;
}

export type GapCollection = FeatureCollection<Geometry, GapProperties> & { unit?: string; as_of?: string };

export type Localized = { zh: string; en: string };

export interface PlanSummary {
  id: string;
  name: Localized;
  period: { from: number; to: number };
  targets: number;
}

export interface FailingUnit {
  level: string;
  code: string;
  name: string;
  value?: number | null;
  required?: number | null;
  reason?: string;
  reason_zh?: string;
}

/** not_applicable: a count of the plan's own city (e.g. Beijing's) that cannot be scaled to this city. */
export type TargetStatus = 'met' | 'not_met' | 'not_yet_due' | 'no_data' | 'not_applicable';

export interface TargetEvaluation {
  id: string;
  kind: string;
  level: string;
  text: Localized;
  value: number | null;
  threshold: number | null;
  comparator: string;
  unit: string;
  unit_zh: string;
  deadline: string | null;
  status: TargetStatus;
  computed: boolean;
  shortfall: { text: string; text_zh: string } | null;
  failing_units: FailingUnit[];
  /** How many units fail; failing_units holds only the first ones of a long list (issue 19). */
  failing_total?: number;
  /** Why the figure reads as it does (source-city counts, scaling), in each language. */
  notes?: string[];
  notes_zh?: string[];
}

export interface PlanEvaluation {
  plan: { id: string; name: Localized; period: { from: number; to: number } };
  as_of: string;
  summary?: Record<TargetStatus | 'targets', number>;
  targets: TargetEvaluation[];
}

export interface ProgressPoint {
  as_of: string;
  value: number | null;
  threshold: number | null;
  status: TargetStatus;
}

export interface PlanProgress {
  dates: string[];
  targets: { id: string; text: Localized; unit: string; unit_zh: string; comparator: string; series: ProgressPoint[] }[];
}

export interface LoginResult {
  token: string;
  expires_at: string | null;
  user: { name: string; role: 'planner' | 'admin' };
}

export interface StoredScenario {
  id: string;
  name: string;
  changes: ScenarioChange[];
  etag: string | null;
  owner?: string;
}

export interface SitingProposalProperties {
  rank: number;
  type?: string;
  candidate_id?: string;
  /** Households newly within reach of it (after the proposals before it). */
  adds?: { households: number };
  households_covered_after?: number;
}

export interface SitingRequest {
  model: 'mclp' | 'lscp' | 'p-median' | string;
  type: string;
  p?: number;
  target_rate?: number;
  reach_m?: number;
  candidates: { generate: 'centroids' | 'grid' | string };
  scenario?: string;
}

export interface SitingResult {
  /** Proposals in build order (rank 1 first). */
  proposals: FeatureCollection<Point, SitingProposalProperties>;
  /** Share of households covered (0–1, as /api/coverage counts) after k proposals, k = 0 first. */
  curve: { k: number; value: number }[];
  /** Households of the city (the curve's denominator), when the answer says. */
  households: number | null;
  objective?: number | null;
  bound?: number | null;
  gap?: number | null;
  /** The run's job id, when it ran as a job. */
  job?: string | null;
  raw: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(what: string, path: string): ApiError {
  return new ApiError({ code: 'invalid_response', message: `Unexpected answer from ${path}: ${what}`, status: 200, url: path });
}

function withUnits<T>(body: unknown, path: string): T {
  if (!isRecord(body) || !Array.isArray(body.units)) throw invalid('no units list', path);
  return body as T;
}

/** Adds `scenario=` when a scenario is active. */
function scoped(params: URLSearchParams, scenario: string | null | undefined): string {
  if (scenario) params.set('scenario', scenario);
  return params.toString();
}

export async function fetchCoverage(
  api: ApiClient,
  query: { type: string; level?: string; scenario?: string | null; asOf?: string | null; mode?: 'straight' | 'walk' },
  signal?: AbortSignal,
): Promise<CoverageReport> {
  const params = new URLSearchParams({ type: query.type, level: query.level ?? 'community' });
  if (query.asOf) params.set('as_of', query.asOf);
  if (query.mode === 'walk') params.set('mode', 'walk');
  const path = `coverage?${scoped(params, query.scenario)}`;
  return withUnits<CoverageReport>(await api.getJson(path, signal), path);
}

export async function fetchAccessibility(
  api: ApiClient,
  profile: AccessProfile,
  query: { scenario?: string | null; mode?: 'straight' | 'walk' } = {},
  signal?: AbortSignal,
): Promise<AccessReport> {
  const path = `accessibility?${scoped(accessQuery(profile, query.mode === 'walk' ? { mode: 'walk' } : {}), query.scenario)}`;
  return withUnits<AccessReport>(await api.getJson(path, signal), path);
}

export interface GapsQuery {
  type: string;
  unit: string;
  scenario?: string | null;
  mode?: 'straight' | 'walk';
}

export function gapsPath(query: GapsQuery): string {
  const params = new URLSearchParams({ type: query.type, unit: query.unit });
  if (query.mode === 'walk') params.set('mode', 'walk');
  return `coverage/gaps?${scoped(params, query.scenario)}`;
}

/** `GET /api/coverage/reach`: the reach areas (walking isochrones) of a type's facilities. */
export function reachPath(query: { type: string; mode: 'straight' | 'walk'; scenario?: string | null }): string {
  return `coverage/reach?${scoped(new URLSearchParams({ type: query.type, mode: query.mode }), query.scenario)}`;
}

export async function fetchGaps(api: ApiClient, query: GapsQuery, signal?: AbortSignal): Promise<GapCollection> {
  const path = gapsPath(query);
  const body = await api.getJson(path, signal);
  if (!isRecord(body) || body.type !== 'FeatureCollection' || !Array.isArray(body.features)) throw invalid('not a FeatureCollection', path);
  return body as unknown as GapCollection;
}

export async function fetchPlans(api: ApiClient, signal?: AbortSignal): Promise<PlanSummary[]> {
  const body = await api.getJson('plans', signal);
  if (!isRecord(body) || !Array.isArray(body.plans)) throw invalid('no plans list', 'plans');
  return body.plans as PlanSummary[];
}

export function evaluationPath(planId: string, asOf: string | null, scenario?: string | null): string {
  const params = new URLSearchParams();
  if (asOf) params.set('as_of', asOf);
  const qs = scoped(params, scenario);
  return `plans/${encodeURIComponent(planId)}/evaluation${qs ? `?${qs}` : ''}`;
}

export async function fetchEvaluation(api: ApiClient, planId: string, asOf: string | null, scenario?: string | null, signal?: AbortSignal): Promise<PlanEvaluation> {
  const path = evaluationPath(planId, asOf, scenario);
  const body = await api.getJson(path, signal);
  if (!isRecord(body) || !Array.isArray(body.targets)) throw invalid('no targets list', path);
  return body as unknown as PlanEvaluation;
}

export async function fetchProgress(api: ApiClient, planId: string, years: { from: number; to: number }, signal?: AbortSignal): Promise<PlanProgress> {
  const path = `plans/${encodeURIComponent(planId)}/progress?years=${years.from}-${years.to}`;
  const body = await api.getJson(path, signal);
  if (!isRecord(body) || !Array.isArray(body.targets)) throw invalid('no targets list', path);
  return body as unknown as PlanProgress;
}

export async function login(api: ApiClient, name: string, password: string): Promise<LoginResult> {
  const { body } = await api.send('POST', 'auth/login', { body: { name, password } });
  if (!isRecord(body) || typeof body.token !== 'string' || !isRecord(body.user)) throw invalid('no token', 'auth/login');
  return body as unknown as LoginResult;
}

function scenarioFrom(body: unknown, etag: string | null, path: string): StoredScenario {
  if (!isRecord(body) || (typeof body.id !== 'string' && typeof body.id !== 'number')) throw invalid('no scenario id', path);
  return {
    id: String(body.id),
    name: typeof body.name === 'string' ? body.name : '',
    changes: Array.isArray(body.changes) ? (body.changes as ScenarioChange[]) : [],
    etag: etag ?? (typeof body.version === 'number' ? `"${body.version}"` : null),
    ...(typeof body.owner === 'string' ? { owner: body.owner } : {}),
  };
}

export async function listScenarios(api: ApiClient): Promise<StoredScenario[]> {
  const { body } = await api.send('GET', 'scenarios');
  const list = isRecord(body) && Array.isArray(body.scenarios) ? body.scenarios : Array.isArray(body) ? body : null;
  if (!list) throw invalid('no scenarios list', 'scenarios');
  return list.map((item) => scenarioFrom(item, null, 'scenarios'));
}

export async function createScenario(api: ApiClient, name: string, changes: readonly ScenarioChange[] = []): Promise<StoredScenario> {
  const { body, etag } = await api.send('POST', 'scenarios', { body: { name, changes } });
  return scenarioFrom(body, etag, 'scenarios');
}

export async function getScenario(api: ApiClient, id: string): Promise<StoredScenario> {
  const path = `scenarios/${encodeURIComponent(id)}`;
  const { body, etag } = await api.send('GET', path);
  return scenarioFrom(body, etag, path);
}

/** Replaces the scenario's changes; `etag` guards against a concurrent edit (412 when stale). */
export async function saveScenarioChanges(api: ApiClient, id: string, etag: string | null, changes: readonly ScenarioChange[]): Promise<StoredScenario> {
  const path = `scenarios/${encodeURIComponent(id)}`;
  const { body, etag: next } = await api.send('PATCH', path, { body: { changes }, headers: etag ? { 'if-match': etag } : {} });
  return scenarioFrom(body, next, path);
}

/**
 * Reads a siting answer: the result itself (200), or a finished job (`{ state: 'done', result }`).
 * The curve is the city's coverage as /api/coverage counts it: `coverage.rate_before`, then each
 * proposal's `households_covered_after` over `coverage.households`.
 */
export function sitingResultFrom(body: unknown): SitingResult {
  const root = isRecord(body) && isRecord(body.result) ? body.result : body;
  if (!isRecord(root)) throw invalid('no siting result', 'siting');
  const collection = isRecord(root.proposals) ? root.proposals : null;
  if (!collection || collection.type !== 'FeatureCollection' || !Array.isArray(collection.features)) throw invalid('no proposals', 'siting');
  const features = (collection.features as Feature<Point, Record<string, unknown>>[]).map((feature, index) => {
    const rank = Number(feature.properties?.rank ?? index + 1);
    return { ...feature, properties: { ...feature.properties, rank } as SitingProposalProperties };
  });
  features.sort((a, b) => a.properties.rank - b.properties.rank);
  const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
  const coverage = isRecord(root.coverage) ? root.coverage : {};
  const households = num(coverage.households);
  const curve: { k: number; value: number }[] = [];
  const before = num(coverage.rate_before);
  if (households !== null && households > 0 && before !== null) {
    curve.push({ k: 0, value: before });
    for (const feature of features) {
      const after = num(feature.properties.households_covered_after);
      if (after !== null) curve.push({ k: feature.properties.rank, value: after / households });
    }
  }
  return {
    proposals: { type: 'FeatureCollection', features },
    curve,
    households,
    objective: num(root.objective),
    bound: num(root.bound),
    gap: num(root.gap),
    job: typeof root.job === 'string' ? root.job : null,
    raw: body,
  };
}

export type { NearbyAnswer, NearbyFacility } from '../../../api/src/schema/nearby-answer.ts';
import type { NearbyAnswer } from '../../../api/src/schema/nearby-answer.ts';

/** `GET /api/nearby`: what is near a point, per facility type. */
export async function getNearby(
  api: ApiClient,
  query: { lon: number; lat: number; types?: readonly string[]; k?: number; scenario?: string | null },
  signal?: AbortSignal,
): Promise<NearbyAnswer> {
  const params = new URLSearchParams({ lon: String(query.lon), lat: String(query.lat) });
  if (query.types && query.types.length > 0) params.set('types', query.types.join(','));
  if (query.k !== undefined) params.set('k', String(query.k));
  if (query.scenario) params.set('scenario', query.scenario);
  const body = (await api.getJson(`nearby?${params.toString()}`, signal)) as NearbyAnswer | null;
  if (!body || !Array.isArray(body.types)) throw new ApiError({ code: 'invalid_response', message: 'Unexpected answer from nearby: no types list', status: 200, url: 'nearby' });
  return body;
}
