import type { FeatureCollection, Point } from 'geojson';
import { z } from 'zod';
import { isOpenOn } from '../domain/coverage/index.ts';
import {
  coverageProblem,
  featureCandidates,
  gridCandidates,
  minSpacingConflicts,
  SitingInputError,
  solve,
  spacedFromExisting,
  type SitePoint,
  type SitingModel,
  type SitingProblem,
  type SitingSolution,
} from '../domain/siting/index.ts';
import type { Caller } from './caller.ts';
import type { CoverageSnapshot } from './coverage-snapshot.ts';
import type { CoverageService } from './coverage.ts';
import { isIsoDate, todayIn } from '../domain/dates.ts';
import { InputError } from './errors.ts';
import type { ScenarioOverlay } from './scenario-model.ts';
import type { AcceptedProposal } from './scenarios.ts';
import { zodInputError } from './scenarios.ts';
import { JobStore, type Job, type JobStoreOptions, type JobView } from './siting-jobs.ts';
import { SitingQueue, type JobError, type SitingQueueOptions } from './siting-queue.ts';
import type { Db } from '../db/connect.ts';
import { ApiError } from '../errors.ts';
import { DISTANCE_MODES } from './walking.ts';
import { walkingCosts, type WalkingEngine } from '../domain/network/index.ts';

/** Facility types whose sites count as "existing service buildings" for `generate: 'service_buildings'`. */
export const SERVICE_BUILDING_TYPES = ['district_service_center', 'street_service_center', 'community_service_station'] as const;

const MAX_CANDIDATES = 100_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** A validated, built run: solves and measures when called (the job id read at the end). */
type PreparedRun = (jobId: () => string, signal: AbortSignal, onProgress: (fraction: number, phase: string) => void) => Promise<SitingResult>;

/** A started job: its id, a wait for its end (at most `ms`), and the error a failed one threw. */
export interface StartedJob {
  id: string;
  wait(ms: number): Promise<JobView<SitingResult>>;
  failure(view: JobView<SitingResult>): unknown;
}

/** The shared queue (a PostgreSQL server): where it is, and how a worker resolves a job's scenario. */
export interface SitingQueueConfig {
  db: Db;
  options: SitingQueueOptions;
  resolveScenario: (id: number, caller: Caller) => Promise<ScenarioOverlay>;
}

const metres = (max: number) => z.number({ error: 'must be a number of metres' }).positive('must be > 0').max(max);

export const sitingSchema = z
  .object({
    model: z.enum(['mclp', 'lscp', 'pmedian', 'pcenter']),
    type: z.string().min(1).max(64),
    p: z.number().int('must be a whole number').min(1).max(10_000).optional(),
    target_rate: z.number().gt(0, 'must be > 0').max(1, 'must be ≤ 1 (a rate, e.g. 0.95)').optional(),
    reach_m: metres(100_000).optional(),
    /** pmedian/pcenter: pairs farther than this are not listed (they cost this much). */
    max_cost_m: metres(100_000).optional(),
    candidates: z.union([
      z.object({ generate: z.enum(['centroids', 'grid', 'service_buildings']), spacing_m: z.number().min(10, 'must be ≥ 10 m').max(10_000).optional() }).strict(),
      z.object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()).min(1).max(MAX_CANDIDATES) }).passthrough(),
    ], { error: 'must be a GeoJSON FeatureCollection of points or parcels, or { "generate": "centroids" | "grid" | "service_buildings", "spacing_m"? }' }),
    forced: z.array(z.string()).max(MAX_CANDIDATES).optional(),
    excluded: z.array(z.string()).max(MAX_CANDIDATES).optional(),
    min_spacing_m: metres(100_000).optional(),
    /** With min_spacing_m: new sites keep it from the open facilities of the type too (default true). */
    min_spacing_existing: z.boolean().default(true),
    /** pmedian: fair siting, minimising total + fairness × Σ w·|d − mean d| (HiGHS). */
    fairness: z.number().min(0, 'must be ≥ 0').max(1000).optional(),
    /**
     * pmedian / mclp: each candidate serves at most its capacity (in households): a candidate
     * property (`field`, e.g. "beds") or one `value` for all, times `ratio` (e.g. households per bed).
     */
    capacity: z
      .object({ field: z.string().min(1).max(64).optional(), value: z.number().min(0).optional(), ratio: z.number().positive('must be > 0').default(1) })
      .strict()
      .refine((c) => (c.field === undefined) !== (c.value === undefined), 'give either field (a candidate property) or value (the same for all)')
      .optional(),
    /** Capacitated pmedian: forced candidates are filled exactly to capacity. */
    fill_forced: z.boolean().optional(),
    scenario: z.union([z.number(), z.string()]).optional(),
    as_of: z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD').optional(),
    time_limit_s: z.number().positive().max(600, 'must be ≤ 600 s').optional(),
    method: z.enum(['heuristic', 'exact']).default('heuristic'),
    /** Costs and coverage on walking distance over the street network instead of the straight line. */
    mode: z.enum(DISTANCE_MODES).default('straight'),
    /** How long POST waits for the answer before handing back a job (202). */
    wait_ms: z.number().int().min(0).max(10_000).default(1000),
  })
  .strict();

export type SitingRequest = z.infer<typeof sitingSchema>;

/** One proposal: a candidate to build, in build order, with what it adds. */
export interface ProposalProperties {
  rank: number;
  candidate_id: string;
  type: string;
  model: SitingModel;
  /** Households newly within reach_m of it (after the proposals before it), as /api/coverage counts them. */
  adds: { households: number; by_community: Record<string, number> };
  households_covered_after: number;
  /** The model's objective after building this one (curve[rank]). */
  objective_after: number;
  /** Capacitated runs: the candidate's capacity and the households it serves in the answer. */
  capacity?: number;
  load?: number;
}

export interface SitingResult {
  job: string;
  model: SitingModel;
  method: 'heuristic' | 'exact';
  type: string;
  reach_m: number;
  as_of: string;
  p: number | null;
  target_rate: number | null;
  objective: number;
  bound: number;
  gap: number;
  feasible: boolean;
  best_rate: number | null;
  /** mclp/lscp: covered share of the building demand after the proposals. */
  rate: number | null;
  /** Objective after 0, 1, 2, … proposals in build order. */
  curve: number[];
  elapsed_ms: number;
  exact_status: string | null;
  /** Why the exact solve ended abnormally (crash, kill, memory), the answer then being the heuristic's. */
  exact_message: string | null;
  /** Cost (metres) from each household's building to its serving site: weighted median, p90, max, mean. */
  distribution: { median: number; p90: number; max: number; mean: number };
  /** Fair runs (fairness > 0): the weight, the total cost and the weighted absolute deviation of the answer. */
  fair: { weight: number; total: number; deviation: number } | null;
  /** Candidates left out because they lie within min_spacing_m of an open facility of the type. */
  excluded_by_spacing: string[];
  demand: { points: number; households: number };
  candidates: number;
  existing: number;
  /** Coverage as /api/coverage reports it (fallback communities included), before and after all proposals. */
  coverage: { households: number; households_covered_before: number; households_covered_after: number; rate_before: number; rate_after: number };
  proposals: FeatureCollection<Point, ProposalProperties>;
  scenario: { id: number; version: number } | null;
  data_version: string;
  /** Present when costs and coverage are walking distances. */
  mode?: 'walk';
}

/** API names of the solver's option fields. */
const FIELD_NAMES: Record<string, string> = { targetRate: 'target_rate', reach: 'reach_m', reachM: 'reach_m', timeLimitS: 'time_limit_s', maxCostM: 'max_cost_m', grid_spacing_m: 'candidates.spacing_m', conflicts: 'min_spacing_m', capacities: 'capacity', fillForced: 'fill_forced' };

/** Each candidate's capacity: its property `field` (FeatureCollection candidates) or `value`, times `ratio`. */
function capacitiesOf(req: SitingRequest, count: number): Float64Array | undefined {
  const c = req.capacity;
  if (c === undefined) {
    if (req.fill_forced) throw new InputError('fill_forced', 'needs capacity');
    return undefined;
  }
  if (req.model !== 'pmedian' && req.model !== 'mclp') throw new InputError('capacity', `is for model pmedian or mclp, not ${req.model}`);
  if (c.value !== undefined) return new Float64Array(count).fill(c.value * c.ratio);
  if ('generate' in req.candidates) throw new InputError('capacity.field', 'generated candidates have no properties; give capacity.value, or candidates as a FeatureCollection with the property');
  const features = (req.candidates as { features: Array<{ properties?: Record<string, unknown> | null }> }).features;
  return Float64Array.from(features, (f, k) => {
    const v = f?.properties?.[c.field as string];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new InputError(`candidates.features[${k}].properties.${c.field}`, `must be a number ≥ 0 (capacity.field), got ${JSON.stringify(v ?? null)}`);
    return v * c.ratio;
  });
}

function asInputError(err: unknown): unknown {
  if (!(err instanceof SitingInputError)) return err;
  const field = FIELD_NAMES[err.field] ?? err.field;
  return new InputError(field, err.message.replace(/^[^:]*: /, ''));
}

function parse(body: unknown): SitingRequest {
  const parsed = sitingSchema.safeParse(body);
  if (!parsed.success) throw zodInputError(parsed.error);
  return parsed.data;
}

/** The candidates of a request, as points with ids. */
function candidatesOf(req: SitingRequest, snap: CoverageSnapshot, asOf: string): SitePoint[] {
  if ('generate' in req.candidates) {
    const c = req.candidates as { generate: 'centroids' | 'grid' | 'service_buildings'; spacing_m?: number | undefined };
    const areas: FeatureCollection = {
      type: 'FeatureCollection',
      features: snap.communities.map((x) => ({ type: 'Feature', geometry: x.geometry, properties: { code: x.code } })),
    };
    if (c.generate === 'centroids') return featureCandidates(areas, { idProperty: 'code', field: 'candidates' });
    if (c.generate === 'grid') {
      if (c.spacing_m === undefined) throw new InputError('candidates.spacing_m', 'is required with generate: grid (metres between grid points, e.g. 100)');
      return gridCandidates(areas, c.spacing_m, { idProperty: 'code', maxPoints: MAX_CANDIDATES });
    }
    const types = new Set<string>(SERVICE_BUILDING_TYPES);
    return snap.facilities.filter((f) => types.has(f.type) && isOpenOn(f, asOf)).map((f) => ({ id: f.code, lon: f.lon, lat: f.lat }));
  }
  // Ids: properties.id, else the feature id.
  return featureCandidates(req.candidates as unknown as FeatureCollection, { idProperty: 'id', field: 'candidates' });
}

function indicesOf(ids: readonly string[] | undefined, index: Map<string, number>, field: string): number[] | undefined {
  return ids?.map((id, k) => {
    const j = index.get(id);
    if (j === undefined) throw new InputError(`${field}[${k}]`, `no candidate has id ${JSON.stringify(id)}`);
    return j;
  });
}

/**
 * Siting over the city: builds the problem from the coverage snapshot (the scenario's when one is
 * given) — demand = residential buildings weighted by households, existing open facilities of the
 * type count as built — solves it, and measures what each proposal adds with the coverage engine,
 * so the figures are exactly what /api/coverage?scenario= shows once the proposals are accepted.
 * Runs are jobs kept in memory (bounded; see siting-jobs.ts), or on a server in the shared pg-boss queue
 * (siting-queue.ts), where any process reads, cancels and works them.
 */
export class SitingService {
  readonly jobs: JobStore<SitingResult>;
  readonly #queue: SitingQueue<SitingRequest, SitingResult> | undefined;
  /** Runs this process built for a POST it answered: its worker solves them without building again. */
  readonly #prepared = new Map<string, PreparedRun>();

  constructor(
    private readonly coverage: CoverageService,
    options: JobStoreOptions & { onError?: (err: unknown) => void; queue?: SitingQueueConfig } = {},
  ) {
    const describeError = (err: unknown) => {
      const mapped = asInputError(err);
      if (mapped instanceof InputError) return { code: 'invalid_parameter', message: mapped.message, field: mapped.field };
      options.onError?.(err);
      return { code: 'internal', message: 'the siting run failed' };
    };
    this.jobs = new JobStore<SitingResult>({ ...options, describeError });
    const q = options.queue;
    if (q) {
      this.#queue = new SitingQueue<SitingRequest, SitingResult>(q.db, q.options, async (job, signal, onProgress) => {
        let run = this.#prepared.get(job.id);
        this.#prepared.delete(job.id);
        if (!run) {
          // Posted to another process: build it here from the request (on the data as it is now).
          const { request, scenario, caller } = job.data;
          const overlay = scenario === null ? undefined : await q.resolveScenario(scenario, caller);
          run = await this.#prepare(request, overlay);
        }
        return run(() => job.id, signal, onProgress);
      }, (err) => (err instanceof Error && err.name === 'AbortError' ? { code: 'cancelled', message: 'cancelled' } : describeError(err)));
    }
  }

  /** Validates the body (400 naming the field). */
  parse(body: unknown): SitingRequest {
    return parse(body);
  }

  /**
   * Builds the problem now (bad input fails here, or in the solver's first checks, which run before
   * the first await) and starts solving it as a job owned by `owner`: in this process's memory (the
   * embedded database), or in the shared queue (a server), where any process may work it.
   */
  async start(req: SitingRequest, scenario: ScenarioOverlay | undefined, owner: string, caller: Caller = { role: 'planner', user: owner }): Promise<StartedJob> {
    const queue = this.#queue;
    // A full queue (or the owner's full share) refuses before the problem is built (SitingLimitError).
    if (queue) await queue.admit(owner);
    else this.jobs.admit(owner);
    const run = await this.#prepare(req, scenario);
    if (queue) {
      const id = await queue.send({ owner, caller: { role: caller.role, user: caller.user }, request: req, scenario: scenario ? scenario.toJSON().id : null });
      this.#prepared.set(id, run);
      setTimeout(() => this.#prepared.delete(id), 60_000).unref();
      const view = async () => (await queue.get(id))?.view ?? this.#gone(id);
      return {
        id,
        wait: async (ms) => {
          await queue.waitFor(id, ms);
          return view();
        },
        failure: (v) => failureOf(v.error),
      };
    }
    const job: Job<SitingResult> = this.jobs.start(owner, (signal, onProgress) => run(() => job.id, signal, onProgress));
    return {
      id: job.id,
      wait: async (ms) => {
        await Promise.race([job.done, sleep(ms)]);
        return job.view();
      },
      failure: () => job.failure,
    };
  }

  /** Validates and builds a run: what the job then solves and measures. */
  async #prepare(req: SitingRequest, scenario: ScenarioOverlay | undefined): Promise<PreparedRun> {
    const snap = await this.coverage.snapshot(scenario);
    const typeInfo = snap.types.get(req.type);
    if (!typeInfo) throw new InputError('type', `unknown facility type ${JSON.stringify(req.type)}; known types: ${[...snap.types.keys()].join(', ')}`);
    const asOf = req.as_of ?? todayIn();
    const reach = req.reach_m ?? typeInfo.reach_m;
    const median = req.model === 'pmedian' || req.model === 'pcenter';
    const maxCostM = median ? (req.max_cost_m ?? Math.min(100_000, Math.max(3 * reach, 2000))) : reach;
    if (median && maxCostM < reach) throw new InputError('max_cost_m', `must be ≥ reach_m (${reach})`);

    const walk = req.mode === 'walk' ? await this.coverage.walking.engineFor(snap) : undefined;
    let problem: SitingProblem;
    let candidates: SitePoint[];
    let conflicts: Array<[number, number]> | undefined;
    let spacedOut: number[] = [];
    let capacities: Float64Array | undefined;
    if (req.fairness !== undefined && req.model !== 'pmedian') throw new InputError('fairness', `is for model pmedian, not ${req.model}`);
    try {
      candidates = candidatesOf(req, snap, asOf);
      if (candidates.length === 0) throw new InputError('candidates', 'there are no candidates');
      const demand = snap.buildings
        .filter((b) => b.community_code !== null && b.households > 0)
        .map((b) => ({ id: b.code, lon: b.lon, lat: b.lat, weight: b.households }));
      const existing = snap.facilities.filter((f) => f.type === req.type && isOpenOn(f, asOf));
      problem = walk
        ? walkingCosts(walk.walking, demand, candidates, { maxCostM, maxSnapM: walk.maxSnapM, existing: existing.map((f) => ({ id: f.code, lon: f.lon, lat: f.lat })) })
        : coverageProblem({ demand, candidates, existing, reachM: reach, maxCostM });
      conflicts = req.min_spacing_m === undefined ? undefined : minSpacingConflicts(candidates, req.min_spacing_m);
      if (req.min_spacing_m !== undefined && req.min_spacing_existing) spacedOut = spacedFromExisting(candidates, existing, req.min_spacing_m);
      capacities = capacitiesOf(req, candidates.length);
    } catch (err) {
      throw asInputError(err);
    }
    const index = new Map(candidates.map((c, j) => [c.id, j]));
    const forced = indicesOf(req.forced, index, 'forced');
    const excluded = [...new Set([...(indicesOf(req.excluded, index, 'excluded') ?? []), ...spacedOut])];
    const forcedOut = forced?.find((j) => spacedOut.includes(j));
    if (forcedOut !== undefined) throw new InputError('forced', `candidate ${JSON.stringify(candidates[forcedOut]!.id)} lies within min_spacing_m of an open ${req.type}`);

    const options = {
      model: req.model, p: req.p, targetRate: req.target_rate, reach: median ? undefined : reach,
      forced, excluded, conflicts, method: req.method, timeLimitS: req.time_limit_s,
      fairness: req.fairness, capacities, fillForced: req.fill_forced,
    };
    if (this.#queue) {
      // The solver's own input checks run before it first looks at its signal: an aborted one runs
      // just those, so bad input is answered here (400) rather than by a queued job that fails.
      try {
        await solve(problem, { ...options, signal: AbortSignal.abort() });
      } catch (err) {
        if (err instanceof SitingInputError) throw asInputError(err);
      }
    }
    return async (jobId, signal, onProgress) => {
      let solution: SitingSolution;
      try {
        solution = await solve(problem, { ...options, onProgress, signal });
      } catch (err) {
        throw asInputError(err);
      }
      onProgress(1, 'measuring');
      return this.#result(jobId(), req, snap, asOf, reach, problem, candidates, solution, walk, capacities, spacedOut);
    };
  }


  /** Builds the answer; each proposal's additions come from a coverage session on the same snapshot. */
  #result(jobId: string, req: SitingRequest, snap: CoverageSnapshot, asOf: string, reach: number, problem: SitingProblem, candidates: SitePoint[], s: SitingSolution, walk?: WalkingEngine, capacities?: Float64Array, spacedOut: number[] = []): SitingResult {
    // Households each site serves in a capacitated answer: the assigned ones (pmedian), the covered shares (mclp).
    let load = s.load;
    if (!load && s.assignment) {
      load = new Float64Array(problem.siteIds.length);
      s.assignment.forEach((j, i) => {
        if (j >= 0) load![j] = (load![j] as number) + (problem.weights[i] as number);
      });
    }
    const session = (walk ?? snap.engine).session([{ type: req.type, reachMeters: reach }], { asOf });
    const covered = (r: ReturnType<typeof session.result>) => new Map(r.perCommunity.map((c) => [c.code, c.households_covered]));
    const first = session.result();
    let before = first;
    let beforeByCode = covered(first);
    const features = s.sites.map((j, k) => {
      const site = candidates[j]!;
      const change = session.addFacility({ code: `siting-proposal-${k + 1}`, type: req.type, lon: site.lon, lat: site.lat });
      const after = session.result();
      const afterByCode = covered(after);
      const byCommunity: Record<string, number> = {};
      for (const code of change.communitiesChanged) {
        const delta = afterByCode.get(code)! - beforeByCode.get(code)!;
        if (delta !== 0) byCommunity[code] = delta;
      }
      const households = after.totals.households_covered - before.totals.households_covered;
      before = after;
      beforeByCode = afterByCode;
      return {
        type: 'Feature' as const,
        id: k + 1,
        geometry: { type: 'Point' as const, coordinates: [site.lon, site.lat] },
        properties: {
          rank: k + 1, candidate_id: site.id, type: req.type, model: req.model,
          adds: { households, by_community: byCommunity },
          households_covered_after: after.totals.households_covered,
          objective_after: s.curve[k + 1] ?? s.objective,
          ...(capacities ? { capacity: capacities[j] as number, load: load?.[j] ?? 0 } : {}),
        },
      };
    });
    let weight = 0;
    for (const w of problem.weights) weight += w;
    return {
      job: jobId,
      model: s.model,
      method: s.method,
      type: req.type,
      reach_m: reach,
      as_of: asOf,
      p: req.p ?? null,
      target_rate: req.target_rate ?? null,
      objective: s.objective,
      bound: s.bound,
      gap: s.gap,
      feasible: s.feasible,
      best_rate: s.bestRate ?? null,
      rate: s.rate ?? null,
      curve: s.curve,
      elapsed_ms: s.elapsedMs,
      exact_status: s.exactStatus ?? null,
      exact_message: s.exactMessage ?? null,
      distribution: s.distribution,
      fair: s.fair ?? null,
      excluded_by_spacing: spacedOut.map((j) => candidates[j]!.id),
      demand: { points: problem.demandIds.length, households: weight },
      candidates: candidates.length,
      existing: snap.facilities.filter((f) => f.type === req.type && isOpenOn(f, asOf)).length,
      coverage: {
        households: first.totals.households,
        households_covered_before: first.totals.households_covered,
        households_covered_after: before.totals.households_covered,
        rate_before: first.totals.rate,
        rate_after: before.totals.rate,
      },
      proposals: { type: 'FeatureCollection', features },
      scenario: snap.scenario ?? null,
      data_version: snap.version,
      ...(walk ? { mode: 'walk' as const } : {}),
    };
  }

  /** A job the caller may see (its owner, or an admin); 404 otherwise. */
  async job(id: string, p: Caller): Promise<JobView<SitingResult>> {
    const visible = (owner: string) => p.role === 'admin' || owner === (p.user ?? 'anonymous');
    if (this.#queue) {
      const found = await this.#queue.get(id);
      if (!found || !visible(found.owner)) return this.#gone(id);
      return found.view;
    }
    const job = this.jobs.get(id, visible);
    if (!job) return this.#gone(id);
    return job.view();
  }

  #gone(id: string): never {
    const where = this.#queue ? 'jobs are kept in the database for an hour after they finish' : 'jobs live in memory for an hour after they finish, and not across restarts';
    throw new InputError('id', `no siting job ${JSON.stringify(id)} (${where})`, 'not_found');
  }

  /** Cancels a running job or forgets a finished one; says which, with the job as it was then. */
  async cancel(id: string, p: Caller): Promise<{ before: JobView<SitingResult>['state']; view: JobView<SitingResult> }> {
    const before = await this.job(id, p);
    if (this.#queue) {
      if (before.state === 'running') {
        await this.#queue.cancel(id);
        return { before: before.state, view: await this.job(id, p) };
      }
      await this.#queue.forget(id);
      return { before: before.state, view: before };
    }
    this.jobs.cancel(id);
    return { before: before.state, view: this.jobs.get(id, () => true)?.view() ?? before };
  }

  /** The proposals of a finished job, for accepting them into a scenario. */
  async proposalsOf(id: string, p: Caller): Promise<AcceptedProposal[]> {
    const view = await this.job(id, p);
    if (view.state !== 'done' || !view.result) throw new InputError('job', `siting job ${id} is ${view.state}; only a finished job's proposals can be accepted`, 'conflict');
    return view.result.proposals.features.map((f) => ({
      type: f.properties.type, lon: f.geometry.coordinates[0]!, lat: f.geometry.coordinates[1]!, rank: f.properties.rank,
      model: f.properties.model, candidate_id: f.properties.candidate_id, job: id,
    }));
  }

  /** Queue depth over every process (server), or this process's running jobs (embedded). */
  async depth(): Promise<{ queued: number; active: number; shared: boolean }> {
    if (this.#queue) return { ...(await this.#queue.depth()), shared: true };
    return { queued: 0, active: this.jobs.running(), shared: false };
  }

  /** Stops background work: this process's running jobs are cancelled (memory) or failed (queue). */
  async close(): Promise<void> {
    this.jobs.cancelAll();
    await this.#queue?.stop();
  }
}

/** The error a failed queued job's view describes, to answer the POST that waited for it. */
function failureOf(error: JobError | undefined): unknown {
  if (!error) return undefined;
  if (error.code === 'invalid_parameter' && error.field !== undefined) return new InputError(error.field, error.message);
  return new ApiError('internal', error.message);
}
