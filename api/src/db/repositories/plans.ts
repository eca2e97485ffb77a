import { sql } from 'kysely';
import type { MultiPolygon, Polygon } from 'geojson';
import type { PlanCommunity, PlanFacility, PlanFacilityType, PlanProfile, ReportedFigure } from '../../domain/plans/index.ts';
import { kyselyOf, type Queryable } from '../queryable.ts';
import { runQuery, type Querier } from '../sql-files.ts';

/**
 * Plan profiles (`plan_profile`), the figures entered for their reported targets
 * (`plan_reported_value`), and the city as plan evaluation reads it (`sql/queries/plan_*.sql`).
 * Profiles are stored validated; these functions neither validate nor begin transactions.
 */

/** A stored profile with its bookkeeping (`updated_at` as ISO 8601 UTC, seconds). */
export interface PlanProfileRow {
  profile: PlanProfile;
  builtin: boolean;
  modified: boolean;
  revision: number;
  updated_at: string;
}

/** A figure as stored: its id (bigint as text) and every column of {@link ReportedFigure}. */
export type StoredReportedFigure = ReportedFigure & { id: string };

/** A checked figure, ready to store. */
export interface ReportedFigureInput {
  target_id: string;
  measure: string;
  unit_code: string;
  value: number;
  date: string;
  source: string;
  author: string;
  note: string | null;
}

const updatedAt = sql<string>`to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`.as('updated_at');

function selectProfiles(q: Queryable) {
  return kyselyOf(q)
    .selectFrom('plan_profile')
    .select([sql<PlanProfile>`profile`.as('profile'), 'builtin', 'modified', 'revision', updatedAt]);
}

/** Inserts missing built-in profiles and refreshes the built-ins nobody edited (`upsert_builtin_plans.sql`). */
export async function upsertBuiltinPlans(q: Querier, profiles: readonly PlanProfile[]): Promise<void> {
  await runQuery(q, 'upsert_builtin_plans', [profiles as never]);
}

/** Every profile, built-ins first, then by id. */
export async function listPlanProfiles(q: Queryable): Promise<PlanProfileRow[]> {
  return selectProfiles(q).orderBy('builtin', 'desc').orderBy('id').execute();
}

/** Profile `id`, or undefined. */
export async function findPlanProfile(q: Queryable, id: string): Promise<PlanProfileRow | undefined> {
  return selectProfiles(q).where('id', '=', id).executeTakeFirst();
}

/** Adds a profile; false when its id is taken (nothing written). */
export async function insertPlanProfile(q: Queryable, profile: PlanProfile): Promise<boolean> {
  const row = await kyselyOf(q)
    .insertInto('plan_profile')
    .values({ id: profile.id, profile: sql`${profile as object}::jsonb` })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Creates or replaces profile `id`; a built-in so replaced is marked modified (later start-ups keep it).
 * @returns whether the row was new.
 */
export async function upsertPlanProfile(q: Queryable, id: string, profile: PlanProfile): Promise<{ inserted: boolean }> {
  const row = await kyselyOf(q)
    .insertInto('plan_profile')
    .values({ id, profile: sql`${profile as object}::jsonb` })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({
        profile: sql`EXCLUDED.profile`,
        modified: sql<boolean>`plan_profile.builtin`,
        revision: sql<number>`plan_profile.revision + 1`,
        updated_at: sql<Date>`now()`,
      }),
    )
    .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
    .executeTakeFirst();
  return { inserted: row?.inserted === true };
}

/** Stores one figure for plan `planId`; the row as {@link listReportedFigures} reads it. */
export async function insertReportedFigure(q: Queryable, planId: string, r: ReportedFigureInput): Promise<StoredReportedFigure> {
  const row = await kyselyOf(q)
    .insertInto('plan_reported_value')
    .values({
      plan_id: planId,
      target_id: r.target_id,
      measure: r.measure,
      unit_code: r.unit_code,
      value: r.value,
      as_of: r.date,
      source: r.source,
      author: r.author,
      note: r.note,
    })
    .returning([
      sql<string>`id::text`.as('id'),
      'target_id',
      'measure',
      'unit_code',
      'value',
      'as_of',
      'source',
      'author',
      'note',
      sql<string>`to_char(entered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('entered_at'),
    ])
    .executeTakeFirstOrThrow();
  return row;
}

/** Every figure entered for plan `planId` (`plan_reported_values.sql`). */
export function listReportedFigures(q: Querier, planId: string): Promise<StoredReportedFigure[]> {
  return runQuery<StoredReportedFigure>(q, 'plan_reported_values', [planId]);
}

/** A street or district row of `plan_units.sql`. */
export interface PlanUnitRow {
  level: string;
  code: string;
  name: string;
  kind: string;
  parent_code: string | null;
  properties: Record<string, unknown> | null;
}

/** A facility as plan evaluation loads it, with its point (for report maps). */
export type PlanFacilityRow = PlanFacility & { lon: number; lat: number };

/**
 * The parts of the city plan evaluation reads: communities, streets and districts, facilities (each
 * with the community containing it) and the catalogue. Run it in one repeatable-read transaction so
 * the parts agree with each other and with the data version read there.
 */
export async function readPlanCityRows(q: Querier): Promise<{
  communities: PlanCommunity[];
  units: PlanUnitRow[];
  facilities: PlanFacilityRow[];
  types: PlanFacilityType[];
}> {
  const communities = await runQuery<PlanCommunity>(q, 'plan_communities');
  const units = await runQuery<PlanUnitRow>(q, 'plan_units');
  const facilities = await runQuery<PlanFacilityRow>(q, 'plan_facilities');
  const types = await kyselyOf(q).selectFrom('facility_type').select(['code', 'name_zh', 'name_en', 'level']).orderBy('code').execute();
  return { communities, units, facilities, types };
}

/** Community polygons by code, for report maps (`plan_community_shapes.sql`). */
export async function readCommunityShapes(q: Querier): Promise<Map<string, Polygon | MultiPolygon>> {
  const rows = await runQuery<{ code: string; geometry: Polygon | MultiPolygon }>(q, 'plan_community_shapes');
  return new Map(rows.map((r) => [r.code, r.geometry]));
}
