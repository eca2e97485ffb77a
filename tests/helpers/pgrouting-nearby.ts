/**
 * Walking distance from one point to given facilities by PostGIS + pgRouting alone (the
 * independent truth for GET /api/nearby): the point and the facilities snapped to their nearest
 * walkable line in SQL (as pgrouting.ts snaps buildings), a virtual vertex 0 joined to both ends of
 * the point's line, pgr_drivingDistance from it, then per facility its snap leg + min(via either
 * end of its line, straight along the line when it shares the point's line). Needs pgrPrepare first.
 */
import type { Sql } from 'postgres';
import { snapSelect } from './pgrouting.ts';

/** Facility code → walking metres (absent: the facility or the point is beyond the snap limit); `ambiguous` when a snap is a near-tie. */
export async function pgrWalkFromPoint(sql: Sql, lon: number, lat: number, codes: readonly string[], maxSnapM: number): Promise<{ walk: Map<string, number>; ambiguous: boolean }> {
  const point = `SELECT 'origin'::text AS code, ST_SetSRID(ST_MakePoint(${Number(lon)}, ${Number(lat)}), 4326) AS geom`;
  const list = codes.map((c) => `'${c.replace(/'/g, "''")}'`).join(',');
  await sql.unsafe(`DROP TABLE IF EXISTS pgr_origin, pgr_target, pgr_origin_dist;
    CREATE TABLE pgr_origin AS ${snapSelect(point, { maxSnapM })};
    CREATE TABLE pgr_target AS ${snapSelect(`SELECT code, geom FROM facility WHERE code IN (${list || "''"})`, { maxSnapM })};`);
  const origin = (await sql.unsafe('SELECT edge_id, ambiguous FROM pgr_origin')) as unknown as Array<{ edge_id: number; ambiguous: boolean }>;
  const targetTies = (await sql.unsafe('SELECT count(*)::int AS n FROM pgr_target WHERE ambiguous')) as unknown as [{ n: number }];
  if (origin.length === 0) return { walk: new Map(), ambiguous: false };
  await sql.unsafe(`CREATE TABLE pgr_origin_dist AS
    SELECT node, agg_cost FROM pgr_drivingDistance(
      $$SELECT id, source, target, cost, reverse_cost FROM pgr_edge
        UNION ALL SELECT -2, 0, e.source, o.snap_m + o.fraction * e.cost, -1 FROM pgr_origin o JOIN pgr_edge e ON e.id = o.edge_id
        UNION ALL SELECT -3, 0, e.target, o.snap_m + (1 - o.fraction) * e.cost, -1 FROM pgr_origin o JOIN pgr_edge e ON e.id = o.edge_id$$,
      0::bigint, 1e9::float8, directed => true)`);
  const rows = (await sql.unsafe(`
    SELECT t.code, t.snap_m + LEAST(
        COALESCE(s.agg_cost, 'Infinity') + t.fraction * e.cost,
        COALESCE(d.agg_cost, 'Infinity') + (1 - t.fraction) * e.cost,
        COALESCE((SELECT o.snap_m + abs(o.fraction - t.fraction) * e.cost FROM pgr_origin o WHERE o.edge_id = t.edge_id), 'Infinity')) AS walk_m
    FROM pgr_target t JOIN pgr_edge e ON e.id = t.edge_id
    LEFT JOIN pgr_origin_dist s ON s.node = e.source LEFT JOIN pgr_origin_dist d ON d.node = e.target`)) as unknown as Array<{ code: string; walk_m: number }>;
  return { walk: new Map(rows.map((r) => [r.code, Number(r.walk_m)])), ambiguous: origin[0]!.ambiguous || targetTies[0].n > 0 };
}
