import { sql } from 'kysely';
import { kyselyOf, type Queryable } from '../queryable.ts';
import { runQuery, type Querier } from '../sql-files.ts';

/**
 * Scenarios (`scenario`): what-if change lists over the baseline, and the two baseline look-ups
 * resolving them needs (which facility codes exist, which community holds a point). The change list
 * is stored as given (jsonb); the service validates it and gives it its type.
 */

/** A `scenario` row (timestamps as ISO 8601 UTC strings, microseconds). */
export interface ScenarioRow<C = unknown> {
  id: number;
  name: string;
  description: string;
  owner: string;
  published: boolean;
  changes: C[];
  version: number;
  created_at: string;
  updated_at: string;
}

/** What a write sets. */
export interface ScenarioValues<C = unknown> {
  name: string;
  description: string;
  published: boolean;
  changes: readonly C[];
}

const stamp = (column: 'created_at' | 'updated_at') =>
  sql<string>`to_char(${sql.ref(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as(column);

function selectScenarios(q: Queryable) {
  return kyselyOf(q)
    .selectFrom('scenario')
    .select(['id', 'name', 'description', 'owner', 'published', sql<unknown[]>`changes`.as('changes'), 'version', stamp('created_at'), stamp('updated_at')]);
}

/** Scenario `id`, or undefined; `lock` holds its row until the caller's transaction ends. */
export async function findScenario<C>(q: Queryable, id: number, options: { lock?: boolean } = {}): Promise<ScenarioRow<C> | undefined> {
  const query = selectScenarios(q).where('id', '=', id);
  return (await (options.lock ? query.forUpdate() : query).executeTakeFirst()) as ScenarioRow<C> | undefined;
}

/**
 * Scenarios newest first: every one (`all`), else the published ones and those `owner` owns
 * (owner null: only the published).
 */
export async function listScenarios<C>(q: Queryable, visible: { all: boolean; owner: string | null }): Promise<ScenarioRow<C>[]> {
  let query = selectScenarios(q);
  if (!visible.all) {
    const owner = visible.owner;
    query = query.where((eb) => (owner === null ? eb('published', '=', true) : eb.or([eb('published', '=', true), eb('owner', '=', owner)])));
  }
  return (await query.orderBy('id', 'desc').execute()) as ScenarioRow<C>[];
}

/** Takes the next scenario id from the table's sequence (adds name codes after it before the row exists). */
export async function nextScenarioId(q: Queryable): Promise<number> {
  const { rows } = await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('scenario', 'id'))::int AS id`.execute(kyselyOf(q));
  return rows[0]!.id;
}

/** Inserts scenario `id` (an id taken with {@link nextScenarioId}). */
export async function insertScenario<C>(q: Queryable, id: number, owner: string, values: ScenarioValues<C>): Promise<void> {
  await kyselyOf(q)
    .insertInto('scenario')
    .values({
      id,
      owner,
      name: values.name,
      description: values.description,
      published: values.published,
      changes: sql`${values.changes as unknown[]}::jsonb`,
    })
    .execute();
}

/**
 * Replaces the fields of scenario `id` if its row version is still `version` (its version then moves
 * on by trigger), and gives the row as written; undefined when the row is gone or was changed since.
 * One statement does the version check, the write and the read-back, so an edit needs no row lock
 * held across round trips and never overwrites a version it did not see.
 */
export async function updateScenario<C>(q: Queryable, id: number, version: number, values: ScenarioValues<C>): Promise<ScenarioRow<C> | undefined> {
  const row = await kyselyOf(q)
    .updateTable('scenario')
    .set({
      name: values.name,
      description: values.description,
      published: values.published,
      changes: sql`${values.changes as unknown[]}::jsonb`,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning(['id', 'name', 'description', 'owner', 'published', sql<unknown[]>`changes`.as('changes'), 'version', stamp('created_at'), stamp('updated_at')])
    .executeTakeFirst();
  return row as ScenarioRow<C> | undefined;
}

/** Deletes scenario `id`. */
export async function deleteScenario(q: Queryable, id: number): Promise<void> {
  await kyselyOf(q).deleteFrom('scenario').where('id', '=', id).execute();
}

/** Which of `codes` the baseline's facility table holds. */
export async function existingFacilityCodes(q: Queryable, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  // One jsonb parameter, however many codes (a scenario holds thousands of changes at most).
  const rows = await kyselyOf(q)
    .selectFrom('facility')
    .select('code')
    .where('code', 'in', sql<string>`(SELECT jsonb_array_elements_text(${[...codes]}::jsonb))`)
    .execute();
  return new Set(rows.map((r) => r.code));
}

/** The community containing each point (`scenario_point_communities.sql`: the smallest covering code, or null). */
export function pointCommunities(q: Querier, points: ReadonlyArray<{ i: number; lon: number; lat: number }>): Promise<Array<{ i: number; community_code: string | null }>> {
  if (points.length === 0) return Promise.resolve([]);
  return runQuery<{ i: number; community_code: string | null }>(q, 'scenario_point_communities', [points as never]);
}
