import { sql } from 'kysely';
import { kyselyOf, type Queryable } from '../queryable.ts';

/** Sets one `app_state` value (JSON), replacing the old one. */
export async function setAppState(q: Queryable, key: string, value: unknown): Promise<void> {
  await kyselyOf(q)
    .insertInto('app_state')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), updated_at: sql<Date>`now()` })))
    .execute();
}

/** One `app_state` value, or undefined when the key was never set. */
export async function getAppState(q: Queryable, key: string): Promise<unknown> {
  const row = await kyselyOf(q).selectFrom('app_state').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

/** Removes one `app_state` value. */
export async function deleteAppState(q: Queryable, key: string): Promise<void> {
  await kyselyOf(q).deleteFrom('app_state').where('key', '=', key).execute();
}
