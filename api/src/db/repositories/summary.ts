import { sql } from 'kysely';
import { kyselyOf, type Queryable } from '../queryable.ts';
import { readDataVersion } from './data-version.ts';

/** The city in a few numbers: what the map's summary line and per-type counts show. */
export interface CitySummary {
  data_version: string;
  communities: number;
  population: number;
  facilities: number;
  /** Every catalogue type, 0 when it has none. */
  facilities_by_type: Record<string, number>;
}

/**
 * Counts the communities, their population and the facilities per catalogue type, as the item lists
 * would (every facility row, whatever its status: the lists the map used to count showed them all).
 * One snapshot: the version read with the counts keys them.
 */
export async function readCitySummary(q: Queryable): Promise<CitySummary> {
  // Repeatable read: the counts and the version they are labelled with come from one snapshot.
  return kyselyOf(q).transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
    const version = (await readDataVersion(trx)) ?? '0';
    const community = await trx.selectFrom('community')
      .select([sql<string>`count(*)::text`.as('n'), sql<string>`coalesce(sum(population), 0)::text`.as('population')])
      .executeTakeFirstOrThrow();
    const types = await trx.selectFrom('facility_type')
      .leftJoin('facility', 'facility.type', 'facility_type.code')
      .select(['facility_type.code as code', sql<string>`count(facility.code)::text`.as('n')])
      .groupBy('facility_type.code').orderBy('facility_type.code').execute();
    const byType = Object.fromEntries(types.map((row) => [row.code, Number(row.n)]));
    return {
      data_version: version,
      communities: Number(community.n),
      population: Number(community.population),
      facilities: types.reduce((sum, row) => sum + Number(row.n), 0),
      facilities_by_type: byType,
    };
  });
}
