import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geodesicDistanceMetersLonLat } from '../../api/src/domain/geo/geodesic-distance.ts';
import { testBackends } from '../helpers/db.ts';
import { getter } from '../helpers/api-call.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const AS_OF = '2026-01-01';

describe.each(testBackends())('walking coverage over HTTP on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: 'demo' });
  });
  afterAll(async () => server?.close());

  const get = getter(() => server.url);

  it('should cover no more households walking than in a straight line, for every type and community', async () => {
    const types = (await server.db.sql<{ code: string }[]>`SELECT code FROM facility_type ORDER BY code`).map((t) => t.code);
    let lower = 0;
    for (const type of types) {
      const walk = (await get(`/api/coverage?type=${type}&as_of=${AS_OF}&mode=walk`)).body;
      const straight = (await get(`/api/coverage?type=${type}&as_of=${AS_OF}`)).body;
      expect(walk.units.map((u: any) => u.code)).toEqual(straight.units.map((u: any) => u.code));
      walk.units.forEach((u: any, i: number) => expect(u.households_covered, `${type} ${u.code}`).toBeLessThanOrEqual(straight.units[i].households_covered));
      if (walk.totals.households_covered < straight.totals.households_covered) lower++;
    }
    expect(lower).toBeGreaterThan(types.length / 2);
  });

  it('should answer mode=walk in the straight report shape, plus what the walk could not reach', async () => {
    const walk = await get(`/api/coverage?type=health_station&level=street&as_of=${AS_OF}&mode=walk`);
    const straight = await get(`/api/coverage?type=health_station&level=street&as_of=${AS_OF}`);
    expect(walk.status).toBe(200);
    const { mode, walk: report, ...rest } = walk.body;
    expect(Object.keys(rest).sort()).toEqual(Object.keys(straight.body).sort());
    expect(Object.keys(rest.units[0]).sort()).toEqual(Object.keys(straight.body.units[0]).sort());
    expect(mode).toBe('walk');
    expect(report).toEqual({ max_snap_m: 500, unreachable_buildings: 0, unreachable_households: 0, unsnapped_facilities: [] });
    expect(straight.body.mode).toBeUndefined();
    expect(rest.totals.households).toBe(straight.body.totals.households);
  });

  it('should refuse an unknown mode with a 400 naming the field', async () => {
    const { status, body } = await get(`/api/coverage?type=health_station&mode=drive`);
    expect(status).toBe(400);
    expect(body.error.details.field).toBe('mode');
  });

  it('should give the map community polygons with walking rates (format=geojson)', async () => {
    const walk = await get(`/api/coverage?type=health_center&as_of=${AS_OF}&mode=walk&format=geojson`);
    const straight = (await get(`/api/coverage?type=health_center&as_of=${AS_OF}`)).body;
    expect(walk.status).toBe(200);
    expect(walk.type).toContain('application/geo+json');
    const rate = new Map(straight.units.map((u: any) => [u.code, u.rate]));
    expect(walk.body.features.length).toBe(straight.units.length);
    for (const f of walk.body.features) {
      expect(['Polygon', 'MultiPolygon']).toContain(f.geometry.type);
      expect(f.properties.rate).toBeLessThanOrEqual(rate.get(f.properties.code) as number);
    }
  });

  it('should draw walking reach areas inside the straight circles, one per open facility', async () => {
    const walk = await get(`/api/coverage/reach?type=health_center&as_of=${AS_OF}&mode=walk&width_m=30`);
    const straight = await get(`/api/coverage/reach?type=health_center&as_of=${AS_OF}`);
    expect(walk.status).toBe(200);
    expect(walk.type).toContain('application/geo+json');
    expect(walk.body.features.length).toBe(straight.body.features.length);
    expect(walk.body.features.length).toBeGreaterThan(10);
    for (const f of walk.body.features) {
      expect(['Polygon', 'MultiPolygon']).toContain(f.geometry.type);
      expect(f.properties).toMatchObject({ type: 'health_center', mode: 'walk', reach_m: 1000, width_m: 30 });
      const centre = straight.body.features.find((s: any) => s.id === f.id).geometry.coordinates[0];
      const [cLon, cLat] = [centre.reduce((s: number, p: number[]) => s + p[0]!, 0) / centre.length, centre.reduce((s: number, p: number[]) => s + p[1]!, 0) / centre.length];
      // Every vertex of the walking area lies within reach + band of the facility, as the crow flies.
      const rings = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
      for (const ring of rings.flat()) for (const [lon, lat] of ring) expect(geodesicDistanceMetersLonLat(cLon, cLat, lon, lat)).toBeLessThan(1000 + 30 + 15);
    }
    expect((await get(`/api/coverage/reach?type=health_center&mode=walk&width_m=5`)).body.error.details.field).toBe('width_m');
  });

  it('should list gaps with walking distances, never shorter than the straight ones', async () => {
    const walk = (await get(`/api/coverage/gaps?type=health_center&unit=D01&as_of=${AS_OF}&mode=walk`, server.auth.planner)).body;
    const straight = (await get(`/api/coverage/gaps?type=health_center&unit=D01&as_of=${AS_OF}`, server.auth.planner)).body;
    const crow = new Map(straight.features.filter((f: any) => f.properties.kind === 'uncovered_building').map((f: any) => [f.id, f.properties.nearest_distance_m]));
    const walked = walk.features.filter((f: any) => f.properties.kind === 'uncovered_building');
    expect(crow.size).toBeGreaterThan(10);
    expect(walked.length).toBeGreaterThanOrEqual(crow.size);
    for (const f of walked) {
      if (crow.has(f.id)) expect(f.properties.nearest_distance_m).toBeGreaterThanOrEqual(crow.get(f.id) as number);
      expect(f.properties.snap_m).toBeGreaterThanOrEqual(0);
    }
    expect(walk.mode).toBe('walk');
    const areas = walk.features.filter((f: any) => f.properties.kind === 'uncovered_area');
    const straightAreas = new Map(straight.features.filter((f: any) => f.properties.kind === 'uncovered_area').map((f: any) => [f.properties.community_code, f.properties.area_m2]));
    for (const a of areas) expect(a.properties.area_m2).toBeGreaterThanOrEqual((straightAreas.get(a.properties.community_code) as number | undefined) ?? 0);
  });

  it('should answer a walking what-if incrementally, equal to coverage recomputed with the change', async () => {
    const [f] = await server.db.sql<{ code: string }[]>`SELECT code FROM facility WHERE type = 'health_center' AND status = 'open' AND closed_on IS NULL ORDER BY code LIMIT 1`;
    const res = await fetch(`${server.url}/api/coverage/what-if`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...server.auth.planner },
      body: JSON.stringify({ type: 'health_center', as_of: AS_OF, level: 'city', mode: 'walk', changes: [{ op: 'close', code: f!.code }] }),
    });
    const body = (await res.json()) as any;
    expect(res.status).toBe(200);
    expect(body.before.mode).toBe('walk');
    expect(body.after.totals.households_covered).toBeLessThan(body.before.totals.households_covered);
    const fresh = (await get(`/api/coverage?type=health_center&level=city&as_of=${AS_OF}&mode=walk`)).body;
    expect(body.before.totals).toEqual(fresh.totals);
  });

  it('should catch accessibility on walking distances: less supply reached, more households out of reach', async () => {
    const q = `type=health_center&supply=gp_count&as_of=${AS_OF}&level=city`;
    const walk = await get(`/api/accessibility?${q}&mode=walk`);
    const straight = await get(`/api/accessibility?${q}`);
    expect(walk.status).toBe(200);
    expect(walk.body.totals.supply_reached).toBeLessThanOrEqual(straight.body.totals.supply_reached);
    expect(walk.body.totals.supply_reached).toBeGreaterThan(0);
    const cap = `type=elderly_home&supply=beds&demand=elderly&target=1.5&per=100&as_of=${AS_OF}&level=city`;
    const capWalk = (await get(`/api/accessibility/capacitated?${cap}&mode=walk`)).body;
    const capStraight = (await get(`/api/accessibility/capacitated?${cap}`)).body;
    expect(capWalk.totals.households_not_covered).toBeGreaterThanOrEqual(capStraight.totals.households_not_covered);
    expect(capWalk.totals.households_not_covered).toBeGreaterThan(capStraight.totals.households_not_covered);
  });

  it('should evaluate a plan on walking distances: no coverage target scores higher than in a straight line', async () => {
    const walk = await get(`/api/plans/beijing-2001-2005/evaluation?as_of=${AS_OF}&method=reach&mode=walk`);
    const straight = await get(`/api/plans/beijing-2001-2005/evaluation?as_of=${AS_OF}&method=reach`);
    expect(walk.status).toBe(200);
    expect(walk.body.mode).toBe('walk');
    const byId = new Map(straight.body.targets.map((t: any) => [t.id, t]));
    const coverage = walk.body.targets.filter((t: any) => t.kind === 'coverage' && typeof t.value === 'number');
    expect(coverage.length).toBeGreaterThan(0);
    let lower = 0;
    for (const t of coverage) {
      const s = byId.get(t.id) as any;
      expect(t.value, t.id).toBeLessThanOrEqual(s.value);
      if (t.value < s.value) lower++;
    }
    expect(lower).toBeGreaterThan(0);
    expect((await get(`/api/plans/beijing-2001-2005/evaluation?mode=fly`)).body.error.details.field).toBe('mode');
  });

  it('should walk a scenario: a new health centre in the least covered community raises walking coverage there', async () => {
    const units = (await get(`/api/coverage?type=health_center&as_of=${AS_OF}&mode=walk`)).body.units;
    const worst = units.filter((u: any) => u.households > 0).sort((a: any, b: any) => a.rate - b.rate || b.households - a.households)[0];
    const [p] = await server.db.sql<{ lon: number; lat: number }[]>`
      SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM community WHERE code = ${worst.code}`;
    const res = await fetch(`${server.url}/api/scenarios`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...server.auth.planner },
      body: JSON.stringify({ name: '步行方案', changes: [{ op: 'add', type: 'health_center', lon: p!.lon, lat: p!.lat }] }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as any;
    const after = (await get(`/api/coverage?type=health_center&as_of=${AS_OF}&mode=walk&scenario=${id}`, server.auth.planner)).body;
    expect(after.scenario.id).toBe(id);
    expect(after.mode).toBe('walk');
    expect(after.units.find((u: any) => u.code === worst.code).rate).toBeGreaterThan(worst.rate);
    expect(after.totals.households_covered).toBeGreaterThan((await get(`/api/coverage?type=health_center&level=city&as_of=${AS_OF}&mode=walk`)).body.totals.households_covered);
  });

  it('should site on walking distances: the proposals add what a walking what-if with them adds', async () => {
    const res = await fetch(`${server.url}/api/siting`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...server.auth.planner },
      body: JSON.stringify({ model: 'mclp', type: 'health_center', p: 3, candidates: { generate: 'centroids' }, as_of: AS_OF, mode: 'walk', wait_ms: 10_000 }),
    });
    expect(res.status).toBe(200);
    const result = (await res.json()) as any;
    expect(result.mode).toBe('walk');
    expect(result.proposals.features).toHaveLength(3);
    expect(result.coverage.households_covered_after).toBeGreaterThan(result.coverage.households_covered_before);
    const walk = (await get(`/api/coverage?type=health_center&level=city&as_of=${AS_OF}&mode=walk`)).body;
    expect(result.coverage.households_covered_before).toBe(walk.totals.households_covered);
    const whatIf = await fetch(`${server.url}/api/coverage/what-if`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...server.auth.planner },
      body: JSON.stringify({
        type: 'health_center', as_of: AS_OF, level: 'city', mode: 'walk',
        changes: result.proposals.features.map((f: any, i: number) => ({ op: 'add', code: `P${i}`, type: 'health_center', lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] })),
      }),
    });
    expect(((await whatIf.json()) as any).after.totals.households_covered).toBe(result.coverage.households_covered_after);
  });

  it('should describe the network: one component, nothing isolated, the stored noded tables current', async () => {
    const { status, body } = await get('/api/network');
    expect(status).toBe(200);
    expect(body.connectivity.components).toBe(1);
    expect(body.connectivity.isolated).toEqual([]);
    expect(body.stored.stale).toBe(false);
    expect(body.stored.report.edges).toBe(body.connectivity.edges);
    expect(body.attribution).toBeNull();
  });

  it('should store links whose lengths are PostGIS geodesic lengths and whose ends are their nodes', async () => {
    const [row] = await server.db.sql<{ links: number; nodes: number; worst_m: number; bad_ends: number }[]>`
      SELECT (SELECT count(*)::int FROM network_link) AS links, (SELECT count(*)::int FROM network_node) AS nodes,
             (SELECT max(abs(length_m - ST_Length(geom::geography)))::float8 FROM network_link) AS worst_m,
             (SELECT count(*)::int FROM network_link l JOIN network_node s ON s.id = l.source JOIN network_node t ON t.id = l.target
               WHERE NOT ST_Equals(ST_StartPoint(l.geom), s.geom) OR NOT ST_Equals(ST_EndPoint(l.geom), t.geom)) AS bad_ends`;
    const [walkable] = await server.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM network_edge WHERE walkable`;
    expect(row!.links).toBe(walkable!.n); // the demo network is pre-noded: one link per line
    expect(row!.worst_m).toBeLessThan(0.001);
    expect(row!.bad_ends).toBe(0);
    // Any write to the lines marks the noded tables stale.
    await server.db.sql`UPDATE network_edge SET name = name WHERE id = (SELECT min(id) FROM network_edge)`;
    expect((await get('/api/network')).body.stored.stale).toBe(true);
  });
});
