import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { testBackends } from '../helpers/db.ts';

async function get(url: string): Promise<{ status: number; type: string; body: any }> {
  const res = await fetch(url);
  const type = res.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await res.json() : await res.text();
  return { status: res.status, type, body };
}

describe.each(testBackends())('HTTP API on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: 'demo' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('When the database is up and migrated, then /api/health answers 200 ok', async () => {
    const { status, body } = await get(`${server.url}/api/health`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', database: { backend, reachable: true }, migrations: { current: true, pending: [] } });
    expect(body.database.postgis).toMatch(/^3\.\d+/);
  });

  it('should list the six collections', async () => {
    const { body } = await get(`${server.url}/api/collections`);
    expect(body.collections.map((c: { id: string }) => c.id)).toEqual(['districts', 'streets', 'communities', 'buildings', 'facilities', 'facility-types']);
  });

  it('should page through communities with numberMatched, numberReturned and next/prev links', async () => {
    const [{ n } = { n: -1 }] = await server.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM community`;
    const first = await get(`${server.url}/api/collections/communities/items?limit=7`);
    expect(first.status).toBe(200);
    expect(first.type).toContain('application/geo+json');
    expect(first.body).toMatchObject({ type: 'FeatureCollection', numberMatched: n, numberReturned: 7 });
    expect(first.body.features[0].geometry.type).toBe('MultiPolygon');
    expect(first.body.features[0].id).toBe(first.body.features[0].properties.code);
    const next = first.body.links.find((l: { rel: string }) => l.rel === 'next');
    const second = await get(next.href);
    expect(second.body.features[0].id > first.body.features[6].id).toBe(true);
    expect(second.body.links.some((l: { rel: string }) => l.rel === 'prev')).toBe(true);
  });

  it('should filter by bbox exactly as PostGIS ST_Intersects does', async () => {
    const bbox = [118.0, 36.76, 118.06, 36.8];
    const [{ n } = { n: -1 }] = await server.db.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM facility WHERE ST_Intersects(geom, ST_MakeEnvelope(${bbox[0]!}, ${bbox[1]!}, ${bbox[2]!}, ${bbox[3]!}, 4326))`;
    const { body } = await get(`${server.url}/api/collections/facilities/items?bbox=${bbox.join(',')}&limit=10000`);
    expect(n).toBeGreaterThan(0);
    expect(body.numberMatched).toBe(n);
    expect(body.numberReturned).toBe(n);
  });

  it('should filter by property equality', async () => {
    const { body } = await get(`${server.url}/api/collections/facilities/items?type=health_center&limit=1000`);
    expect(body.numberReturned).toBeGreaterThan(0);
    expect(body.features.every((f: any) => f.properties.type === 'health_center')).toBe(true);
  });

  it('should return one feature by its code, and 404 JSON for an unknown code', async () => {
    const list = await get(`${server.url}/api/collections/streets/items?limit=1`);
    const code = list.body.features[0].id;
    const one = await get(`${server.url}/api/collections/streets/items/${code}`);
    expect(one.status).toBe(200);
    expect(one.body.properties.code).toBe(code);
    const missing = await get(`${server.url}/api/collections/streets/items/NOPE`);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'not_found', details: { field: 'featureId' } });
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=99999999', 'limit'],
    ['offset=-1', 'offset'],
    ['bbox=1,2,3', 'bbox'],
    ['bbox=118,37,119,36', 'bbox'],
    ['bbox=1,2,3,NaN', 'bbox'],
    ['households=1&nonsense=2', 'nonsense'],
  ])('When given %s, then it answers 400 naming the field %s', async (query, field) => {
    const { status, body } = await get(`${server.url}/api/collections/communities/items?${query}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_parameter');
    expect(body.error.details.field).toBe(field);
    expect(body.error.message).toContain(field);
  });

  it('should answer unknown routes and collections with the JSON error envelope', async () => {
    const route = await get(`${server.url}/api/nowhere`);
    expect(route.status).toBe(404);
    expect(route.body).toEqual({ error: { code: 'not_found', message: 'no route for GET /api/nowhere' } });
    const coll = await get(`${server.url}/api/collections/parks/items`);
    expect(coll.status).toBe(404);
    expect(coll.body.error.message).toContain('communities');
  });

  it('should answer a malformed JSON body with 400, not 500', async () => {
    const res = await fetch(`${server.url}/api/collections/facilities/items`, { method: 'POST', headers: { 'content-type': 'application/json', ...server.auth.planner }, body: '{"a":' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('bad_request');
  });

  it('should serve the map client at /', async () => {
    const { status, type, body } = await get(`${server.url}/`);
    expect(status).toBe(200);
    expect(type).toContain('text/html');
    expect(body).toContain('id="map"');
  });
});

describe('graceful shutdown', () => {
  it('When the server is asked to stop mid-request, then that request still completes', async () => {
    const server = await startTestServer({ seed: 'empty' });
    const { port } = new URL(server.url);
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      // A planner's create (the body is read only after the credentials are checked).
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/collections/facilities/items', headers: { 'content-type': 'application/json', 'content-length': '8', ...server.auth.planner } }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.write('{"a":');
      // The body is half sent: the request is in flight when shutdown begins.
      setTimeout(() => {
        const closing = server.close();
        setTimeout(() => req.end('1} '), 200);
        closing.catch(reject);
      }, 100);
    });
    const { status, body } = await response;
    expect(status).toBe(400);
    expect(JSON.parse(body).error.code).toBe('invalid_parameter');
  });
});
