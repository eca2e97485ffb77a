/**
 * What a scenario is: a named list of facility changes over the baseline city (add, move, close),
 * applied in order. The request schemas live here, and so does {@link ScenarioOverlay}, the resolved
 * form every coverage, accessibility, plan and siting computation applies to its own snapshot.
 */
import { z } from 'zod';
import { InputError } from './errors.ts';
import type { Facility } from '../schema/facility.ts';

const code = z.string().trim().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - only, 1–64 characters');
const lon = z.number({ error: 'must be a number' }).min(-180).max(180);
const lat = z.number({ error: 'must be a number' }).min(-90).max(90);
const count = z.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must not be negative');
const measure = z.number({ error: 'must be a number' }).min(0, 'must not be negative').finite();

/** Columns of an added facility besides code, type and point: the `facility` table's own fields. */
export const addedFieldsSchema = z
  .object({
    floor_area_m2: measure.nullable().optional(),
    site_area_m2: measure.nullable().optional(),
    beds: count.nullable().optional(),
    gp_count: count.nullable().optional(),
    grade: z.string().max(20).nullable().optional(),
    service_items: count.nullable().optional(),
    /** Anything else, kept as the facility's `properties` (jsonb). */
    properties: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/** Where an added facility came from when it was accepted from a siting run. */
const sourceSchema = z
  .object({
    siting: z.object({ model: z.string().max(20), rank: z.number().int().positive(), candidate_id: z.string().max(200).optional(), job: z.string().max(64).optional() }).strict(),
  })
  .strict();

export const changeSchema = z.discriminatedUnion('op', [
  z
    .object({
      op: z.literal('add'),
      /** Left out: the server gives one (`s<scenario id>-<n>`). */
      code: code.optional(),
      type: z.string().min(1).max(64),
      name: z.string().trim().min(1, 'must not be empty').max(200).optional(),
      lon,
      lat,
      fields: addedFieldsSchema.optional(),
      source: sourceSchema.optional(),
    })
    .strict(),
  z.object({ op: z.literal('move'), code, lon, lat }).strict(),
  z.object({ op: z.literal('close'), code }).strict(),
]);

export type ScenarioChangeInput = z.infer<typeof changeSchema>;
/** A stored change: adds always carry their code. */
export type ScenarioChange = Exclude<ScenarioChangeInput, { op: 'add' }> | (Extract<ScenarioChangeInput, { op: 'add' }> & { code: string });

export const MAX_CHANGES = 2000;

export const createSchema = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(200),
    description: z.string().max(5000).default(''),
    changes: z.array(changeSchema).max(MAX_CHANGES).default([]),
    published: z.boolean().optional(),
  })
  .strict();

/** PATCH: the fields given replace the stored ones (`changes` as a whole list). */
export const patchSchema = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(200).optional(),
    description: z.string().max(5000).optional(),
    changes: z.array(changeSchema).max(MAX_CHANGES).optional(),
    published: z.boolean().optional(),
  })
  .strict();

/** `POST /api/scenarios/{id}/accept`: proposals of a siting run (the job, or its proposals as returned). */
export const acceptSchema = z
  .object({
    job: z.string().min(1).max(64).optional(),
    proposals: z
      .object({
        type: z.literal('FeatureCollection'),
        features: z.array(z.object({
          type: z.literal('Feature'),
          geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([lon, lat]) }),
          properties: z.object({ type: z.string().min(1), rank: z.number().int().positive(), candidate_id: z.string().optional(), model: z.string().optional() }).passthrough(),
        })).min(1).max(MAX_CHANGES),
      })
      .optional(),
    /** Accept only the first `take` proposals in build order (default: all). */
    take: z.number().int().positive().optional(),
  })
  .strict()
  .refine((b) => (b.job === undefined) !== (b.proposals === undefined), { message: 'give either job or proposals', path: ['job'] });

/** A facility a scenario adds, as the `facility` table would hold it, plus the community containing it. */
export interface ScenarioFacilityRecord extends Omit<Facility, 'status' | 'opened_on' | 'closed_on'> {
  status: 'open';
  opened_on: null;
  closed_on: null;
  lon: number;
  lat: number;
  /** ST_Covers like sql/queries/plan_facilities.sql: the containing community with the smallest code, or null. */
  community_code: string | null;
}

/** A baseline facility the scenario moves: its new point and the community containing it. */
export interface ScenarioMove {
  lon: number;
  lat: number;
  community_code: string | null;
}

/**
 * A scenario resolved against the baseline at one data version: the baseline facilities it removes,
 * the ones it moves, and the ones it adds (final state after applying the changes in order).
 * Serialises (JSON) to `{ id, version }`, which is how caches and reports name it: together with the
 * data version those two fix everything here.
 */
export class ScenarioOverlay {
  constructor(
    readonly id: number,
    readonly version: number,
    readonly name: string,
    readonly closed: ReadonlySet<string>,
    readonly moved: ReadonlyMap<string, ScenarioMove>,
    readonly added: readonly ScenarioFacilityRecord[],
  ) {}

  /** Cache key part: the same (id, version) always means the same changes. */
  get key(): string {
    return `${this.id}@${this.version}`;
  }

  toJSON(): { id: number; version: number } {
    return { id: this.id, version: this.version };
  }

  /**
   * Applies the overlay to a baseline facility list (any shape with code, lon, lat): removes the
   * closed ones, moves the moved ones, appends `addedAs(record)` for each added one. Throws (via
   * `missing`) when the baseline no longer has a facility the scenario moves or closes.
   */
  apply<F extends { code: string; lon: number; lat: number }>(
    baseline: readonly F[],
    addedAs: (record: ScenarioFacilityRecord) => F,
    movedAs: (facility: F, move: ScenarioMove) => F = (f, m) => ({ ...f, lon: m.lon, lat: m.lat }),
  ): F[] {
    const seen = new Set<string>();
    const out: F[] = [];
    for (const f of baseline) {
      if (this.closed.has(f.code)) {
        seen.add(f.code);
        continue;
      }
      const move = this.moved.get(f.code);
      if (move) seen.add(f.code);
      out.push(move ? movedAs(f, move) : f);
    }
    const gone = [...this.closed, ...this.moved.keys()].filter((c) => !seen.has(c));
    if (gone.length > 0) throw new ScenarioStaleError(this, `facility ${gone.map((c) => JSON.stringify(c)).join(', ')} no longer exists in the baseline`);
    const taken = new Set(baseline.map((f) => f.code));
    const clash = this.added.filter((a) => taken.has(a.code)).map((a) => a.code);
    if (clash.length > 0) throw new ScenarioStaleError(this, `the baseline now has a facility with code ${clash.map((c) => JSON.stringify(c)).join(', ')} that the scenario adds`);
    for (const a of this.added) out.push(addedAs(a));
    return out;
  }
}

/** The baseline changed under a scenario so that its changes no longer apply (HTTP 409, field `scenario`). */
export class ScenarioStaleError extends InputError {
  override name = 'ScenarioStaleError';
  constructor(scenario: ScenarioOverlay, reason: string) {
    super('scenario', `scenario ${scenario.id} no longer applies: ${reason}; edit its changes (PATCH /api/scenarios/${scenario.id})`, 'conflict');
  }
}
