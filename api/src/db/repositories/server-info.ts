import { sql } from 'kysely';
import { kyselyOf, type Queryable } from '../queryable.ts';

/** The PostGIS library version the database runs (`postgis_lib_version()`), e.g. '3.3.2'; answers only when the database does. */
export async function postgisVersion(q: Queryable): Promise<string | null> {
  const { rows } = await sql<{ postgis: string }>`SELECT postgis_lib_version() AS postgis`.execute(kyselyOf(q));
  return rows[0]?.postgis ?? null;
}
