import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { ROOT } from '../helpers/templates.ts';

const AS_OF = '2026-01-01';
const GP = `type=health_center,health_station&supply=gp_count&demand=population&as_of=${AS_OF}`;

/** Open on $date, as sql/queries/coverage_postgis.sql. */
const OPEN = `f.status <> 'planned' AND NOT (f.status = 'closed' AND f.closed_on IS NULL)
  AND (f.opened_on IS NULL OR f.opened_on <= $3::date) AND (f.closed_on IS NULL OR f.closed_on > $3::date)`;

/**
 * 2SFCA written independently in SQL with ST_DWithin(geography): community demand spread over its
 * buildings by households share, step 1 per facility, step 2 summed per community.
 * $1 types, $2 reaches (one per type), $3 date. Also lists the communities whose result does not
 * depend on fallback grids (no facility within reach of their buildings reaches a community
 * without buildings), where buildings-mode results must match exactly.
 */
const SQL_2SFCA_BUILDINGS = `
WITH t AS (
  SELECT * FROM unnest($1::text[], $2::float8[]) AS t(type, reach)
), c AS (
  SELECT c.code, c.population::float8 AS demand, COALESCE(sum(b.households), 0)::float8 AS hh, count(b.code) AS nb
  FROM community c LEFT JOIN building b ON b.community_code = c.code GROUP BY c.code, c.population
), pairs AS MATERIALIZED (
  -- (building, facility) within reach: the spatial join runs on the tables' geography indexes.
  SELECT b.community_code, f.code AS fcode, f.gp_count::float8 AS s,
         CASE WHEN c.hh > 0 THEN c.demand * b.households / c.hh ELSE c.demand / c.nb END AS demand
  FROM facility f JOIN t ON t.type = f.type
  JOIN building b ON ST_DWithin(b.geom::geography, f.geom::geography, t.reach)
  JOIN c ON c.code = b.community_code
  WHERE f.gp_count IS NOT NULL AND ${OPEN}
), r AS (
  SELECT fcode, min(s) / sum(demand) AS ratio FROM pairs GROUP BY fcode HAVING sum(demand) > 0
), fallback AS MATERIALIZED (
  SELECT c.code, c.geom::geography AS g FROM community c WHERE NOT EXISTS (SELECT 1 FROM building b WHERE b.community_code = c.code)
), touch AS (
  SELECT DISTINCT f.code FROM fallback JOIN facility f ON true JOIN t ON t.type = f.type
  WHERE f.gp_count IS NOT NULL AND ${OPEN} AND ST_DWithin(fallback.g, f.geom::geography, t.reach)
), cr AS (
  SELECT community_code, sum(demand * ratio) AS s FROM pairs JOIN r USING (fcode) GROUP BY community_code
), near_fallback AS (
  SELECT DISTINCT community_code FROM pairs JOIN touch ON touch.code = pairs.fcode
)
SELECT c.code, COALESCE(cr.s, 0) AS supply_reachable, c.nb > 0 AND near_fallback.community_code IS NULL AS exact
FROM c LEFT JOIN cr ON cr.community_code = c.code LEFT JOIN near_fallback ON near_fallback.community_code = c.code
ORDER BY c.code`;

/** The same with one demand point per community at ST_Centroid(geom) (demand_points=centroid). */
const SQL_2SFCA_CENTROID = `
WITH f AS (
  SELECT f.code, f.gp_count::float8 AS s, f.geom::geography AS g, t.reach
  FROM facility f JOIN unnest($1::text[], $2::float8[]) AS t(type, reach) ON t.type = f.type
  WHERE f.gp_count IS NOT NULL AND ${OPEN}
), p AS (
  SELECT code, population::float8 AS demand, ST_Centroid(geom)::geography AS g FROM community
), r AS (
  SELECT f.code, f.s / sum(p.demand) AS ratio FROM f JOIN p ON ST_DWithin(p.g, f.g, f.reach)
  GROUP BY f.code, f.s HAVING sum(p.demand) > 0
)
SELECT p.code, COALESCE(sum(p.demand * r.ratio), 0) AS supply_reachable
FROM p LEFT JOIN f ON ST_DWithin(p.g, f.g, f.reach) LEFT JOIN r ON r.code = f.code
GROUP BY p.code ORDER BY p.code`;

describe.each(testBackends())('accessibility API on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: 'demo' });
  });
  afterAll(async () => server?.close());

  const get = async (query: string, path = '/api/accessibility') => {
    const res = await fetch(`${server.url}${path}?${query}`);
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, type, body: type.includes('json') ? ((await res.json()) as any) : await res.text() };
  };

  it('should answer { totals: { supply, supply_reached, demand }, units: [{ code, name, demand, supply_reachable, ratio }] } per street', async () => {
    const { status, body } = await get(`${GP}&level=street`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ type: 'health_center,health_station', supply: 'gp_count', demand: 'population', method: '2sfca', mode: 'straight', level: 'street', as_of: AS_OF, reach_m: [1000, 300], demand_points: 'buildings' });
    expect(body.zones).toEqual([{ up_to_fraction: 1, weight: 1 }]);
    expect(Object.keys(body.totals)).toEqual(expect.arrayContaining(['supply', 'supply_reached', 'demand']));
    const [{ n } = { n: -1 }] = await server.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM street`;
    expect(body.units).toHaveLength(n);
    for (const u of body.units) {
      expect(Object.keys(u)).toEqual(expect.arrayContaining(['code', 'name', 'demand', 'supply_reachable', 'ratio']));
      expect(u.ratio).toBeCloseTo(u.supply_reachable / u.demand, 15);
    }
    // Supply = GPs of the counted facilities, independently in SQL.
    const [truth] = await server.db.sql.unsafe<{ s: number }[]>(
      `SELECT sum(f.gp_count)::float8 AS s FROM facility f WHERE f.type = ANY($1::text[]) AND f.gp_count IS NOT NULL AND ${OPEN.replaceAll('$3', '$2')}`,
      [['health_center', 'health_station'], AS_OF],
    );
    expect(body.totals.supply).toBe(truth!.s);
    expect(body.totals.supply_reached).toBeLessThanOrEqual(body.totals.supply);
    expect(body.totals.supply_reached).toBeGreaterThan(0.5 * body.totals.supply);
  });

  it('should conserve supply on the demo city: Σ demand × ratio over communities = supply of facilities with demand in their catchment, at every level', async () => {
    for (const query of [GP, `type=elderly_home&supply=beds&demand=elderly&as_of=${AS_OF}`, `${GP}&method=e2sfca`]) {
      const communities = (await get(`${query}&level=community`)).body;
      const allocated = communities.units.reduce((s: number, u: any) => s + u.demand * (u.ratio ?? 0), 0);
      expect(allocated).toBeCloseTo(communities.totals.supply_reached, 6);
      for (const level of ['street', 'district', 'city']) {
        const rolled = (await get(`${query}&level=${level}`)).body;
        expect(rolled.units.reduce((s: number, u: any) => s + u.supply_reachable, 0)).toBeCloseTo(communities.totals.supply_reached, 6);
        expect(rolled.units.reduce((s: number, u: any) => s + u.demand, 0)).toBeCloseTo(communities.totals.demand, 6);
      }
    }
  });

  it('should equal an independent PostGIS 2SFCA (ST_DWithin on geography) for the communities away from fallback grids', async () => {
    const { body } = await get(`${GP}&level=community`);
    const byCode = new Map(body.units.map((u: any) => [u.code, u]));
    const rows = await server.db.sql.unsafe<{ code: string; supply_reachable: number; exact: boolean }[]>(SQL_2SFCA_BUILDINGS, [['health_center', 'health_station'], [1000, 300], AS_OF]);
    const exact = rows.filter((r) => r.exact);
    expect(exact.length).toBeGreaterThanOrEqual(5);
    expect(exact.filter((r) => r.supply_reachable > 0).length).toBeGreaterThanOrEqual(5);
    for (const r of exact) {
      const u = byCode.get(r.code) as any;
      expect(u.supply_reachable).toBeCloseTo(r.supply_reachable, 9);
    }
  });

  it('should equal the PostGIS 2SFCA with ST_Centroid demand points for every community (demand_points=centroid)', async () => {
    const { body } = await get(`${GP}&level=community&demand_points=centroid`);
    expect(body.demand_points).toBe('centroid');
    const rows = await server.db.sql.unsafe<{ code: string; supply_reachable: number }[]>(SQL_2SFCA_CENTROID, [['health_center', 'health_station'], [1000, 300], AS_OF]);
    expect(rows.filter((r) => r.supply_reachable > 0).length).toBeGreaterThan(20);
    const byCode = new Map(body.units.map((u: any) => [u.code, u]));
    for (const r of rows) expect((byCode.get(r.code) as any).supply_reachable).toBeCloseTo(r.supply_reachable, 9);
  });

  it('should apply E2SFCA zone weights and compare with a ratio target (2 GPs per 10 000 residents)', async () => {
    const { status, body } = await get(`${GP}&level=district&method=e2sfca&weights=1,0.5&zones=0.5,1&target=2&per=10000`);
    expect(status).toBe(200);
    expect(body.zones).toEqual([{ up_to_fraction: 0.5, weight: 1 }, { up_to_fraction: 1, weight: 0.5 }]);
    expect(body.target).toEqual({ value: 2, per: 10000 });
    for (const u of body.units) {
      expect(u.ratio_per).toBeCloseTo(u.ratio * 10000, 12);
      expect(u.meets_target).toBe(u.ratio_per >= 2 * (1 - 1e-9));
    }
    expect(body.totals.units_meeting_target).toBe(body.units.filter((u: any) => u.meets_target).length);
    const defaults = (await get(`${GP}&level=city&method=e2sfca`)).body;
    expect(defaults.zones.map((z: any) => z.weight)).toEqual([1, 0.68, 0.22]);
  });

  it('should give CSV with a header and one row per district', async () => {
    const { status, type, body } = await get(`${GP}&level=district&format=csv`);
    expect(status).toBe(200);
    expect(type).toContain('text/csv');
    const rows = parse(body as string, { columns: true }) as Array<Record<string, string>>;
    const json = (await get(`${GP}&level=district`)).body;
    expect(rows.map((r) => [r.code, Number(r.supply_reachable)])).toEqual(json.units.map((u: any) => [u.code, u.supply_reachable]));
  });

  it('should split households three ways per unit, nearest first until full, with covered = /api/coverage covered households', async () => {
    const query = `type=elderly_home&supply=count&demand=elderly&target=1&per=2000&as_of=${AS_OF}&level=community`;
    const { status, body } = await get(query, '/api/accessibility/capacitated');
    expect(status).toBe(200);
    expect(body).toMatchObject({ type: 'elderly_home', demand_per_supply: 2000, target: { value: 1, per: 2000 } });
    expect(body.allocation).toContain('nearest first until full');
    const coverage = (await get(`type=elderly_home&level=community&as_of=${AS_OF}`, '/api/coverage')).body;
    const covered = new Map(coverage.units.map((u: any) => [u.code, u]));
    const fallback = new Set(coverage.fallback_communities);
    for (const u of body.units) {
      const k = covered.get(u.code) as any;
      expect(u.households_within_capacity + u.households_over_capacity + u.households_not_covered).toBeCloseTo(k.households, 6);
      if (!fallback.has(u.code)) expect(u.households_within_capacity + u.households_over_capacity).toBeCloseTo(k.households_covered, 6);
    }
    expect(body.totals.households_within_capacity).toBeGreaterThan(0);
    expect(body.totals.households_over_capacity).toBeGreaterThan(0);
    expect(body.totals.capacity_used).toBeCloseTo(body.totals.demand_within_capacity, 6);
    const beds = await get(`type=elderly_home&supply=beds&demand=elderly&target=1.5&per=100&as_of=${AS_OF}&level=district&format=csv`, '/api/accessibility/capacitated');
    expect((beds.body as string).split('\n')[0]).toBe('code,name,communities,households,households_within_capacity,households_over_capacity,households_not_covered,demand,demand_within_capacity,demand_over_capacity,demand_not_covered');
  });

  it.each([
    ['type=health_center&supply=gp_count&mode=car', 'mode', 'straight'],
    ['supply=gp_count', 'type', 'required'],
    ['type=health_center,swimming_pool&supply=gp_count', 'type', 'unknown facility type'],
    ['type=health_center', 'supply', 'required'],
    ['type=health_center&supply=doctors', 'supply', 'gp_count'],
    ['type=health_center&supply=gp_count&demand=children', 'demand', 'population'],
    ['type=health_center&supply=gp_count&method=3sfca', 'method', 'e2sfca'],
    ['type=health_center&supply=gp_count&weights=1,0.5', 'weights', 'e2sfca'],
    ['type=health_center&supply=gp_count&method=e2sfca&zones=0.5,1', 'weights', 'required'],
    ['type=health_center&supply=gp_count&method=e2sfca&weights=1,0.5&zones=0.6,0.9', 'zones', 'upToFraction 1'],
    ['type=health_center&supply=gp_count&method=e2sfca&weights=1,-2', 'weights', 'weights'],
    ['type=health_center&supply=gp_count&reach_m=0', 'reach_m', 'metres'],
    ['type=health_center&supply=gp_count&level=province', 'level', 'community'],
    ['type=health_center&supply=gp_count&as_of=2026-02-30', 'as_of', 'YYYY-MM-DD'],
    ['type=health_center&supply=gp_count&demand_points=parcels', 'demand_points', 'centroid'],
    ['type=health_center&supply=gp_count&target=-1', 'target', '≥ 0'],
    ['type=health_center&supply=gp_count&target=2&per=0', 'per', '> 0'],
    ['type=health_center&supply=gp_count&format=xml', 'format', 'csv'],
  ])('When asked %j, then it answers 400 naming %s', async (query, field, words) => {
    const { status, body } = await get(query);
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_parameter');
    expect(body.error.details.field).toBe(field);
    expect(body.error.message).toContain(words);
  });

  it.each([
    ['type=elderly_home&supply=beds', 'target'],
    ['type=elderly_home&supply=beds&target=0', 'target'],
    ['type=elderly_home&supply=beds&target=1.5&per=100&mode=drive', 'mode'],
  ])('When the capacitated report is asked %j, then it answers 400 naming %s', async (query, field) => {
    const { status, body } = await get(query, '/api/accessibility/capacitated');
    expect(status).toBe(400);
    expect(body.error.details.field).toBe(field);
  });
});

describe('lifecircle accessibility (CLI input checks, before any database is opened)', () => {
  const BIN = path.join(ROOT, 'api/bin/lifecircle.js');
  const run = (...args: string[]) => spawnSync(process.execPath, [BIN, 'accessibility', ...args], {
    env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }, encoding: 'utf8',
  });

  it('When asked for an unknown distance mode, then it exits 2 with the message and prints nothing on stdout', () => {
    const res = run('--type', 'health_center', '--supply', 'gp_count', '--mode', 'car');
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('--mode: must be one of straight, walk');
    expect(res.stdout).toBe('');
  });

  it.each([
    [['--type', 'health_center', '--supply', 'doctors'], '--supply'],
    [['--type', 'health_center', '--supply', 'gp_count', '--method', 'sfca'], '--method'],
    [['--type', 'elderly_home', '--supply', 'beds', '--capacitated'], '--target'],
    [['--type', 'elderly_home', '--supply', 'beds', '--as-of', '2026-13-01'], '--as-of'],
  ])('When given %j, then it exits 2 naming %s', (args, field) => {
    const res = run(...args);
    expect(res.status).toBe(2);
    expect(res.stderr).toContain(field);
  });
});
