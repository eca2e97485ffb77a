/**
 * Walking distances computed by PostGIS + pgRouting alone, as the independent truth for the
 * walking engine (tests) and its reference time (bench). Everything happens in SQL:
 *
 * 1. topology: a vertex per distinct end point of the walkable `network_edge` lines (they are
 *    pre-noded: lines meet only at end points), cost = ST_Length(geom::geography) both ways;
 * 2. snapping: each building and facility to the nearest walkable line by geodesic distance
 *    (ST_Distance on geography), the projection's fraction along it by ST_LineLocatePoint in the
 *    UTM zone, and the snap leg = ST_Distance(point::geography, line::geography);
 * 3. multi-source search: a virtual source vertex 0 joined to both ends of every facility's line at
 *    cost snap leg + the way along the line (one-way edges, reverse_cost −1), then
 *    pgr_drivingDistance from vertex 0: the distance from every vertex to its nearest facility;
 * 4. per building: its snap leg + min(via either end of its line, straight along the line to a
 *    facility on the same line).
 */
import type { Sql } from 'postgres';

/** Options of {@link pgrWalkDistances}. */
export interface PgrOptions {
  type: string;
  asOf: string;
  maxSnapM: number;
  /** Search bound of pgr_drivingDistance, metres. Default 1e9 (unbounded). */
  maxDistanceM?: number;
  /** Facility codes to leave out. */
  exclude?: readonly string[];
}

/** Whether the server can load pgRouting. */
export async function pgroutingAvailable(sql: Sql): Promise<boolean> {
  const rows = await sql`SELECT 1 FROM pg_available_extensions WHERE name = 'pgrouting'`;
  return rows.length > 0;
}

/** Step 1 and the buildings of step 2 (once per database). */
export async function pgrPrepare(sql: Sql, options: { maxSnapM: number; knn?: number }): Promise<void> {
  await sql.unsafe('CREATE EXTENSION IF NOT EXISTS pgrouting');
  const [{ srid }] = (await sql.unsafe(`SELECT 32600 + floor((avg(ST_X(ST_Centroid(geom))) + 180) / 6)::int + 1 AS srid FROM network_edge`)) as unknown as [{ srid: number }];
  await sql.unsafe(`
    DROP TABLE IF EXISTS pgr_vertex, pgr_edge, pgr_building;
    CREATE TABLE pgr_vertex AS
      SELECT row_number() OVER (ORDER BY ST_X(p), ST_Y(p))::bigint AS id, p AS geom
      FROM (SELECT DISTINCT p FROM (SELECT ST_StartPoint(geom) AS p FROM network_edge WHERE walkable
                                    UNION ALL SELECT ST_EndPoint(geom) FROM network_edge WHERE walkable) x) y;
    CREATE INDEX ON pgr_vertex USING gist (geom);
    CREATE TABLE pgr_edge AS
      SELECT e.id, s.id AS source, t.id AS target, ST_Length(e.geom::geography) AS cost, ST_Length(e.geom::geography) AS reverse_cost,
             e.geom, ST_Transform(e.geom, ${Number(srid)}) AS utm
      FROM network_edge e JOIN pgr_vertex s ON s.geom = ST_StartPoint(e.geom) JOIN pgr_vertex t ON t.geom = ST_EndPoint(e.geom)
      WHERE e.walkable;
    CREATE INDEX ON pgr_edge USING gist (geom);
    CREATE INDEX ON pgr_edge USING gist ((geom::geography));
    ANALYZE pgr_edge;`);
  await sql.unsafe(`CREATE TABLE pgr_building AS ${snapSelect("SELECT code, geom FROM building WHERE community_code IS NOT NULL", options)}`);
  await sql.unsafe('CREATE INDEX ON pgr_building (edge_id); ANALYZE pgr_building');
}

/**
 * SELECT of points snapped to their nearest walkable line: exact by geodesic distance among the
 * lines within maxSnapM, or (knn) among the k nearest in degrees first (for large cities).
 */
export function snapSelect(points: string, options: { maxSnapM: number; knn?: number }): string {
  const candidates = options.knn
    ? `SELECT * FROM (SELECT e.id, e.cost, e.geom, e.utm FROM pgr_edge e ORDER BY e.geom <-> pts.geom LIMIT ${Number(options.knn)}) k`
    : `SELECT e.id, e.cost, e.geom, e.utm FROM pgr_edge e WHERE ST_DWithin(e.geom::geography, pts.geom::geography, ${Number(options.maxSnapM)})`;
  // ambiguous: another line, meeting the point elsewhere, is within 10 cm of as near (a tie that
  // rounding may break either way, to very different walks).
  return `
    SELECT pts.code, n.id AS edge_id, n.cost AS len, n.fraction, n.snap_m,
           (n.runner_up_m - n.snap_m < 0.1 AND ST_Distance(n.at::geography, n.runner_up_at::geography) > 1) IS TRUE AS ambiguous
    FROM (${points}) pts CROSS JOIN LATERAL (
      SELECT c.id, c.cost, ST_LineLocatePoint(c.utm, ST_Transform(pts.geom, ST_SRID(c.utm))) AS fraction, d.snap_m, d.at,
             lead(d.snap_m) OVER w AS runner_up_m, lead(d.at) OVER w AS runner_up_at
      FROM (${candidates}) c
      CROSS JOIN LATERAL (SELECT ST_Distance(pts.geom::geography, c.geom::geography) AS snap_m, ST_ClosestPoint(c.geom, pts.geom) AS at) d
      WINDOW w AS (ORDER BY d.snap_m, c.id)
      ORDER BY d.snap_m, c.id LIMIT 1) n
    WHERE n.snap_m <= ${Number(options.maxSnapM)}`;
}

/** Codes of the points (buildings, or the facilities of the last pgrWalkDistances) whose nearest line is a near-tie. */
export async function pgrAmbiguous(sql: Sql, table: 'pgr_building' | 'pgr_facility'): Promise<string[]> {
  const rows = (await sql.unsafe(`SELECT code FROM ${table} WHERE ambiguous ORDER BY code`)) as unknown as Array<{ code: string }>;
  return rows.map((r) => r.code);
}

/** Codes of the facilities of a type whose nearest line is a near-tie (snapped in SQL as pgrWalkDistances does). */
export async function pgrAmbiguousFacilities(sql: Sql, options: PgrOptions): Promise<string[]> {
  await pgrWalkDistances(sql, { ...options, maxDistanceM: 0 });
  return pgrAmbiguous(sql, 'pgr_facility');
}

/** Steps 2–4 for one facility type: walking distance per building code (buildings beyond the snap limit are absent). */
export async function pgrWalkDistances(sql: Sql, options: PgrOptions): Promise<Map<string, number>> {
  const facilities = `SELECT code, geom FROM facility WHERE type = '${options.type.replace(/'/g, "''")}'
    AND status <> 'planned' AND NOT (status = 'closed' AND closed_on IS NULL)
    AND (opened_on IS NULL OR opened_on <= DATE '${options.asOf}') AND (closed_on IS NULL OR closed_on > DATE '${options.asOf}')
    AND code <> ALL (ARRAY[${(options.exclude ?? []).map((c) => `'${c.replace(/'/g, "''")}'`).join(',')}]::text[])`;
  await sql.unsafe(`DROP TABLE IF EXISTS pgr_facility, pgr_dist;
    CREATE TABLE pgr_facility AS ${snapSelect(facilities, { maxSnapM: options.maxSnapM })};
    ALTER TABLE pgr_facility ADD COLUMN k serial;`);
  await sql.unsafe(`CREATE TABLE pgr_dist AS
    SELECT node, agg_cost FROM pgr_drivingDistance(
      $$SELECT id, source, target, cost, reverse_cost FROM pgr_edge
        UNION ALL SELECT -2 * f.k, 0, e.source, f.snap_m + f.fraction * e.cost, -1 FROM pgr_facility f JOIN pgr_edge e ON e.id = f.edge_id
        UNION ALL SELECT -2 * f.k - 1, 0, e.target, f.snap_m + (1 - f.fraction) * e.cost, -1 FROM pgr_facility f JOIN pgr_edge e ON e.id = f.edge_id$$,
      0::bigint, ${Number(options.maxDistanceM ?? 1e9)}::float8, directed => true);
    CREATE INDEX ON pgr_dist (node);`);
  const rows = (await sql.unsafe(`
    SELECT b.code, b.snap_m + LEAST(
        COALESCE(s.agg_cost, 'Infinity') + b.fraction * e.cost,
        COALESCE(t.agg_cost, 'Infinity') + (1 - b.fraction) * e.cost,
        COALESCE((SELECT min(f.snap_m + abs(f.fraction - b.fraction) * e.cost) FROM pgr_facility f WHERE f.edge_id = b.edge_id), 'Infinity')) AS walk_m
    FROM pgr_building b JOIN pgr_edge e ON e.id = b.edge_id
    LEFT JOIN pgr_dist s ON s.node = e.source LEFT JOIN pgr_dist t ON t.node = e.target`)) as unknown as Array<{ code: string; walk_m: number }>;
  return new Map(rows.map((r) => [r.code, Number(r.walk_m)]));
}
