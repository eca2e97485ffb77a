import { buildCounts } from '../domain/coverage/build-counts.ts';
import type { z } from 'zod';
import type { Db } from '../db/connect.ts';
import type { Querier } from '../db/sql-files.ts';
import {
  deleteScenario,
  existingFacilityCodes,
  findScenario,
  insertScenario,
  listScenarios,
  nextScenarioId,
  pointCommunities,
  updateScenario,
  type ScenarioRow,
} from '../db/repositories/scenarios.ts';
import { listFacilityTypes } from '../db/repositories/facility-types.ts';
import type { Caller } from './caller.ts';
import { currentDataVersion } from './coverage-snapshot.ts';
import { EditConflict } from './editing.ts';
import { InputError } from './errors.ts';
import {
  acceptSchema,
  createSchema,
  patchSchema,
  ScenarioOverlay,
  type ScenarioChange,
  type ScenarioChangeInput,
  type ScenarioFacilityRecord,
  type ScenarioMove,
  MAX_CHANGES,
} from './scenario-model.ts';
import { recordAudit } from '../db/repositories/audit.ts';
import { ApiError } from '../errors.ts';
import { fieldPath } from '../domain/validation/field-path.ts';

/** A scenario as the API shows it. */
export type Scenario = ScenarioRow<ScenarioChange>;

/** The caller may not do this to the scenario (HTTP 403). */
export class ScenarioForbidden extends ApiError {
  override name = 'ScenarioForbidden';
  constructor(message: string, readonly field?: string) {
    super('forbidden', message, field ? { field } : undefined);
  }
}

/** A proposal to accept: a point of a type, with where it came from. */
export interface AcceptedProposal {
  type: string;
  lon: number;
  lat: number;
  rank: number;
  model?: string | undefined;
  candidate_id?: string | undefined;
  job?: string | undefined;
}

const OVERLAY_CACHE_SIZE = 16;

/** Turns the first zod issue into an InputError naming its path (`changes[2].lon`). */
export function zodInputError(error: z.ZodError): InputError {
  const issue = error.issues[0]!;
  const path = [...issue.path];
  if (issue.code === 'unrecognized_keys') path.push(issue.keys[0]!);
  const field = fieldPath(path) || 'body';
  const message = issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message.replace(/^Invalid input: /, '');
  return new InputError(field, message);
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw zodInputError(parsed.error);
  return parsed.data;
}

/** Visibility: the public sees published scenarios; planners also their own; admins all. */
export function canSee(p: Caller, s: Pick<Scenario, 'owner' | 'published'>): boolean {
  return s.published || p.role === 'admin' || (p.role !== 'public' && p.user !== null && s.owner === p.user);
}

function canEdit(p: Caller, s: Pick<Scenario, 'owner'>): boolean {
  return p.role === 'admin' || (p.role !== 'public' && p.user !== null && s.owner === p.user);
}

/** The net effect of a change list on the baseline, or an error naming the change at fault. */
interface Folded {
  closed: Set<string>;
  moved: Map<string, { lon: number; lat: number }>;
  added: Map<string, Extract<ScenarioChange, { op: 'add' }>>;
}

/**
 * Applies changes in order: an add takes a new code; a move or close names a baseline facility (not
 * closed earlier in the list) or one added earlier. `exists(code)` says whether the baseline has it.
 */
function foldChanges(changes: readonly ScenarioChange[], exists: (code: string) => boolean, fail: (field: string, message: string) => never): Folded {
  const folded: Folded = { closed: new Set(), moved: new Map(), added: new Map() };
  changes.forEach((c, i) => {
    const field = `changes[${i}].code`;
    if (c.op === 'add') {
      if (exists(c.code)) fail(field, `the baseline already has a facility ${JSON.stringify(c.code)}; give the new one another code`);
      if (folded.added.has(c.code)) fail(field, `the scenario already adds a facility ${JSON.stringify(c.code)}`);
      folded.added.set(c.code, c);
      return;
    }
    const added = folded.added.get(c.code);
    if (added) {
      if (c.op === 'move') folded.added.set(c.code, { ...added, lon: c.lon, lat: c.lat });
      else folded.added.delete(c.code);
      return;
    }
    if (!exists(c.code)) fail(field, `no facility ${JSON.stringify(c.code)} in the baseline or added earlier in the scenario`);
    if (folded.closed.has(c.code)) fail(field, `facility ${JSON.stringify(c.code)} is closed earlier in the scenario`);
    if (c.op === 'move') folded.moved.set(c.code, { lon: c.lon, lat: c.lat });
    else {
      folded.closed.add(c.code);
      folded.moved.delete(c.code);
    }
  });
  return folded;
}

/**
 * Scenarios in PostgreSQL: CRUD with visibility rules and row versions (If-Match), audited like
 * feature edits, validated against the baseline; and their resolution into a {@link ScenarioOverlay}
 * that the computing services apply to their snapshots. Editing a scenario never writes city data,
 * so the data version (and every baseline cache) is untouched.
 */
export class ScenarioService {
  #overlays = new Map<string, Promise<ScenarioOverlay>>();
  /**
   * Per data version: whether the baseline has a code, and the community containing a point. A new
   * version of a scenario (an edit) then looks up only its new codes and points, not all of them.
   */
  #lookups: { version: string; codes: Map<string, boolean>; points: Map<string, string | null> } | undefined;

  constructor(private readonly db: Db) {}

  async #row(id: number, lock = false, q: Querier = this.db.sql): Promise<Scenario | undefined> {
    return findScenario<ScenarioChange>(q, id, { lock });
  }

  /** The scenarios the caller may see, newest first. */
  async list(p: Caller): Promise<Scenario[]> {
    // The same rule as canSee, in SQL.
    const rows = await listScenarios<ScenarioChange>(this.db.sql, { all: p.role === 'admin', owner: p.role !== 'public' ? p.user : null });
    return rows.filter((s) => canSee(p, s));
  }

  /** One scenario; 404 when it does not exist or the caller may not see it (no existence leak). */
  async get(id: number, p: Caller, field = 'id'): Promise<Scenario> {
    const row = await this.#row(id);
    if (!row || !canSee(p, row)) throw new InputError(field, `no scenario ${id}; GET /api/scenarios lists those you can see`, 'not_found');
    return row;
  }

  /** Validates changes against the catalogue and the baseline; gives adds without a code one. */
  async #validate(changes: readonly ScenarioChangeInput[], scenarioId: number, previous: readonly ScenarioChange[] = []): Promise<ScenarioChange[]> {
    // The catalogue and the baseline's codes in one go (two statements at once on a pool).
    const maybeCodes = [...new Set(changes.map((c) => c.code).filter((c): c is string => c !== undefined))];
    const [catalogue, named] = await Promise.all([listFacilityTypes(this.db.sql), existingFacilityCodes(this.db.sql, maybeCodes)]);
    const types = new Map(catalogue.map((t) => [t.code, t.name_zh]));
    changes.forEach((c, i) => {
      if (c.op === 'add' && !types.has(c.type)) {
        throw new InputError(`changes[${i}].type`, `unknown facility type ${JSON.stringify(c.type)}; known types: ${[...types.keys()].sort().join(', ')}`);
      }
    });
    // Server-given codes continue after the highest one used so far, so a code is never reused.
    const mine = new RegExp(`^s${scenarioId}-(\\d+)$`);
    let next = 1 + Math.max(0, ...[...previous, ...changes].map((c) => Number(mine.exec(c.code ?? '')?.[1] ?? 0)));
    // Adds are stored with their code and name, so a reader sees exactly which facility each would be.
    const stored: ScenarioChange[] = changes.map((c) => {
      if (c.op !== 'add') return c;
      const code = c.code ?? `s${scenarioId}-${next++}`;
      return { ...c, code, name: c.name ?? `${types.get(c.type)}（方案 ${scenarioId}·${code}）` };
    });
    // Server-given codes (s<id>-<n>) were not looked up above: ask for those only.
    const asked = new Set(maybeCodes);
    const rest = [...new Set(stored.map((c) => c.code))].filter((c) => !asked.has(c));
    const baseline = rest.length === 0 ? named : new Set([...named, ...(await existingFacilityCodes(this.db.sql, rest))]);
    foldChanges(stored, (code) => baseline.has(code), (field, message) => {
      throw new InputError(field, message);
    });
    return stored;
  }

  async #audit(tx: Querier, actor: string, action: 'create' | 'patch' | 'delete', id: number, before: Scenario | null, after: Scenario | null) {
    await recordAudit(tx, { actor, action, collection: 'scenarios', code: String(id), before, after });
  }

  /** Creates a scenario owned by the caller. Only admins may create it published. */
  async create(body: unknown, p: Caller, actor: string): Promise<Scenario> {
    const b = parse(createSchema, body);
    if (b.published && p.role !== 'admin') throw new ScenarioForbidden('only an admin can publish a scenario', 'published');
    const id = await nextScenarioId(this.db.sql);
    const changes = await this.#validate(b.changes, id);
    return this.db.sql.begin(async (tx) => {
      await insertScenario(tx, id, actor, { name: b.name, description: b.description, published: b.published ?? false, changes });
      const after = (await this.#row(id, false, tx))!;
      await this.#audit(tx, actor, 'create', id, null, after);
      return after;
    });
  }

  /** Locks the row, checks visibility, edit rights and the version named by If-Match. */
  async #forUpdate(tx: Querier, id: number, ifMatch: number, p: Caller): Promise<Scenario> {
    const current = await this.#row(id, true, tx);
    if (!current || !canSee(p, current)) throw new EditConflict('not_found', `no scenario ${id}`, 'id');
    if (!canEdit(p, current)) throw new ScenarioForbidden(`scenario ${id} belongs to ${current.owner}; only its owner or an admin can change it`);
    if (current.version !== ifMatch) {
      throw new EditConflict('precondition_failed', `scenario ${id} changed since you read it (your version ${ifMatch}, current ${current.version}); reload and apply your edit again`, 'If-Match', current.version);
    }
    return current;
  }

  /** Replaces the fields given; `published` only by an admin. */
  async patch(id: number, body: unknown, ifMatch: number, p: Caller, actor: string): Promise<Scenario> {
    const b = parse(patchSchema, body);
    if (b.published !== undefined && p.role !== 'admin') throw new ScenarioForbidden('only an admin can publish or unpublish a scenario', 'published');
    return this.#update(id, ifMatch, p, actor, async (current) => ({
      name: b.name ?? current.name,
      description: b.description ?? current.description,
      published: b.published ?? current.published,
      changes: b.changes ? await this.#validate(b.changes, id, current.changes) : current.changes,
    }));
  }

  /** Appends siting proposals to the scenario as adds, in build order. */
  async accept(id: number, proposals: readonly AcceptedProposal[], ifMatch: number, p: Caller, actor: string): Promise<Scenario> {
    if (proposals.length === 0) throw new InputError('proposals', 'nothing to accept');
    return this.#update(id, ifMatch, p, actor, async (current) => {
      if (current.changes.length + proposals.length > MAX_CHANGES) throw new InputError('proposals', `a scenario holds at most ${MAX_CHANGES} changes`);
      const adds: ScenarioChangeInput[] = proposals.map((x) => ({
        op: 'add', type: x.type, lon: x.lon, lat: x.lat,
        source: { siting: { model: x.model ?? 'unknown', rank: x.rank, ...(x.candidate_id !== undefined ? { candidate_id: x.candidate_id } : {}), ...(x.job !== undefined ? { job: x.job } : {}) } },
      }));
      const added = await this.#validate(adds, id, current.changes);
      return { name: current.name, description: current.description, published: current.published, changes: [...current.changes, ...added] };
    });
  }

  async #update(id: number, ifMatch: number, p: Caller, actor: string, build: (current: Scenario) => Promise<Pick<Scenario, 'name' | 'description' | 'published' | 'changes'>>): Promise<Scenario> {
    // Validation reads the baseline outside any lock; the write is conditional on the version read
    // here (UPDATE … WHERE version = If-Match), so a concurrent edit makes it fail, never overwrite.
    const snapshot = await this.get(id, p);
    if (!canEdit(p, snapshot)) throw new ScenarioForbidden(`scenario ${id} belongs to ${snapshot.owner}; only its owner or an admin can change it`);
    this.#checkVersion(snapshot, ifMatch);
    const next = await build(snapshot);
    const after = await this.db.sql.begin(async (tx) => {
      const written = await updateScenario<ScenarioChange>(tx, id, ifMatch, next);
      if (!written) {
        // Changed or deleted since the read above: say which, as the locked path would have.
        const now = await this.#row(id, false, tx);
        if (!now || !canSee(p, now)) throw new EditConflict('not_found', `no scenario ${id}`, 'id');
        this.#checkVersion(now, ifMatch);
        throw new EditConflict('precondition_failed', `scenario ${id} changed while your edit was being written; reload and apply it again`, 'If-Match', now.version);
      }
      // The version read is the version replaced (the trigger bumps it on every write): it is the "before".
      await this.#audit(tx, actor, 'patch', id, snapshot, written);
      return written;
    });
    this.#prime(after);
    return after;
  }

  #checkVersion(s: Scenario, ifMatch: number): void {
    if (s.version !== ifMatch) {
      throw new EditConflict('precondition_failed', `scenario ${s.id} changed since you read it (your version ${ifMatch}, current ${s.version}); reload and apply your edit again`, 'If-Match', s.version);
    }
  }

  /**
   * Starts resolving the version just written, so the map's next request (the coverage answer under
   * it) finds the overlay cached instead of resolving it on its own critical path. Best effort: a
   * failure only drops the cache entry (overlay() resolves again and reports the error).
   */
  #prime(s: Scenario): void {
    // The catch covers the resolve too: a rejection left unhandled here would stop the process.
    currentDataVersion(this.db).then((dataVersion) => this.#cached(s, dataVersion)).catch(() => undefined);
  }

  async remove(id: number, ifMatch: number, p: Caller, actor: string): Promise<void> {
    await this.db.sql.begin(async (tx) => {
      const current = await this.#forUpdate(tx, id, ifMatch, p);
      await deleteScenario(tx, id);
      await this.#audit(tx, actor, 'delete', id, current, null);
    });
  }

  /** Reads `accept` bodies: `{ job, take? }` or `{ proposals: FeatureCollection, take? }`. */
  parseAccept(body: unknown): z.infer<typeof acceptSchema> {
    return parse(acceptSchema, body);
  }

  /**
   * The scenario resolved against the current baseline (404 if the caller may not see it; 409 if its
   * changes no longer apply). Cached per (data version, id, version).
   */
  async overlay(id: number, p: Caller, field = 'scenario'): Promise<ScenarioOverlay> {
    const [scenario, dataVersion] = await Promise.all([this.get(id, p, field), currentDataVersion(this.db)]);
    return this.#cached(scenario, dataVersion);
  }

  #cached(scenario: Scenario, dataVersion: string): Promise<ScenarioOverlay> {
    const key = `${dataVersion}|${scenario.id}@${scenario.version}`;
    let hit = this.#overlays.get(key);
    if (!hit) {
      buildCounts.overlayResolves += 1;
      hit = this.#resolve(scenario, dataVersion);
      for (const k of this.#overlays.keys()) if (!k.startsWith(`${dataVersion}|`)) this.#overlays.delete(k);
      if (this.#overlays.size >= OVERLAY_CACHE_SIZE) this.#overlays.delete(this.#overlays.keys().next().value!);
      this.#overlays.set(key, hit);
      hit.catch(() => this.#overlays.get(key) === hit && this.#overlays.delete(key));
    }
    return hit;
  }

  async #resolve(s: Scenario, dataVersion: string): Promise<ScenarioOverlay> {
    if (this.#lookups?.version !== dataVersion || this.#lookups.points.size > 50_000 || this.#lookups.codes.size > 50_000) {
      this.#lookups = { version: dataVersion, codes: new Map(), points: new Map() };
    }
    const look = this.#lookups;
    const codes = [...new Set(s.changes.map((c) => c.code))].filter((c) => !look.codes.has(c));
    const have = await existingFacilityCodes(this.db.sql, codes);
    for (const c of codes) look.codes.set(c, have.has(c));
    const folded = foldChanges(s.changes, (code) => look.codes.get(code) === true, (field, message) => {
      throw new InputError('scenario', `scenario ${s.id} no longer applies to the baseline (${field}: ${message}); edit its changes (PATCH /api/scenarios/${s.id})`, 'conflict');
    });
    const at = (x: { lon: number; lat: number }) => `${x.lon},${x.lat}`;
    const all = [...folded.moved.values(), ...folded.added.values()];
    const points = [...new Map(all.filter((x) => !look.points.has(at(x))).map((x) => [at(x), x])).values()].map((x, i) => ({ i, lon: x.lon, lat: x.lat }));
    const rows = await pointCommunities(this.db.sql, points);
    for (const r of rows) look.points.set(at(points[r.i]!), r.community_code);
    const community = all.map((x) => look.points.get(at(x)) ?? null);
    let k = 0;
    const moved = new Map<string, ScenarioMove>();
    for (const [code, m] of folded.moved) moved.set(code, { lon: m.lon, lat: m.lat, community_code: community[k++] ?? null });
    const added: ScenarioFacilityRecord[] = [];
    for (const a of folded.added.values()) {
      const f = a.fields ?? {};
      added.push({
        code: a.code,
        name: a.name ?? a.code,
        type: a.type,
        status: 'open',
        opened_on: null,
        closed_on: null,
        floor_area_m2: f.floor_area_m2 ?? null,
        site_area_m2: f.site_area_m2 ?? null,
        beds: f.beds ?? null,
        gp_count: f.gp_count ?? null,
        grade: f.grade ?? null,
        service_items: f.service_items ?? null,
        properties: f.properties ?? {},
        lon: a.lon,
        lat: a.lat,
        community_code: community[k++] ?? null,
      });
    }
    return new ScenarioOverlay(s.id, s.version, s.name, folded.closed, moved, added);
  }
}
