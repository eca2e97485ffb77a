import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tileOfLonLat } from '../../api/src/domain/geo/web-mercator-tile.ts';
import { buildCounts } from '../../api/src/domain/coverage/build-counts.ts';
import { testBackends } from '../helpers/db.ts';
import { startRoleServer } from '../helpers/role-server.ts';
import { startTestServer } from '../helpers/server.ts';

const AS_OF = '2026-01-01';
const TYPE = 'health_station';

/** A raw GET (no automatic decoding): status, headers and the bytes as sent. */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, bytes: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

describe.each(testBackends())('#16 speed over the wire on %s', (backend) => {
  let server: Awaited<ReturnType<typeof startRoleServer>>;
  beforeAll(async () => {
    server = await startRoleServer(backend);
  });
  afterAll(async () => server?.close());
  const coverageUrl = () => `${server.url}/api/coverage?type=${TYPE}&level=community&as_of=${AS_OF}`;

  it('When a client accepts gzip, then /api/coverage answers Content-Encoding: gzip whose body inflates to the same JSON as the plain answer', async () => {
    const plain = await rawGet(coverageUrl(), { 'accept-encoding': 'identity' });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const zipped = await rawGet(coverageUrl(), { 'accept-encoding': 'gzip' });
    expect(zipped.status).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers['vary']).toMatch(/accept-encoding/i);
    const inflated = gunzipSync(zipped.bytes);
    expect(JSON.parse(inflated.toString('utf8'))).toEqual(JSON.parse(plain.bytes.toString('utf8')));
    expect(zipped.bytes.length).toBeLessThan(plain.bytes.length / 3);
  });

  it('When a client accepts brotli, then GeoJSON, CSV and vector tiles come compressed too and decode to the plain answer', async () => {
    const [centre] = await server.db.sql<{ lon: number; lat: number }[]>`SELECT ST_X(ST_Centroid(ST_Collect(geom))) AS lon, ST_Y(ST_Centroid(ST_Collect(geom))) AS lat FROM community`;
    const { x, y } = tileOfLonLat(centre!.lon, centre!.lat, 13);
    const urls = [
      `${server.url}/api/tiles/communities/13/${x}/${y}.mvt`,
      `${server.url}/api/coverage?type=${TYPE}&level=street&as_of=${AS_OF}&format=geojson`,
      `${server.url}/api/coverage?type=${TYPE}&level=community&as_of=${AS_OF}&format=csv`,
      `${server.url}/api/collections/communities/items?limit=50`,
    ];
    for (const url of urls) {
      const plain = await rawGet(url);
      const br = await rawGet(url, { 'accept-encoding': 'br' });
      expect([url, br.status, br.headers['content-encoding']]).toEqual([url, 200, 'br']);
      const decoded = brotliDecompressSync(br.bytes);
      const json = (b: Buffer) => ({ ...JSON.parse(b.toString('utf8')), timeStamp: undefined }); // OGC items carry the time of the answer
      if (String(br.headers['content-type']).includes('json')) expect(json(decoded)).toEqual(json(plain.bytes));
      else expect(decoded.equals(plain.bytes)).toBe(true);
    }
  });

  const call = async (method: string, path: string, options: { as?: string; body?: unknown; headers?: Record<string, string> } = {}) => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.as) headers.authorization = `Bearer ${options.as}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${server.url}/api${path}`, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
    const text = await res.text();
    return { status: res.status, etag: res.headers.get('etag'), text, body: text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : undefined } as { status: number; etag: string | null; text: string; body: any };
  };

  it('When an analysis answer is asked again with its ETag, then it is a 304 without a body; after a write to the city the ETag changes and the answer is whole again', async () => {
    const [street] = await server.db.sql<{ code: string }[]>`SELECT code FROM street ORDER BY code LIMIT 1`;
    const [spot] = await server.db.sql<{ lon: number; lat: number }[]>`SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM building ORDER BY code LIMIT 1`;
    const paths = [
      `/coverage?type=${TYPE}&level=community&as_of=${AS_OF}`,
      `/coverage/gaps?type=${TYPE}&unit=${street!.code}&as_of=${AS_OF}`,
      `/accessibility?type=health_center,health_station&supply=gp_count&demand=population&level=street&as_of=${AS_OF}`,
      `/plans/beijing-2001-2005/evaluation?as_of=${AS_OF}`,
      `/nearby?lon=${spot!.lon}&lat=${spot!.lat}&as_of=${AS_OF}`,
      `/coverage/reach?type=${TYPE}&mode=walk&as_of=${AS_OF}`,
    ];
    const first = new Map<string, string>();
    for (const path of paths) {
      const a = await call('GET', path, { as: 'planner:alice' });
      expect([path, a.status]).toEqual([path, 200]);
      expect(a.etag).toMatch(/^W\/"a\d+-/);
      const again = await call('GET', path, { as: 'planner:alice', headers: { 'if-none-match': a.etag! } });
      expect([path, again.status, again.text]).toEqual([path, 304, '']);
      // Another role sees other fields: another tag.
      expect((await call('GET', path)).etag).not.toBe(a.etag);
      first.set(path, a.etag!);
    }
    const [f] = await server.db.sql<{ code: string }[]>`SELECT code FROM facility WHERE type = ${TYPE} ORDER BY code LIMIT 1`;
    await server.db.sql`UPDATE facility SET name = name || '·' WHERE code = ${f!.code}`;
    for (const path of paths) {
      const after = await call('GET', path, { as: 'planner:alice', headers: { 'if-none-match': first.get(path)! } });
      expect([path, after.status]).toEqual([path, 200]);
      expect(after.etag).not.toBe(first.get(path));
      expect(after.body).toBeTruthy();
    }
  });

  it('When a scenario is edited, then its answers carry a new ETag and the old one no longer gives 304; the baseline tag stays', async () => {
    const created = await call('POST', '/scenarios', { as: 'planner:alice', body: { name: 'etag', changes: [{ op: 'add', type: TYPE, lon: 118.05, lat: 36.8 }] } });
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    const path = `/coverage?type=${TYPE}&level=street&as_of=${AS_OF}&scenario=${id}`;
    const base = await call('GET', `/coverage?type=${TYPE}&level=street&as_of=${AS_OF}`, { as: 'planner:alice' });
    const v1 = await call('GET', path, { as: 'planner:alice' });
    expect(v1.status).toBe(200);
    expect(v1.body.scenario).toEqual({ id, version: 1 });
    expect((await call('GET', path, { as: 'planner:alice', headers: { 'if-none-match': v1.etag! } })).status).toBe(304);
    const resolvesBefore = buildCounts.overlayResolves;
    const patched = await call('PATCH', `/scenarios/${id}`, { as: 'planner:alice', headers: { 'if-match': '"1"' }, body: { changes: [...created.body.changes, { op: 'add', type: TYPE, lon: 118.06, lat: 36.81 }] } });
    expect(patched.status).toBe(200);
    // The edit itself starts resolving version 2, before any request asks for it…
    await vi.waitFor(() => expect(buildCounts.overlayResolves - resolvesBefore).toBe(1), { timeout: 10_000 });
    const v2 = await call('GET', path, { as: 'planner:alice', headers: { 'if-none-match': v1.etag! } });
    await call('GET', `/coverage?type=${TYPE}&level=community&as_of=${AS_OF}&scenario=${id}`, { as: 'planner:alice' });
    // …and neither GET resolves it again.
    expect(buildCounts.overlayResolves - resolvesBefore).toBe(1);
    expect(v2.status).toBe(200);
    expect(v2.body.scenario).toEqual({ id, version: 2 });
    expect(v2.etag).not.toBe(v1.etag);
    expect((await call('GET', `/coverage?type=${TYPE}&level=street&as_of=${AS_OF}`, { as: 'planner:alice', headers: { 'if-none-match': base.etag! } })).status).toBe(304);
  });

  it('When the map asks for format=compact, then each community is code → [covered, households], equal to the full answer, in under a third of the bytes', async () => {
    const full = await call('GET', `/coverage?type=${TYPE}&level=community&as_of=${AS_OF}`);
    const compact = await call('GET', `/coverage?type=${TYPE}&level=community&as_of=${AS_OF}&format=compact`);
    expect(compact.status).toBe(200);
    expect(compact.body).toMatchObject({ format: 'compact', columns: ['households_covered', 'households'], totals: full.body.totals, data_version: full.body.data_version, as_of: AS_OF });
    expect(Object.keys(compact.body.units)).toEqual(full.body.units.map((u: any) => u.code));
    for (const u of full.body.units) {
      const [covered, households] = compact.body.units[u.code];
      expect([covered, households, households > 0 ? covered / households : 0]).toEqual([u.households_covered, u.households, u.rate]);
    }
    expect(compact.text.length).toBeLessThan(full.text.length / 3);
    expect(compact.etag).not.toBe(full.etag);
  });

  it('When the server starts, then it builds the walking engine in the background before any walking request, and the first walking answer builds none', async () => {
    const built = buildCounts.walkingEngines;
    const started = await startTestServer({ backend, warmUp: true });
    try {
      // No request asked for it: the start-up warm-up builds it.
      await vi.waitFor(() => expect(buildCounts.walkingEngines).toBe(built + 1), { timeout: 90_000, interval: 100 });
      const walk = await fetch(`${started.url}/api/coverage?type=${TYPE}&level=community&as_of=${AS_OF}&mode=walk&format=compact`);
      expect(walk.status).toBe(200);
      expect(((await walk.json()) as { format: string }).format).toBe('compact');
      expect(buildCounts.walkingEngines).toBe(built + 1);
    } finally {
      await started.close();
    }
  });

  it('When an empty city starts and stops at once, then the warm-up builds no walking engine and the server closes cleanly', async () => {
    const built = buildCounts.walkingEngines;
    const empty = await startTestServer({ backend, seed: 'empty', warmUp: true });
    const health = await fetch(`${empty.url}/api/health`);
    expect(health.status).toBe(200);
    await empty.close();
    expect(buildCounts.walkingEngines).toBe(built);
  });

  // Runs last: it ends by writing the scenario's facilities into the baseline for real.
  it('When a planner edits a scenario, then its coverage, gaps, accessibility (2SFCA, capacitated) and plan evaluation come from the baseline engines plus the held delta (no engine built, no session opened, straight or walking) and equal the baseline with the same facilities written for real', async () => {
    const as = 'planner:alice';
    const [street] = await server.db.sql<{ code: string }[]>`SELECT code FROM street ORDER BY code LIMIT 1`;
    const queries = [
      `/coverage?type=${TYPE}&level=community&as_of=${AS_OF}`,
      `/coverage?type=${TYPE}&level=community&as_of=${AS_OF}&mode=walk`,
      `/coverage?type=health_center,${TYPE}&reach_m=1000,300&level=street&as_of=${AS_OF}`,
      `/coverage/gaps?type=${TYPE}&unit=${street!.code}&as_of=${AS_OF}`,
      `/coverage/gaps?type=${TYPE}&unit=${street!.code}&as_of=${AS_OF}&mode=walk`,
      `/accessibility?type=health_center,${TYPE}&supply=gp_count&demand=population&level=street&as_of=${AS_OF}`,
      `/accessibility?type=${TYPE}&supply=gp_count&demand=population&level=community&as_of=${AS_OF}&mode=walk`,
      `/accessibility?type=${TYPE}&supply=count&method=e2sfca&demand=elderly&level=community&as_of=${AS_OF}`,
      `/accessibility/capacitated?type=${TYPE}&supply=gp_count&target=2&per=10000&level=district&as_of=${AS_OF}`,
      // units=all: every failing unit (the bounded default's page links name the scenario).
      `/plans/beijing-2001-2005/evaluation?as_of=${AS_OF}&units=all`,
    ];
    const [a, b, c, d] = await server.db.sql<{ code: string; lon: number; lat: number }[]>`
      SELECT code, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM facility WHERE type = ${TYPE} AND status = 'open' AND closed_on IS NULL
        AND (opened_on IS NULL OR opened_on <= ${AS_OF}::date) ORDER BY code LIMIT 4`;
    const v1 = [{ op: 'add', type: TYPE, lon: a!.lon + 0.006, lat: a!.lat + 0.003 }, { op: 'close', code: b!.code }];
    const created = await call('POST', '/scenarios', { as, body: { name: 'delta', changes: v1 } });
    const id = created.body.id as number;
    for (const q of queries) expect((await call('GET', q, { as })).status).toBe(200);
    for (const q of queries) expect((await call('GET', `${q}&scenario=${id}`, { as })).body.scenario).toEqual({ id, version: 1 });
    const before = { ...buildCounts };

    // The edit: one more add, a move of a baseline facility, another close, and the first close taken back.
    const v2 = [created.body.changes[0], { op: 'add', type: TYPE, lon: c!.lon - 0.005, lat: c!.lat + 0.004 }, { op: 'move', code: c!.code, lon: c!.lon + 0.004, lat: c!.lat - 0.002 }, { op: 'close', code: d!.code }];
    const edited = await call('PATCH', `/scenarios/${id}`, { as, headers: { 'if-match': created.etag! }, body: { changes: v2 } });
    expect(edited.status).toBe(200);
    const forScenario = [];
    for (const q of queries) {
      const r = await call('GET', `${q}&scenario=${id}`, { as });
      expect([q, r.status, r.body.scenario]).toEqual([q, 200, { id, version: 2 }]);
      forScenario.push(r.body);
    }
    // Nothing built; the new version's overlay resolved once (by the edit, ahead of the map's requests).
    expect(buildCounts).toEqual({ ...before, overlayResolves: before.overlayResolves + 1 });

    // Independent truth: the same facilities written into the city; the rebuilt baseline answers alike.
    for (const ch of edited.body.changes) {
      if (ch.op === 'add') {
        await server.db.sql`INSERT INTO facility (code, name, type, status, geom) VALUES (${ch.code}, ${ch.name}, ${ch.type}, 'open', ST_SetSRID(ST_MakePoint(${ch.lon}, ${ch.lat}), 4326))`;
      } else if (ch.op === 'move') {
        await server.db.sql`UPDATE facility SET geom = ST_SetSRID(ST_MakePoint(${ch.lon}, ${ch.lat}), 4326) WHERE code = ${ch.code}`;
      } else {
        await server.db.sql`DELETE FROM facility WHERE code = ${ch.code}`;
      }
    }
    const strip = ({ data_version: _v, scenario: _s, ...rest }: any) => rest;
    for (const [i, q] of queries.entries()) {
      const real = await call('GET', q, { as });
      expect([q, strip(real.body)]).toEqual([q, strip(forScenario[i])]);
    }
    expect(buildCounts.coverageEngines).toBe(before.coverageEngines + 1);
    // The rebuilt baseline's accessibility engines (straight and walking): built once each, as the first were.
    expect(buildCounts.accessibilityEngines).toBe(before.accessibilityEngines + 2);
  });
});
