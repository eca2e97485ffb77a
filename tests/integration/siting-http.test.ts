import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../helpers/db.ts';
import { apiCaller } from '../helpers/api-call.ts';
import { startRoleServer } from '../helpers/role-server.ts';

const AS_OF = '2026-01-01';
const TYPE = 'health_station';
const ALICE = 'planner:alice';
const BOB = 'planner:bob';

describe.each(testBackends())('siting API on %s', (backend) => {
  let server: Awaited<ReturnType<typeof startRoleServer>>;
  beforeAll(async () => {
    server = await startRoleServer(backend);
  });
  afterAll(async () => server?.close());

  const call = apiCaller(() => server.url);
  const site = (body: Record<string, unknown>, as = ALICE) => call('POST', '/siting', { as, body: { type: TYPE, as_of: AS_OF, ...body } });
  const coverage = async (scenario?: number) =>
    (await call('GET', `/coverage?type=${TYPE}&level=community&as_of=${AS_OF}${scenario ? `&scenario=${scenario}` : ''}`, { as: ALICE })).body;

  /** Households of buildings (in a community) within 300 m of an open health station or of one of `points`: PostGIS decides. */
  const coveredByPostgis = async (points: number[][]) => {
    const [row] = await server.db.sql<{ n: number }[]>`
      WITH p AS (SELECT ST_SetSRID(ST_MakePoint((q->>0)::float8, (q->>1)::float8), 4326) AS geom FROM jsonb_array_elements(${server.db.sql.json(points as never)}) q),
      sites AS (
        SELECT geom FROM facility WHERE type = ${TYPE} AND status = 'open'
          AND (opened_on IS NULL OR opened_on <= ${AS_OF}::date) AND (closed_on IS NULL OR closed_on > ${AS_OF}::date)
        UNION ALL SELECT geom FROM p)
      SELECT coalesce(sum(b.households), 0)::int AS n FROM building b
      WHERE b.community_code IS NOT NULL AND EXISTS (SELECT 1 FROM sites s WHERE ST_DWithin(b.geom::geography, s.geom::geography, 300))`;
    return row!.n;
  };

  it('should propose sites whose additions, once accepted into a scenario, are exactly what /api/coverage?scenario= shows', async () => {
    const res = await site({ model: 'mclp', p: 6, candidates: { generate: 'centroids' } });
    expect(res.status).toBe(200);
    const r = res.body;
    const features = r.proposals.features;
    expect(features.length).toBeGreaterThan(0);
    expect(features.length).toBeLessThanOrEqual(6);
    expect(features.map((f: any) => f.properties.rank)).toEqual(features.map((_: unknown, k: number) => k + 1));
    expect(r.curve).toHaveLength(features.length + 1);
    expect(r.objective).toBe(r.curve[features.length]);
    for (let k = 1; k < r.curve.length; k++) expect(r.curve[k]).toBeGreaterThanOrEqual(r.curve[k - 1]);
    expect(r.bound).toBeGreaterThanOrEqual(r.objective);
    expect(r.gap).toBeCloseTo((r.bound - r.objective) / r.objective, 12);

    // The solver's objective (covered building households, existing included) is PostGIS's count.
    expect(r.curve[0]).toBe(await coveredByPostgis([]));
    expect(r.objective).toBe(await coveredByPostgis(features.map((f: any) => f.geometry.coordinates)));

    const base = await coverage();
    expect(r.coverage.households_covered_before).toBe(base.totals.households_covered);
    const added = features.reduce((s: number, f: any) => s + f.properties.adds.households, 0);
    expect(r.coverage.households_covered_after - r.coverage.households_covered_before).toBe(added);
    for (const f of features) {
      expect(Object.values(f.properties.adds.by_community).reduce((s: number, n: any) => s + n, 0)).toBe(f.properties.adds.households);
    }

    // Accept the job's proposals into a scenario: coverage there is the baseline plus exactly what each adds.
    const created = await call('POST', '/scenarios', { as: ALICE, body: { name: 'siting' } });
    const accepted = await call('POST', `/scenarios/${created.body.id}/accept`, { as: ALICE, body: { job: r.job }, headers: { 'if-match': created.etag! } });
    expect(accepted.status).toBe(200);
    expect(accepted.body.changes).toHaveLength(features.length);
    expect(accepted.body.changes.map((c: any) => [c.lon, c.lat, c.source.siting.rank, c.source.siting.job])).toEqual(
      features.map((f: any) => [...f.geometry.coordinates, f.properties.rank, r.job]),
    );
    const after = await coverage(created.body.id);
    expect(after.totals.households_covered).toBe(r.coverage.households_covered_after);
    const expected = new Map(base.units.map((u: any) => [u.code, u.households_covered]));
    for (const f of features) for (const [code, n] of Object.entries(f.properties.adds.by_community)) expected.set(code, (expected.get(code) as number) + (n as number));
    expect(after.units.map((u: any) => [u.code, u.households_covered])).toEqual([...expected.entries()]);

    // Siting again on top of that scenario counts its new stations as built.
    const onTop = await site({ model: 'mclp', p: 2, candidates: { generate: 'centroids' }, scenario: created.body.id });
    expect(onTop.status).toBe(200);
    expect(onTop.body.scenario).toEqual({ id: created.body.id, version: 2 });
    expect(onTop.body.existing).toBe(r.existing + features.length);
    expect(onTop.body.coverage.households_covered_before).toBe(after.totals.households_covered);
    expect(onTop.body.curve[0]).toBe(r.objective);
  });

  it('should honour forced and excluded candidates and parcels given as polygons, and reach a target with lscp', async () => {
    const centroids = (await site({ model: 'mclp', p: 3, candidates: { generate: 'centroids' } })).body;
    const best = centroids.proposals.features[0];
    const [lon, lat] = best.geometry.coordinates as [number, number];
    const d = 0.0005;
    const candidates = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { id: 'best' } },
        { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[lon + 0.01 - d, lat - d], [lon + 0.01 + d, lat - d], [lon + 0.01 + d, lat + d], [lon + 0.01 - d, lat + d], [lon + 0.01 - d, lat - d]]] }, properties: { id: 'parcel' } },
        ...centroids.proposals.features.slice(1).map((f: any, k: number) => ({ type: 'Feature', geometry: f.geometry, properties: { id: `c${k}` } })),
      ],
    };
    const res = await site({ model: 'mclp', p: 2, candidates, forced: ['parcel'], excluded: ['best'] });
    expect(res.status).toBe(200);
    const ids = res.body.proposals.features.map((f: any) => f.properties.candidate_id);
    expect(ids).toContain('parcel');
    expect(ids).not.toContain('best');
    const parcel = res.body.proposals.features.find((f: any) => f.properties.candidate_id === 'parcel');
    expect(parcel.geometry.coordinates[0]).toBeCloseTo(lon + 0.01, 9);
    expect(parcel.geometry.coordinates[1]).toBeCloseTo(lat, 6);

    const lscp = await site({ model: 'lscp', target_rate: 0.8, candidates: { generate: 'centroids' } });
    expect(lscp.status).toBe(200);
    expect(lscp.body.objective).toBe(lscp.body.proposals.features.length);
    if (lscp.body.feasible) expect(lscp.body.rate).toBeGreaterThanOrEqual(0.8);
    else expect(lscp.body.best_rate).toBeLessThan(0.8);
    expect(lscp.body.bound).toBeLessThanOrEqual(lscp.body.objective);

    const spaced = await site({ model: 'pmedian', p: 4, candidates: { generate: 'centroids' }, min_spacing_m: 1500 });
    expect(spaced.status).toBe(200);
    const pts = spaced.body.proposals.features.map((f: any) => f.geometry.coordinates);
    const [far] = await server.db.sql<{ ok: boolean }[]>`
      SELECT bool_and(ST_Distance(ST_SetSRID(ST_MakePoint((a->>0)::float8, (a->>1)::float8), 4326)::geography,
                                  ST_SetSRID(ST_MakePoint((b->>0)::float8, (b->>1)::float8), 4326)::geography) >= 1500) AS ok
      FROM jsonb_array_elements(${server.db.sql.json(pts as never)}) WITH ORDINALITY x(a, i)
      JOIN jsonb_array_elements(${server.db.sql.json(pts as never)}) WITH ORDINALITY y(b, j) ON i < j`;
    expect(far!.ok ?? true).toBe(true);
  });

  it.each([
    [{ model: 'mclp', candidates: { generate: 'centroids' } }, 'p'],
    [{ model: 'lscp', candidates: { generate: 'centroids' } }, 'target_rate'],
    [{ model: 'lscp', target_rate: 1.5, candidates: { generate: 'centroids' } }, 'target_rate'],
    [{ model: 'mclp', p: 2, type: 'swimming_pool', candidates: { generate: 'centroids' } }, 'type'],
    [{ model: 'mclp', p: 2, candidates: { generate: 'grid' } }, 'candidates.spacing_m'],
    [{ model: 'mclp', p: 2, candidates: { generate: 'hexagons' } }, 'candidates'],
    [{ model: 'mclp', p: 2, candidates: { generate: 'centroids' }, forced: ['nowhere'] }, 'forced[0]'],
    [{ model: 'mclp', p: 2, candidates: { generate: 'centroids' }, excluded: ['nowhere'] }, 'excluded[0]'],
    [{ model: 'mclp', p: 2, candidates: { generate: 'centroids' }, speed: 'fast' }, 'speed'],
    [{ model: 'mclp', p: 2, candidates: { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'LineString', coordinates: [[118, 36.8], [118.1, 36.8]] }, properties: { id: 'a' } }] } }, 'candidates.features[0].geometry'],
    [{ model: 'mclp', p: 2, candidates: { generate: 'centroids' }, scenario: 999999 }, 'scenario'],
  ])('When the body is %j, then it answers 4xx naming %s', async (body, field) => {
    const res = await site(body as Record<string, unknown>);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.error.details.field).toBe(field);
  });

  it('should run long work as a job that reports progress, is private to its owner, and can be cancelled', async () => {
    // An exact run over a fine grid: far more than the 0 ms this request waits.
    const started = await site({ model: 'mclp', p: 40, method: 'exact', time_limit_s: 120, candidates: { generate: 'grid', spacing_m: 60 }, wait_ms: 0 });
    expect(started.status).toBe(202);
    expect(started.location).toBe(`/api/siting/jobs/${started.body.id}`);
    expect(started.body.state).toBe('running');
    const path = `/siting/jobs/${started.body.id}`;
    const seen = new Set<string>();
    for (let i = 0; i < 20 && seen.size < 2; i++) {
      const poll = await call('GET', path, { as: ALICE });
      expect(poll.status).toBe(200);
      expect(poll.body.state).toBe('running');
      expect(poll.body.progress.fraction).toBeGreaterThanOrEqual(0);
      expect(poll.body.progress.fraction).toBeLessThanOrEqual(1);
      seen.add(poll.body.progress.phase);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await call('GET', path, { as: BOB })).status).toBe(404);
    expect((await call('DELETE', path, { as: BOB })).status).toBe(404);

    const cancelled = await call('DELETE', path, { as: ALICE });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.state).toBe('cancelled');
    await new Promise((r) => setTimeout(r, 300));
    const later = await call('GET', path, { as: ALICE });
    expect(later.body.state).toBe('cancelled');
    expect(later.body.result).toBeUndefined();
    // Its proposals cannot be accepted; forgetting it frees it.
    const created = await call('POST', '/scenarios', { as: ALICE, body: { name: 'from a cancelled job' } });
    const refused = await call('POST', `/scenarios/${created.body.id}/accept`, { as: ALICE, body: { job: started.body.id }, headers: { 'if-match': created.etag! } });
    expect([refused.status, refused.body.error.details.field]).toEqual([409, 'job']);
    expect((await call('DELETE', path, { as: ALICE })).status).toBe(204);
    expect((await call('GET', path, { as: ALICE })).status).toBe(404);
  });

  it('When a run answers after the wait, then polling its job gives the same result as answering directly', async () => {
    const body = { model: 'mclp', p: 3, candidates: { generate: 'centroids' } };
    const direct = (await site(body)).body;
    const queued = await site({ ...body, wait_ms: 0 });
    expect([200, 202]).toContain(queued.status);
    let view = queued.status === 200 ? { state: 'done', result: queued.body } : queued.body;
    for (let i = 0; i < 50 && view.state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      view = (await call('GET', `/siting/jobs/${queued.body.id}`, { as: ALICE })).body;
    }
    expect(view.state).toBe('done');
    const strip = ({ job: _j, elapsed_ms: _e, ...rest }: any) => rest;
    expect(strip(view.result)).toEqual(strip(direct));
  });
});
