import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../helpers/db.ts';
import { apiCaller } from '../helpers/api-call.ts';
import { startRoleServer } from '../helpers/role-server.ts';

/** POST /api/siting: capacities (a value or a candidate property × a ratio), fair siting, min spacing from existing facilities. */

const AS_OF = '2026-01-01';
const TYPE = 'health_station';
const ALICE = 'planner:alice';

describe.each(testBackends())('siting API: capacities, fairness, spacing on %s', (backend) => {
  let server: Awaited<ReturnType<typeof startRoleServer>>;
  beforeAll(async () => {
    server = await startRoleServer(backend);
  });
  afterAll(async () => server?.close());

  const api = apiCaller(() => server.url, { as: ALICE });
  const call = (method: string, path: string, body?: unknown) => api(method, path, { body });
  /** POSTs and, if the answer is a job, polls it to the end. */
  const site = async (body: Record<string, unknown>) => {
    const res = await call('POST', '/siting', { type: TYPE, as_of: AS_OF, wait_ms: 10_000, ...body });
    if (res.status !== 202) return res;
    for (;;) {
      await new Promise((r) => setTimeout(r, 250));
      const view = (await call('GET', `/siting/jobs/${res.body.id}`)).body;
      if (view.state !== 'running') return { status: view.state === 'done' ? 200 : 500, body: view.result ?? view };
    }
  };
  const point = (id: string, [lon, lat]: number[], properties: Record<string, unknown> = {}) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { id, ...properties } });

  /** Households of buildings (in a community) within 300 m of `at` and of no open health station: PostGIS decides. */
  const newlyCovered = async (at: number[]) => {
    const [row] = await server.db.sql<{ n: number }[]>`
      SELECT coalesce(sum(b.households), 0)::int AS n FROM building b
      WHERE b.community_code IS NOT NULL
        AND ST_DWithin(b.geom::geography, ST_SetSRID(ST_MakePoint(${at[0]!}::float8, ${at[1]!}::float8), 4326)::geography, 300)
        AND NOT EXISTS (SELECT 1 FROM facility f WHERE f.type = ${TYPE} AND f.status = 'open'
          AND (f.opened_on IS NULL OR f.opened_on <= ${AS_OF}::date) AND (f.closed_on IS NULL OR f.closed_on > ${AS_OF}::date)
          AND ST_DWithin(b.geom::geography, f.geom::geography, 300))`;
    return row!.n;
  };

  it('When candidates have a capacity, then coverage counts at most that many households per site (PostGIS checks the rest)', async () => {
    const plain = (await site({ model: 'mclp', p: 1, candidates: { generate: 'centroids' } })).body;
    const best = plain.proposals.features[0];
    const at = best.geometry.coordinates as number[];
    const gain = await newlyCovered(at);
    expect(gain).toBeGreaterThan(4);
    expect(best.properties.adds.households).toBe(gain);
    const cap = Math.floor(gain / 2);
    // The same site as a candidate with beds = cap / 2 and 2 households per bed.
    const res = await site({ model: 'mclp', p: 1, method: 'exact', candidates: { type: 'FeatureCollection', features: [point('X', at, { beds: cap / 2 })] }, capacity: { field: 'beds', ratio: 2 } });
    expect(res.status).toBe(200);
    const r = res.body;
    expect(r.exact_status).toBe('optimal');
    expect(r.objective).toBeCloseTo(plain.curve[0] + cap, 6);
    expect(r.proposals.features[0].properties).toMatchObject({ candidate_id: 'X', capacity: cap });
    expect(r.proposals.features[0].properties.load).toBeCloseTo(cap, 6);
    // A value for all candidates; the field missing on a candidate is named.
    const byValue = (await site({ model: 'mclp', p: 1, method: 'exact', candidates: { type: 'FeatureCollection', features: [point('X', at)] }, capacity: { value: cap } })).body;
    expect(byValue.objective).toBeCloseTo(r.objective, 6);
    const missing = await site({ model: 'mclp', p: 1, candidates: { type: 'FeatureCollection', features: [point('X', at)] }, capacity: { field: 'beds' } });
    expect([missing.status, missing.body.error.details.field]).toEqual([400, 'candidates.features[0].properties.beds']);
    const lscp = await site({ model: 'lscp', target_rate: 0.5, candidates: { generate: 'centroids' }, capacity: { value: 10 } });
    expect([lscp.status, lscp.body.error.details.field]).toEqual([400, 'capacity']);
  }, 600_000);

  it('When a p-median has capacities, then no proposal serves more than its capacity, and the total is never below the uncapacitated one', async () => {
    const plain = (await site({ model: 'mclp', p: 2, candidates: { generate: 'centroids' } })).body;
    const features = plain.proposals.features.map((f: any, k: number) => point(`c${k}`, f.geometry.coordinates));
    const body = { model: 'pmedian', p: 2, method: 'exact', candidates: { type: 'FeatureCollection', features }, max_cost_m: 1000 };
    const free = (await site(body)).body;
    // Demand beyond max_cost_m of every open station must go to a new site: 1 household each cannot hold it.
    const tooSmall = await site({ ...body, capacity: { value: 1 } });
    expect([tooSmall.status, tooSmall.body.error.details.field]).toEqual([400, 'capacity']);
    expect(tooSmall.body.error.message).toMatch(/infeasible/);
    const cap = Math.ceil(0.6 * free.demand.households);
    const res = await site({ ...body, capacity: { value: cap } });
    expect(res.status).toBe(200);
    const r = res.body;
    for (const f of r.proposals.features) {
      expect(f.properties.capacity).toBe(cap);
      expect(f.properties.load).toBeLessThanOrEqual(cap);
    }
    expect(r.objective).toBeGreaterThanOrEqual(free.objective - 1e-6);
    const fill = await site({ ...body, fill_forced: true });
    expect([fill.status, fill.body.error.details.field]).toEqual([400, 'fill_forced']);
  }, 600_000);

  it('When fairness is given, then the answer reports total, deviation and objective = total + weight × deviation, never a smaller total than the p-median', async () => {
    const plain = (await site({ model: 'mclp', p: 3, candidates: { generate: 'centroids' } })).body;
    const features = plain.proposals.features.map((f: any, k: number) => point(`c${k}`, f.geometry.coordinates));
    const body = { model: 'pmedian', p: 1, method: 'exact', candidates: { type: 'FeatureCollection', features }, max_cost_m: 3000 };
    const median = (await site(body)).body;
    expect(median.fair).toBeNull();
    const fair = await site({ ...body, fairness: 2 });
    expect(fair.status).toBe(200);
    const f = fair.body;
    expect(f.fair.weight).toBe(2);
    expect(f.objective).toBeCloseTo(f.fair.total + 2 * f.fair.deviation, 6);
    expect(f.fair.total).toBeGreaterThanOrEqual(median.objective - 1e-6);
    expect(f.distribution.max).toBeGreaterThan(0);
    const wrong = await site({ model: 'mclp', p: 1, candidates: { generate: 'centroids' }, fairness: 1 });
    expect([wrong.status, wrong.body.error.details.field]).toEqual([400, 'fairness']);
  }, 600_000);

  it('When min_spacing_m is given, then candidates that close to an open facility of the type are left out (PostGIS distance), unless min_spacing_existing is false', async () => {
    const [station] = await server.db.sql<{ lon: number; lat: number }[]>`
      SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM facility WHERE type = ${TYPE} AND status = 'open'
        AND (opened_on IS NULL OR opened_on <= ${AS_OF}::date) AND (closed_on IS NULL OR closed_on > ${AS_OF}::date) ORDER BY code LIMIT 1`;
    const near = [station!.lon + 0.0005, station!.lat];
    const plain = (await site({ model: 'mclp', p: 2, candidates: { generate: 'centroids' } })).body;
    const others = plain.proposals.features.map((f: any, k: number) => point(`c${k}`, f.geometry.coordinates));
    const candidates = { type: 'FeatureCollection', features: [point('near', near), ...others] };
    const [d] = await server.db.sql<{ near: number; others: number }[]>`
      WITH c AS (SELECT (x->>'id') AS id, ST_SetSRID(ST_MakePoint((x->'at'->>0)::float8, (x->'at'->>1)::float8), 4326)::geography AS g
                 FROM jsonb_array_elements(${server.db.sql.json([{ id: 'near', at: near }, ...others.map((o: any) => ({ id: o.properties.id, at: o.geometry.coordinates }))] as never)}) x)
      SELECT min(CASE WHEN c.id = 'near' THEN ST_Distance(c.g, f.geom::geography) END) AS near,
             min(CASE WHEN c.id <> 'near' THEN ST_Distance(c.g, f.geom::geography) END) AS others
      FROM c, facility f WHERE f.type = ${TYPE} AND f.status = 'open'
        AND (f.opened_on IS NULL OR f.opened_on <= ${AS_OF}::date) AND (f.closed_on IS NULL OR f.closed_on > ${AS_OF}::date)`;
    const spacing = Math.ceil(d!.near) + 1;
    expect(d!.others).toBeGreaterThan(spacing);
    const spaced = (await site({ model: 'mclp', p: 1, candidates, forced: [], min_spacing_m: spacing })).body;
    expect(spaced.excluded_by_spacing).toEqual(['near']);
    expect(spaced.proposals.features.map((x: any) => x.properties.candidate_id)).not.toContain('near');
    const notFromExisting = (await site({ model: 'mclp', p: 1, candidates, min_spacing_m: spacing, min_spacing_existing: false })).body;
    expect(notFromExisting.excluded_by_spacing).toEqual([]);
    const forced = await site({ model: 'mclp', p: 1, candidates, forced: ['near'], min_spacing_m: spacing });
    expect([forced.status, forced.body.error.details.field]).toEqual([400, 'forced']);
  }, 600_000);
});
