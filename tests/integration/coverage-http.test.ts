import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runQuery } from '../../api/src/db/sql-files.ts';
import { testBackends } from '../helpers/db.ts';
import { getter } from '../helpers/api-call.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const AS_OF = '2026-01-01';

describe.each(testBackends())('coverage HTTP API on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: 'demo' });
  });
  afterAll(async () => server?.close());

  const get = getter(() => server.url);

  it('should answer the documented JSON shape per street', async () => {
    const { status, body } = await get(`/api/coverage?type=health_station&level=street&as_of=${AS_OF}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ type: 'health_station', reach_m: 300, as_of: AS_OF, level: 'street' });
    expect(Object.keys(body.totals)).toEqual(expect.arrayContaining(['households', 'households_covered', 'rate', 'population', 'population_covered']));
    const [{ n } = { n: -1 }] = await server.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM street`;
    expect(body.units).toHaveLength(n);
    for (const u of body.units) {
      expect(Object.keys(u)).toEqual(expect.arrayContaining(['code', 'name', 'households', 'households_covered', 'rate', 'population', 'population_covered']));
      expect(u.rate).toBeCloseTo(u.households === 0 ? 0 : u.households_covered / u.households, 12);
    }
  });

  it('should give CSV with a header, one row per district, and Chinese names intact', async () => {
    const { status, type, body } = await get(`/api/coverage?type=health_center&level=district&as_of=${AS_OF}&format=csv`);
    expect(status).toBe(200);
    expect(type).toContain('text/csv');
    // The CSV starts with a BOM (tests/integration/coverage-export.test.ts reads the bytes), counts rounded (#17).
    const rows = parse(body as string, { columns: true, bom: true }) as Array<Record<string, string>>;
    const json = (await get(`/api/coverage?type=health_center&level=district&as_of=${AS_OF}`)).body;
    expect(rows.map((r) => [r.code, r.name, Number(r.households_covered)])).toEqual(json.units.map((u: any) => [u.code, u.name, Math.round(u.households_covered)]));
    expect(rows.some((r) => /[\u4e00-\u9fff]/.test(r.name!))).toBe(true);
  });

  it('should give GeoJSON with each unit shape and its figures', async () => {
    const { body } = await get(`/api/coverage?type=health_center&level=street&as_of=${AS_OF}&format=geojson`);
    expect(body.type).toBe('FeatureCollection');
    expect(body.facility_type).toBe('health_center');
    expect(body.features.length).toBeGreaterThan(20);
    expect(body.features.every((f: any) => f.geometry?.type === 'MultiPolygon' && typeof f.properties.rate === 'number')).toBe(true);
  });

  it.each([
    ['', 'type'],
    ['type=health_station,swimming_pool', 'type'],
    ['type=health_station&reach_m=-5', 'reach_m'],
    ['type=health_station&reach_m=300,500', 'reach_m'],
    ['type=health_station&as_of=2026-02-30', 'as_of'],
    ['type=health_station&level=province', 'level'],
    ['type=health_station&format=xml', 'format'],
  ])('When asked %j, then it answers 400 naming %s', async (query, field) => {
    const { status, body } = await get(`/api/coverage?${query}`);
    expect(status).toBe(400);
    expect(body.error.details.field).toBe(field);
  });

  it('should list as gaps exactly the buildings PostGIS finds beyond reach, with uncovered areas', async () => {
    const streets = (await get(`/api/coverage?type=health_station&level=street&as_of=${AS_OF}`)).body.units;
    const street = streets.find((u: any) => u.households_covered > 0 && u.households_covered < u.households);
    // Uncovered buildings are planner-only (the public sees the areas; see auth.test.ts).
    const { status, body } = await get(`/api/coverage/gaps?type=health_station&unit=${street.code}&as_of=${AS_OF}`, server.auth.planner);
    expect(status).toBe(200);
    const gapBuildings = new Set(body.features.filter((f: any) => f.properties.kind === 'uncovered_building').map((f: any) => f.id));
    const truth = await server.db.sql<{ code: string }[]>`
      SELECT b.code FROM building b JOIN community c ON c.code = b.community_code
      WHERE c.street_code = ${street.code} AND NOT EXISTS (
        SELECT 1 FROM facility f WHERE f.type = 'health_station' AND f.status <> 'planned'
          AND NOT (f.status = 'closed' AND f.closed_on IS NULL)
          AND (f.opened_on IS NULL OR f.opened_on <= ${AS_OF}::date) AND (f.closed_on IS NULL OR f.closed_on > ${AS_OF}::date)
          AND ST_DWithin(b.geom::geography, f.geom::geography, 300))`;
    expect(gapBuildings).toEqual(new Set(truth.map((r) => r.code)));
    const areas = body.features.filter((f: any) => f.properties.kind === 'uncovered_area');
    expect(areas.length).toBeGreaterThan(0);
    for (const a of areas) {
      expect(a.properties.area_m2).toBeGreaterThan(0);
      expect(a.properties.nearest_p90_m === null || a.properties.nearest_p90_m >= a.properties.nearest_median_m).toBe(true);
    }
    const missing = await get(`/api/coverage/gaps?type=health_station&unit=NOWHERE`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.details.field).toBe('unit');
  });

  it('When a what-if adds a center, then its "after" equals PostGIS with that center inserted, and nothing is stored', async () => {
    const worst = (await get(`/api/coverage?type=health_center&level=community&as_of=${AS_OF}`)).body.units
      .sort((a: any, b: any) => (b.households - b.households_covered) - (a.households - a.households_covered))[0];
    const [p] = await server.db.sql<{ lon: number; lat: number }[]>`
      SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM community WHERE code = ${worst.code}`;
    const res = await fetch(`${server.url}/api/coverage/what-if`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...server.auth.planner },
      body: JSON.stringify({ type: 'health_center', as_of: AS_OF, level: 'community', changes: [{ op: 'add', code: 'NEW-1', type: 'health_center', lon: p!.lon, lat: p!.lat }] }),
    });
    expect(res.status).toBe(200);
    const report = (await res.json()) as any;
    expect(report.after.totals.households_covered).toBeGreaterThan(report.before.totals.households_covered);
    expect(report.changed_communities).toContain(worst.code);

    // Truth: insert the same facility in a transaction, ask PostGIS, roll back.
    const truth = await server.db.sql.begin(async (tx) => {
      await tx`INSERT INTO facility (code, name, type, geom) VALUES ('NEW-1', 'x', 'health_center', ST_SetSRID(ST_MakePoint(${p!.lon}, ${p!.lat}), 4326))`;
      const rows = await runQuery<{ code: string; households_covered: number }>(tx, 'coverage_postgis', [['health_center'], [1000], AS_OF] as never[]);
      throw Object.assign(new Error('rollback'), { rows });
    }).catch((e: { rows?: Array<{ code: string; households_covered: number }> }) => e.rows!);
    const fallback = new Set(report.after.fallback_communities);
    for (const t of truth) {
      if (fallback.has(t.code)) continue;
      expect(report.after.units.find((u: any) => u.code === t.code).households_covered).toBe(t.households_covered);
    }
    const again = (await get(`/api/coverage?type=health_center&level=city&as_of=${AS_OF}`)).body;
    expect(again.totals.households_covered).toBe(report.before.totals.households_covered);
    const [{ n } = { n: -1 }] = await server.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM facility WHERE code = 'NEW-1'`;
    expect(n).toBe(0);
  });

  it('should answer a repeated question with the same bytes, and a question after a write with the written data (PostGIS)', async () => {
    const url = (format: string) => `${server.url}/api/coverage?type=health_center&level=community&as_of=${AS_OF}&format=${format}`;
    const text = async (format: string) => {
      const res = await fetch(url(format), { headers: server.auth.planner });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      return res.text();
    };
    const first = { json: await text('json'), compact: await text('compact') };
    expect(await text('json')).toBe(first.json);
    expect(await text('compact')).toBe(first.compact);
    const compact = JSON.parse(first.compact);
    for (const u of JSON.parse(first.json).units) expect(compact.units[u.code]).toEqual([u.households_covered, u.households]);

    // A committed write: the kept report must not answer for the new data version.
    const worst = JSON.parse(first.json).units.sort((a: any, b: any) => (b.households - b.households_covered) - (a.households - a.households_covered))[0];
    const [p] = await server.db.sql<{ lon: number; lat: number }[]>`
      SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM community WHERE code = ${worst.code}`;
    await server.db.sql`INSERT INTO facility (code, name, type, geom) VALUES ('KEPT-1', 'x', 'health_center', ST_SetSRID(ST_MakePoint(${p!.lon}, ${p!.lat}), 4326))`;
    try {
      const after = JSON.parse(await text('json'));
      expect(after.data_version).not.toBe(JSON.parse(first.json).data_version);
      const truth = await runQuery<{ code: string; households_covered: number }>(server.db.sql, 'coverage_postgis', [['health_center'], [1000], AS_OF] as never[]);
      const fallback = new Set(after.fallback_communities);
      for (const t of truth) {
        if (fallback.has(t.code)) continue;
        expect(after.units.find((u: any) => u.code === t.code).households_covered).toBe(t.households_covered);
      }
      expect(after.units.find((u: any) => u.code === worst.code).households_covered).toBeGreaterThan(worst.households_covered);
      expect(JSON.parse(await text('compact')).units[worst.code][0]).toBe(after.units.find((u: any) => u.code === worst.code).households_covered);
    } finally {
      await server.db.sql`DELETE FROM facility WHERE code = 'KEPT-1'`;
    }
    expect(JSON.parse(await text('json')).units.find((u: any) => u.code === worst.code).households_covered).toBe(worst.households_covered);
  });

  it.each([
    [{ type: 'health_center', changes: [{ op: 'demolish', code: 'x' }] }, 'changes[0].op'],
    [{ type: 'health_center', changes: [{ op: 'add', type: 'health_center', lon: 200, lat: 36 }] }, 'changes[0].lon'],
    [{ type: 'health_center', changes: [{ op: 'close', code: 'NO-SUCH' }] }, 'changes[0].code'],
    [{ type: 'health_center', changes: [{ op: 'add', type: 'elderly_home', lon: 118, lat: 36 }] }, 'changes[0].type'],
    [{ type: 'health_center', changes: [] }, 'changes'],
  ])('When a what-if body is %j, then it answers 400 naming %s', async (body, field) => {
    const res = await fetch(`${server.url}/api/coverage/what-if`, { method: 'POST', headers: { 'content-type': 'application/json', ...server.auth.planner }, body: JSON.stringify(body) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.details.field).toBe(field);
  });
});
