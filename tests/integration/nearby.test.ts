import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../helpers/db.ts';
import { pgrPrepare, pgroutingAvailable } from '../helpers/pgrouting.ts';
import { pgrWalkFromPoint } from '../helpers/pgrouting-nearby.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const AS_OF = '2026-01-01';
const TYPES = ['health_station', 'elderly_home', 'culture_room', 'health_center'];
const MAX_SNAP_M = 500;

interface Nearest { code: string; name: string; distance_m: number; walk_m: number | null; route: { type: string; coordinates: number[][] } | null }
interface Answer { lon: number; lat: number; as_of: string; types: Array<{ type: string; reach_m: number; within_reach: boolean; nearest: Nearest[] }> }

/** Points spread over the demo city's extent (fractions of its box), some inside blocks, some on streets. */
const FRACTIONS: Array<[number, number]> = [[0.5, 0.5], [0.3, 0.35], [0.7, 0.62], [0.22, 0.8], [0.81, 0.2], [0.45, 0.9]];

describe.each(testBackends())('GET /api/nearby on %s', (backend) => {
  let server: TestServer;
  let points: Array<[number, number]>;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: 'demo' });
    const [box] = await server.db.sql<{ w: number; s: number; e: number; n: number }[]>`
      SELECT ST_XMin(x) AS w, ST_YMin(x) AS s, ST_XMax(x) AS e, ST_YMax(x) AS n FROM (SELECT ST_Extent(geom)::geometry AS x FROM community) b`;
    points = FRACTIONS.map(([fx, fy]) => [box!.w + fx * (box!.e - box!.w), box!.s + fy * (box!.n - box!.s)]);
  }, 120_000);
  afterAll(async () => server?.close());

  const get = async (qs: string) => {
    const res = await fetch(`${server.url}/api/nearby?${qs}`);
    return { status: res.status, body: (await res.json()) as any };
  };

  it('should rank the k nearest open facilities per type as PostGIS ST_Distance on geography does', async () => {
    for (const [lon, lat] of points) {
      const { status, body } = await get(`lon=${lon}&lat=${lat}&types=${TYPES.join(',')}&k=3&as_of=${AS_OF}`);
      expect(status).toBe(200);
      const answer = body as Answer;
      expect(Object.keys(answer)).toEqual(['lon', 'lat', 'as_of', 'types']);
      expect(answer).toMatchObject({ lon, lat, as_of: AS_OF });
      expect(answer.types.map((t) => t.type)).toEqual(TYPES);
      for (const t of answer.types) {
        const truth = await server.db.sql<{ code: string; name: string; d: number }[]>`
          SELECT f.code, f.name, ST_Distance(f.geom::geography, ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)::geography) AS d
          FROM facility f
          WHERE f.type = ${t.type} AND f.status <> 'planned' AND NOT (f.status = 'closed' AND f.closed_on IS NULL)
            AND (f.opened_on IS NULL OR f.opened_on <= ${AS_OF}::date) AND (f.closed_on IS NULL OR f.closed_on > ${AS_OF}::date)
          ORDER BY d, f.code LIMIT 3`;
        expect(t.nearest.map((n) => n.code)).toEqual(truth.map((r) => r.code));
        t.nearest.forEach((n, i) => {
          expect(Object.keys(n)).toEqual(['code', 'name', 'distance_m', 'walk_m', 'route']);
          expect(n.name).toBe(truth[i]!.name);
          expect(Math.abs(n.distance_m - Number(truth[i]!.d))).toBeLessThan(0.06); // rounded to 0.1 m
        });
        const [{ reach } = { reach: 0 }] = await server.db.sql<{ reach: number }[]>`SELECT reach_m::float8 AS reach FROM facility_type WHERE code = ${t.type}`;
        expect(t.reach_m).toBe(reach);
        expect(t.within_reach).toBe(truth.length > 0 && Number(truth[0]!.d) <= reach);
      }
    }
  });

  it('should draw each walk from the point to the facility, as long as walk_m (ST_Length on geography)', async () => {
    let routes = 0;
    for (const [lon, lat] of points) {
      const answer = (await get(`lon=${lon}&lat=${lat}&types=health_station,elderly_home&as_of=${AS_OF}`)).body as Answer;
      for (const n of answer.types.flatMap((t) => t.nearest)) {
        if (n.walk_m === null) {
          expect(n.route).toBeNull();
          continue;
        }
        expect(n.route!.type).toBe('LineString');
        const c = n.route!.coordinates;
        expect(c[0]).toEqual([lon, lat]);
        const [{ flon, flat } = { flon: 0, flat: 0 }] = await server.db.sql<{ flon: number; flat: number }[]>`SELECT ST_X(geom) AS flon, ST_Y(geom) AS flat FROM facility WHERE code = ${n.code}`;
        expect(c[c.length - 1]![0]).toBeCloseTo(flon, 9);
        expect(c[c.length - 1]![1]).toBeCloseTo(flat, 9);
        const [{ len } = { len: 0 }] = await server.db.sql<{ len: number }[]>`SELECT ST_Length(ST_GeomFromGeoJSON(${JSON.stringify(n.route)})::geography) AS len`;
        expect(Math.abs(Number(len) - n.walk_m)).toBeLessThan(0.5 + n.walk_m * 1e-4);
        expect(n.walk_m).toBeGreaterThanOrEqual(n.distance_m - 0.1);
        routes++;
      }
    }
    expect(routes).toBeGreaterThan(points.length);
  });

  it('should answer every catalogue type when types is absent, and follow as_of', async () => {
    const [lon, lat] = points[0]!;
    const all = (await get(`lon=${lon}&lat=${lat}&as_of=${AS_OF}`)).body as Answer;
    const catalogue = await server.db.sql<{ code: string }[]>`SELECT code FROM facility_type ORDER BY code`;
    expect(all.types.map((t) => t.type).sort()).toEqual(catalogue.map((r) => r.code).sort());
    // Before any facility opened, nothing is near.
    const [{ first } = { first: '' }] = await server.db.sql<{ first: string }[]>`SELECT min(opened_on)::text AS first FROM facility`;
    if (first) {
      const day = new Date(`${first}T00:00:00Z`);
      day.setUTCDate(day.getUTCDate() - 1);
      const before = (await get(`lon=${lon}&lat=${lat}&types=health_station&as_of=${day.toISOString().slice(0, 10)}`)).body as Answer;
      const [{ n } = { n: 0 }] = await server.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM facility WHERE type = 'health_station' AND opened_on IS NULL AND status <> 'planned'`;
      if (n === 0) expect(before.types[0]!.nearest).toEqual([]);
    }
  });

  it.each([
    ['lat=39.9', 'lon'],
    ['lon=116.3', 'lat'],
    ['lon=abc&lat=39.9', 'lon'],
    ['lon=116.3&lat=95', 'lat'],
    ['lon=116.3&lat=39.9&k=0', 'k'],
    ['lon=116.3&lat=39.9&k=11', 'k'],
    ['lon=116.3&lat=39.9&types=nope', 'types'],
    ['lon=116.3&lat=39.9&types=health_station,,x', 'types'],
    ['lon=116.3&lat=39.9&as_of=2026-02-30', 'as_of'],
    ['lon=116.3&lat=39.9&scenario=x', 'scenario'],
    ['lon=116.3&lat=39.9&type=health_station', 'type'],
  ])('should refuse %s with a 400 naming %s', async (qs, field) => {
    const { status, body } = await get(qs);
    expect(status).toBe(400);
    expect(body.error.details.field).toBe(field);
  });
});

// pgRouting exists only on a PostgreSQL server: walking distances are checked there.
const serverUrl = process.env.TEST_DATABASE_URL;
describe.skipIf(!serverUrl)(`GET /api/nearby walk_m vs pgRouting${serverUrl ? '' : ' (skipped: TEST_DATABASE_URL is not set)'}`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend: 'postgres', seed: 'demo' });
    if (!(await pgroutingAvailable(server.db.sql))) throw new Error('pgRouting is not installed on the test server: apt-get install postgresql-15-pgrouting');
    await pgrPrepare(server.db.sql, { maxSnapM: MAX_SNAP_M });
  }, 180_000);
  afterAll(async () => server?.close());

  it('should give the walking distance pgr_drivingDistance gives, to within 1 m', async () => {
    const [box] = await server.db.sql<{ w: number; s: number; e: number; n: number }[]>`
      SELECT ST_XMin(x) AS w, ST_YMin(x) AS s, ST_XMax(x) AS e, ST_YMax(x) AS n FROM (SELECT ST_Extent(geom)::geometry AS x FROM community) b`;
    let compared = 0;
    for (const [fx, fy] of FRACTIONS) {
      const lon = box!.w + fx * (box!.e - box!.w);
      const lat = box!.s + fy * (box!.n - box!.s);
      const res = await fetch(`${server.url}/api/nearby?lon=${lon}&lat=${lat}&types=${TYPES.join(',')}&k=3&as_of=${AS_OF}`);
      const answer = (await res.json()) as Answer;
      const nearest = answer.types.flatMap((t) => t.nearest);
      const truth = await pgrWalkFromPoint(server.db.sql, lon, lat, nearest.map((n) => n.code), MAX_SNAP_M);
      if (truth.ambiguous) continue;
      for (const n of nearest) {
        const want = truth.walk.get(n.code);
        if (want === undefined || !Number.isFinite(want)) {
          expect(n.walk_m, n.code).toBeNull();
          continue;
        }
        expect(Math.abs(n.walk_m! - want), `${n.code} from ${lon},${lat}`).toBeLessThan(1);
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(30);
  });
});
