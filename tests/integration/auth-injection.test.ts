import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS } from '../../api/src/schema/collections.ts';
import { loadConfig } from '../../api/src/config.ts';
import { buildOpenApi } from '../../api/src/http/openapi.ts';
import { testBackends } from '../helpers/db.ts';
import { tableChecksums } from '../helpers/checksum.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

/** Classic SQL injection and other hostile strings; each goes alone into one parameter at a time. */
const INJECTIONS = [
  "' OR '1'='1",
  "' OR 1=1 --",
  '1; DROP TABLE facility; --',
  "'); DELETE FROM building; --",
  "health_center'; UPDATE facility SET status = 'closed'; --",
  "x' UNION SELECT password_hash, name FROM users --",
  "1' AND (SELECT pg_sleep(2)) IS NULL --",
  '" OR ""="',
  '$1',
  'ST_AsText(geom)',
  "\u0000' OR 1=1 --",
  '\\x27; TRUNCATE audit_log; --',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  '1e309',
  'x'.repeat(4000),
];

/** Valid values for the other parameters, so the hostile one is what the server has to deal with. */
const BASELINE: Record<string, Record<string, string>> = {
  '/coverage': { type: 'health_center', as_of: '2026-01-01' },
  '/coverage/gaps': { type: 'health_center', unit: 'D01S01', as_of: '2026-01-01' },
  '/accessibility': { type: 'health_center', supply: 'gp_count', as_of: '2026-01-01' },
  '/accessibility/capacitated': { type: 'health_center', supply: 'gp_count', target: '2', per: '10000', as_of: '2026-01-01' },
  '/plans/{id}/progress': { years: '2001-2003' },
};
const PATH_VALUES: Record<string, string> = { collectionId: 'facilities', collection: 'communities', id: 'beijing-2001-2005', featureId: 'D01S01', z: '0', x: '0', y: '0', name: 'test-planner' };

interface Probe { label: string; url: string; filter: boolean }

/** Every GET operation of the OpenAPI document × every path and query parameter × every string, plus collection filters. */
function probes(): Probe[] {
  const doc = buildOpenApi(loadConfig({})) as { paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>> };
  const out: Probe[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    const op = item.get;
    if (!op || path.startsWith('/docs')) continue;
    const params = op.parameters ?? [];
    const base = BASELINE[path] ?? {};
    const fill = (p: string, over: Record<string, string> = {}) => p.replace(/\{([^}]+)\}/g, (_m, n: string) => encodeURIComponent(over[n] ?? PATH_VALUES[n] ?? 'x'));
    for (const value of INJECTIONS) {
      for (const param of params.filter((x) => x.in === 'path')) {
        out.push({ label: `${path} {${param.name}}`, url: `${fill(path, { [param.name]: value })}?${new URLSearchParams(base)}`, filter: false });
      }
      for (const param of params.filter((x) => x.in === 'query')) {
        out.push({ label: `${path} ?${param.name}`, url: `${fill(path)}?${new URLSearchParams({ ...base, [param.name]: value })}`, filter: false });
      }
    }
  }
  for (const c of COLLECTIONS) {
    for (const [prop, type] of Object.entries(c.properties)) {
      if (type === 'object') continue;
      for (const value of INJECTIONS) {
        out.push({ label: `${c.id} filter ${prop}`, url: `/collections/${c.id}/items?${new URLSearchParams({ [prop]: value })}`, filter: true });
      }
    }
  }
  return out;
}

describe.each(testBackends())('injection strings in every parameter on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: 'demo' });
    // Built-in plan profiles are stored on first use: do that before the checksums are taken.
    expect((await fetch(`${server.url}/api/plans`)).status).toBe(200);
  });
  afterAll(async () => server?.close());

  // What the server's own failures would show (messages may quote the caller's input, which is no leak).
  const leaks = (text: string) => /\\n\s+at |\n\s+at |node_modules|PostgresError|syntax error at|relation "|column "|invalid byte sequence|\.ts:\d+/.test(text);

  it('should answer every read with a 4xx or an empty result, never 500, leak nothing, and change no row', async () => {
    const before = await tableChecksums(server.db);
    const all = probes();
    expect(all.length).toBeGreaterThan(1000);
    const failures: string[] = [];
    let refused = 0;
    for (const probe of all) {
      const res = await fetch(`${server.url}/api${probe.url}`, { headers: server.auth.admin });
      const text = await res.text();
      if (res.status >= 500) failures.push(`${res.status} ${probe.label}: ${text.slice(0, 200)}`);
      else if (res.status >= 400) {
        refused += 1;
        if (leaks(text)) failures.push(`leak ${probe.label}: ${text.slice(0, 200)}`);
      } else if (probe.filter && (JSON.parse(text) as { features: unknown[] }).features.length > 0) {
        failures.push(`filter matched rows ${probe.label}`);
      }
    }
    expect(failures).toEqual([]);
    expect(refused).toBeGreaterThan(all.length / 2);
    expect(await tableChecksums(server.db)).toEqual(before);
  });

  it('should refuse injection strings in write parameters and identifiers with a 4xx, changing no row', async () => {
    const before = await tableChecksums(server.db);
    const failures: string[] = [];
    const send = async (label: string, method: string, path: string, body: string, type = 'application/json') => {
      const res = await fetch(`${server.url}/api${path}`, { method, headers: { 'content-type': type, ...server.auth.admin, 'if-match': '"1"' }, body });
      const text = await res.text();
      if (res.status < 400 || res.status >= 500 || leaks(text)) failures.push(`${res.status} ${label}: ${text.slice(0, 200)}`);
    };
    for (const v of INJECTIONS) {
      const e = encodeURIComponent(v);
      const feature = JSON.stringify({ type: 'Feature', geometry: { type: 'Point', coordinates: [118.05, 36.8] }, properties: { code: 'INJ-1', name: 'x', type: v, status: 'open' } });
      await send('POST items type', 'POST', '/collections/facilities/items', feature);
      await send('POST items collection', 'POST', `/collections/${e}/items`, feature);
      await send('PATCH featureId', 'PATCH', `/collections/facilities/items/${e}`, '{"properties":{"name":"x"}}');
      await send('PATCH status', 'PATCH', '/collections/facilities/items/NOPE', JSON.stringify({ properties: { status: v } }));
      await send('DELETE featureId', 'DELETE', `/collections/streets/items/${e}`, '');
      await send('import collection', 'POST', `/imports?collection=${e}`, 'code,name\nA,b\n', 'text/csv');
      await send('import crs', 'POST', `/imports?collection=facilities&crs=${e}`, 'code,name\nA,b\n', 'text/csv');
      await send('import format', 'POST', `/imports?collection=facilities&format=${e}`, 'code,name\nA,b\n', 'text/csv');
      await send('login name', 'POST', '/auth/login', JSON.stringify({ name: v, password: v }));
      await send('key user', 'POST', '/keys', JSON.stringify({ user: v }));
      await send('user name', 'PATCH', `/users/${e}`, JSON.stringify({ role: 'admin' }));
      await send('reported target', 'POST', `/plans/beijing-2001-2005/reported/${e}`, JSON.stringify({ value: 1, date: '2005-01-01', source: v, author: v }));
    }
    expect(failures).toEqual([]);
    expect(await tableChecksums(server.db)).toEqual(before);
  });
});
