import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_BODY_LIMIT_BYTES } from '../../api/src/http/routes/imports.ts';
import { tableChecksums } from '../helpers/checksum.ts';
import { startTestServer, TEST_USERS, type TestServer } from '../helpers/server.ts';

// Limits do not depend on the database backend: these run on the embedded one only.

describe('rate limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: 'empty', env: { LIFECIRCLE_RATE_LIMIT_PER_MIN: '30', LIFECIRCLE_LOGIN_LIMIT_PER_15MIN: '3' } });
  });
  afterAll(async () => server?.close());

  const login = (password: string) => fetch(`${server.url}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: TEST_USERS.planner.name, password }),
  });

  it('When a client fails to log in 3 times, then the 4th attempt gets 429, even with the right password', async () => {
    for (let i = 0; i < 3; i += 1) expect((await login(`wrong-password-${i}`)).status).toBe(401);
    const blocked = await login(TEST_USERS.planner.password);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await blocked.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('too_many_requests');
    expect(body.error.message).toContain('failed logins');
  });

  it('When a client exceeds the per-minute limit, then it gets 429 in the JSON error shape', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40 && !statuses.includes(429); i += 1) {
      statuses.push((await fetch(`${server.url}/api/conformance`)).status);
    }
    const first429 = statuses.indexOf(429);
    expect(first429).toBeGreaterThan(0);
    expect(statuses.slice(0, first429).every((s) => s === 200)).toBe(true);
    const res = await fetch(`${server.url}/api/conformance`);
    expect(res.status).toBe(429);
    expect(res.headers.get('ratelimit-policy')).toContain('30');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('too_many_requests');
  });
});

describe('body limits, analysis timeout, HTTPS headers and CORS', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      seed: 'demo',
      env: { LIFECIRCLE_BODY_LIMIT_BYTES: '2048', LIFECIRCLE_ANALYSIS_TIMEOUT_MS: '1', LIFECIRCLE_HTTPS: 'true', LIFECIRCLE_CORS_ORIGINS: 'https://map.example.org', LIFECIRCLE_BASEMAP_ORIGINS: 'https://tiles.example.org' },
    });
  });
  afterAll(async () => server?.close());

  const bigFeature = JSON.stringify({
    type: 'Feature', geometry: { type: 'Point', coordinates: [118.05, 36.8] },
    properties: { code: 'BIG-1', name: '大'.repeat(1500), type: 'health_station', status: 'open' },
  });

  it('When a JSON body is over the limit, then it answers 413 in the JSON error shape and writes nothing', async () => {
    expect(Buffer.byteLength(bigFeature)).toBeGreaterThan(2048);
    const before = await tableChecksums(server.db);
    const res = await fetch(`${server.url}/api/collections/facilities/items`, { method: 'POST', headers: { 'content-type': 'application/json', ...server.auth.planner }, body: bigFeature });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    // Anonymous callers are refused before their body is read.
    expect((await fetch(`${server.url}/api/collections/facilities/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bigFeature })).status).toBe(401);
    expect(await tableChecksums(server.db)).toEqual(before);
  });

  it('should keep the larger import limit: a body over the JSON limit is imported, one declared over 200 MB is refused (413)', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => `LIM-${i},限额站${i},health_station,open,${118.0 + i * 0.001},36.8`);
    const csv = `code,name,type,status,lon,lat\n${rows.join('\n')}\n`;
    expect(Buffer.byteLength(csv)).toBeGreaterThan(2048);
    const ok = await fetch(`${server.url}/api/imports?collection=facilities&dry_run=true`, { method: 'POST', headers: { 'content-type': 'text/csv', ...server.auth.planner }, body: csv });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { rows: number }).rows).toBe(60);

    const status = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const { port } = new URL(server.url);
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/imports?collection=facilities', headers: { 'content-type': 'text/csv', 'content-length': String(IMPORT_BODY_LIMIT_BYTES + 1), ...server.auth.planner } }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.write('code,name\n'); // the rest never comes: the declared length alone is refused
    });
    expect(status.status).toBe(413);
    expect(JSON.parse(status.body).error.code).toBe('payload_too_large');
  });

  it('When an analysis takes longer than the configured timeout, then it answers 503 timeout and the server stays healthy', async () => {
    const res = await fetch(`${server.url}/api/coverage?type=health_center&level=street`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('timeout');
    expect(body.error.message).toContain('1 ms');
    expect(res.headers.get('retry-after')).toBe('30');
    // Not analyses: untouched by the timer.
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/collections/streets/items?limit=1`)).status).toBe(200);
  });

  it('should send HSTS and upgrade-insecure-requests when served over HTTPS', async () => {
    const res = await fetch(`${server.url}/api`);
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect(res.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
  });

  it('should let the configured basemap origin, and no other, load tiles and styles (CSP)', async () => {
    const csp = (await fetch(`${server.url}/`)).headers.get('content-security-policy') ?? '';
    const directive = (name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? '';
    expect(directive('img-src')).toContain('https://tiles.example.org');
    expect(directive('connect-src')).toContain('https://tiles.example.org');
    expect(directive('script-src')).not.toContain('https://tiles.example.org');
    expect(csp).not.toContain('https://map.example.org'); // a CORS origin is not a content source
  });

  it('should answer CORS for allow-listed origins only', async () => {
    const preflight = (origin: string) => fetch(`${server.url}/api/collections/facilities/items`, {
      method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    const allowed = await preflight('https://map.example.org');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://map.example.org');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('Authorization');
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const read = await fetch(`${server.url}/api/collections/streets/items?limit=1`, { headers: { origin: 'https://map.example.org' } });
    expect(read.headers.get('access-control-allow-origin')).toBe('https://map.example.org');
    expect(read.headers.get('access-control-expose-headers')).toContain('ETag');
    expect((await fetch(`${server.url}/api/collections/streets/items?limit=1`, { headers: { origin: 'https://evil.example' } })).headers.get('access-control-allow-origin')).toBeNull();
  });
});
