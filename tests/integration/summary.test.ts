import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

describe.each(testBackends())('GET /api/summary on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: 'demo' });
  }, 120_000);
  afterAll(async () => server?.close());

  /** The same numbers counted independently, one SQL statement each. */
  const truth = async () => {
    const [c] = await server.db.sql<{ n: number; p: number }[]>`SELECT count(*)::int AS n, coalesce(sum(population), 0)::float8 AS p FROM community`;
    const rows = await server.db.sql<{ code: string; n: number }[]>`
      SELECT t.code, (SELECT count(*)::int FROM facility f WHERE f.type = t.code) AS n FROM facility_type t ORDER BY t.code`;
    const [f] = await server.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM facility`;
    return { communities: c!.n, population: c!.p, facilities: f!.n, byType: Object.fromEntries(rows.map((r) => [r.code, r.n])) };
  };

  it('should count communities, population and facilities per type as SQL does, with an ETag and a 304 on repeat', async () => {
    const res = await fetch(`${server.url}/api/summary`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    const expected = await truth();
    expect(expected.communities).toBeGreaterThan(0);
    expect(expected.facilities).toBeGreaterThan(0);
    expect(body).toMatchObject({ communities: expected.communities, population: expected.population, facilities: expected.facilities });
    expect(body.facilities_by_type).toEqual(expected.byType);
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^W\/"a/);
    const again = await fetch(`${server.url}/api/summary`, { headers: { 'If-None-Match': etag! } });
    expect(again.status).toBe(304);
  });

  it('should answer new numbers and a new ETag after a write', async () => {
    const first = await fetch(`${server.url}/api/summary`);
    const before = (await first.json()) as { population: number };
    await server.db.sql`UPDATE community SET population = population + 7 WHERE code = (SELECT min(code) FROM community)`;
    const res = await fetch(`${server.url}/api/summary`, { headers: { 'If-None-Match': first.headers.get('etag')! } });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).not.toBe(first.headers.get('etag'));
    const after = (await res.json()) as { population: number };
    expect(after.population).toBe(before.population + 7);
    expect(after.population).toBe((await truth()).population);
  });

  it('should be in the OpenAPI document as a public read', async () => {
    const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { paths: Record<string, { get?: { 'x-role'?: string } }> };
    expect(doc.paths['/summary']?.get?.['x-role']).toBe('public');
  });
});
