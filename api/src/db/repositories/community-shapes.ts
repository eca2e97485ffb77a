import { sql } from 'kysely';
import { kyselyOf, type Queryable } from '../queryable.ts';

/**
 * One transaction-scoped advisory lock for every write of community shapes (imports and single
 * writes): the no-overlap check and the write it guards run one transaction at a time, so two
 * concurrent writers can never both pass the check against the other's uncommitted shape.
 */
const COMMUNITY_SHAPES_LOCK = 0x6c630021; // 'lc' + issue 21: any constant, the same in every process

/** Waits for (and holds until commit or rollback) the community-shapes lock. */
export async function lockCommunityShapes(q: Queryable): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${COMMUNITY_SHAPES_LOCK}::bigint)`.execute(kyselyOf(q));
}

/** Stored communities whose interior overlaps community `code` by more than `toleranceM2` (geodesic m²). */
export async function overlapsOfCommunity(q: Queryable, code: string, toleranceM2: number): Promise<{ code: string; area_m2: number }[]> {
  const { rows } = await sql<{ code: string; area_m2: number }>`
    SELECT code, area_m2 FROM (
      SELECT o.code, ST_Area(ST_CollectionExtract(ST_Intersection(n.geom, o.geom), 3)::geography) AS area_m2
      FROM community n JOIN community o ON o.geom && n.geom AND o.code <> n.code
      WHERE n.code = ${code} AND ST_Relate(n.geom, o.geom, 'T********')
    ) x WHERE area_m2 > ${toleranceM2} ORDER BY area_m2 DESC`.execute(kyselyOf(q));
  return rows.map((r) => ({ code: r.code, area_m2: Number(r.area_m2) }));
}
