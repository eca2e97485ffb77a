import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const JSON_HEADERS = { 'content-type': 'application/json' };

describe.each(testBackends())('editing with ETag / If-Match on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: 'demo' });
  });
  afterAll(async () => server?.close());

  const url = (path: string) => `${server.url}/api/collections/${path}`;
  const send = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(url(path), { method, headers: { ...JSON_HEADERS, ...server.auth.planner, ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await res.text();
    return { status: res.status, etag: res.headers.get('etag'), location: res.headers.get('location'), body: text ? JSON.parse(text) : null };
  };
  const facility = (code: string, extra: Record<string, unknown> = {}) => ({
    type: 'Feature', geometry: { type: 'Point', coordinates: [118.05, 36.8] },
    properties: { code, name: '新卫生站', type: 'health_station', status: 'open', opened_on: '2020-05-01', gp_count: 2, ...extra },
  });
  const audit = (code: string) => server.db.sql<{ action: string; actor: string; before: any; after: any }[]>`
    SELECT action, actor, before, after FROM audit_log WHERE code = ${code} ORDER BY id`;

  it('should create, read with an ETag, patch, replace and delete a facility, auditing each write', async () => {
    const created = await send('POST', 'facilities/items', facility('F-EDIT-1'));
    expect(created.status).toBe(201);
    expect(created.etag).toBe('"1"');
    expect(created.location).toMatch(/\/api\/collections\/facilities\/items\/F-EDIT-1$/);
    const read = await fetch(url('facilities/items/F-EDIT-1'));
    expect(read.headers.get('etag')).toBe('"1"');
    expect((await fetch(url('facilities/items/F-EDIT-1'), { headers: { 'if-none-match': '"1"' } })).status).toBe(304);

    const patched = await send('PATCH', 'facilities/items/F-EDIT-1', { properties: { gp_count: 5 } }, { 'if-match': '"1"' });
    expect(patched.status).toBe(200);
    expect(patched.etag).toBe('"2"');
    expect(patched.body.properties).toMatchObject({ gp_count: 5, name: '新卫生站', opened_on: '2020-05-01' });

    const replaced = await send('PUT', 'facilities/items/F-EDIT-1', { ...facility('F-EDIT-1'), geometry: { type: 'Point', coordinates: [118.06, 36.81] } }, { 'if-match': '"2"' });
    expect(replaced.status).toBe(200);
    expect(replaced.body.geometry.coordinates).toEqual([118.06, 36.81]);
    expect(replaced.body.properties.gp_count).toBe(2);

    expect((await send('DELETE', 'facilities/items/F-EDIT-1', undefined, { 'if-match': '"3"' })).status).toBe(204);
    expect((await fetch(url('facilities/items/F-EDIT-1'))).status).toBe(404);

    const trail = await audit('F-EDIT-1');
    expect(trail.map((a) => a.action)).toEqual(['create', 'patch', 'replace', 'delete']);
    expect(trail[1]!.before.properties.gp_count).toBe(2);
    expect(trail[1]!.after.properties.gp_count).toBe(5);
    expect(trail[3]!.after).toBeNull();
  });

  it('When two planners edit the same version, then the second gets 412 and the first edit survives', async () => {
    await send('POST', 'facilities/items', facility('F-EDIT-2'));
    const first = await send('PATCH', 'facilities/items/F-EDIT-2', { properties: { name: '甲的修改' } }, { 'if-match': '"1"' });
    expect(first.status).toBe(200);
    const second = await send('PATCH', 'facilities/items/F-EDIT-2', { properties: { name: '乙的修改' } }, { 'if-match': '"1"' });
    expect(second.status).toBe(412);
    expect(second.body.error).toMatchObject({ code: 'precondition_failed', details: { field: 'If-Match', current_etag: '"2"' } });
    const now = await send('GET', 'facilities/items/F-EDIT-2');
    expect(now.body.properties.name).toBe('甲的修改');
    expect((await audit('F-EDIT-2')).map((a) => a.action)).toEqual(['create', 'patch']);
  });

  it('When If-Match is missing, then the write is refused with 428 and nothing changes', async () => {
    const res = await send('DELETE', 'communities/items/D01S01C01');
    expect(res.status).toBe(428);
    expect(res.body.error.details.field).toBe('If-Match');
    expect((await fetch(url('communities/items/D01S01C01'))).status).toBe(200);
  });

  it.each([
    ['a negative household count', 'communities/items', { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[118, 36], [118.01, 36], [118.01, 36.01], [118, 36]]] }, properties: { code: 'C-NEW', name: '新社区', street_code: 'D01S01', households: -5, population: 10 } }, 'properties.households'],
    ['an unknown street code', 'communities/items', { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[118, 36], [118.01, 36], [118.01, 36.01], [118, 36]]] }, properties: { code: 'C-NEW', name: '新社区', street_code: 'NOPE', households: 5, population: 10 } }, 'properties.street_code'],
    ['an unknown facility type', 'facilities/items', facility('F-BAD', { type: 'spaceport' }), 'properties.type'],
    ['swapped coordinates', 'facilities/items', { ...facility('F-BAD'), geometry: { type: 'Point', coordinates: [36.8, 118.05] } }, 'geometry.coordinates'],
    ['a self-intersecting polygon', 'communities/items', { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[118, 36], [118.01, 36.01], [118.01, 36], [118, 36.01], [118, 36]]] }, properties: { code: 'C-NEW', name: '新社区', street_code: 'D01S01', households: 5, population: 10 } }, 'geometry.coordinates'],
    ['a line where a point is needed', 'facilities/items', { ...facility('F-BAD'), geometry: { type: 'LineString', coordinates: [[118, 36], [118.1, 36]] } }, 'geometry.type'],
    ['an unknown field', 'facilities/items', facility('F-BAD', { colour: 'red' }), 'properties'],
    ['a closing date before opening', 'facilities/items', facility('F-BAD', { closed_on: '2019-01-01' }), 'properties.closed_on'],
    ['a body that is not a Feature', 'facilities/items', { code: 'F-BAD' }, 'body'],
  ])('When a new record has %s, then 4xx names %s and nothing is written', async (_label, path, body, field) => {
    const [before] = await server.db.sql<{ v: string }[]>`SELECT version::text AS v FROM data_version`;
    const res = await send('POST', path, body);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.error.details.field).toBe(field);
    const [after] = await server.db.sql<{ v: string }[]>`SELECT version::text AS v FROM data_version`;
    expect(after!.v).toBe(before!.v);
  });

  it('should refuse to delete a street that still has communities (409) and to create a duplicate code (409)', async () => {
    const street = await send('GET', 'streets/items/D01S01');
    const del = await send('DELETE', 'streets/items/D01S01', undefined, { 'if-match': street.etag! });
    expect(del.status).toBe(409);
    const dup = await send('POST', 'facilities/items', facility((await send('GET', 'facilities/items?limit=1')).body.features[0].id));
    expect(dup.status).toBe(409);
  });

  it('should give a new building a code and its community by location', async () => {
    const [inside] = await server.db.sql<{ code: string; lon: number; lat: number }[]>`
      SELECT code, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM community ORDER BY code LIMIT 1`;
    const res = await send('POST', 'buildings/items', { type: 'Feature', geometry: { type: 'Point', coordinates: [inside!.lon, inside!.lat] }, properties: { households: 40 } });
    expect(res.status).toBe(201);
    expect(res.body.properties.code).toMatch(/^B/);
    expect(res.body.properties.community_code).toBe(inside!.code);
  });
  it('should list the audit log to planners, newest first, as stored, and accounts only to admins', async () => {
    await send('POST', 'facilities/items', facility('F-AUDIT-1'));
    expect((await send('PATCH', 'facilities/items/F-AUDIT-1', { properties: { gp_count: 4 } }, { 'if-match': '"1"' })).status).toBe(200);
    const read = async (query: string, headers: Record<string, string>) => {
      const res = await fetch(`${server.url}/api/audit?${query}`, { headers });
      return { status: res.status, body: (await res.json()) as any };
    };

    const mine = await read('collection=facilities&code=F-AUDIT-1', server.auth.planner);
    expect(mine.status).toBe(200);
    const stored = await audit('F-AUDIT-1');
    expect(mine.body.numberMatched).toBe(2);
    expect(mine.body.entries.map((e: any) => [e.action, e.actor, e.after?.properties?.gp_count ?? e.after?.gp_count]))
      .toEqual([...stored].reverse().map((a) => [a.action, a.actor, a.after?.properties?.gp_count ?? a.after?.gp_count]));
    expect(mine.body.entries[0].actor).toBe('test-planner');

    // Paging: one entry at a time, the newest first.
    const page = await read('collection=facilities&code=F-AUDIT-1&limit=1&offset=1', server.auth.planner);
    expect(page.body).toMatchObject({ numberMatched: 2, numberReturned: 1 });
    expect(page.body.entries[0].action).toBe('create');
    const pastTheEnd = await read('collection=facilities&code=F-AUDIT-1&offset=5', server.auth.planner);
    expect(pastTheEnd.body).toMatchObject({ numberMatched: 2, numberReturned: 0, entries: [] });

    // The test users were created with audit entries: admins see them, planners do not.
    expect((await read('collection=users', server.auth.planner)).body.numberMatched).toBe(0);
    expect((await read('collection=users', server.auth.admin)).body.numberMatched).toBeGreaterThanOrEqual(2);
    expect((await read('collection=users', {})).status).toBe(401);
  });

  it.each([
    ['since=yesterday', 'since'],
    ['since=2026-13-45', 'since'],
    ['limit=0', 'limit'],
    ['offset=-1', 'offset'],
  ])('When the audit query has %s, then 400 names %s', async (query, field) => {
    const res = await fetch(`${server.url}/api/audit?${query}`, { headers: server.auth.planner });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.details.field).toBe(field);
  });
});
