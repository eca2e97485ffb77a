import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableChecksums } from '../helpers/checksum.ts';
import { testBackends } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Issue #21 item 8 (the input findings): each was a 500, a silent change, or a formula in a CSV export.
describe.each(testBackends())('odd input on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: 'demo' });
  });
  afterAll(async () => server?.close());

  const error = async (res: Response) => ({ status: res.status, body: (await res.json()) as { error: { code: string; message: string; details?: { field?: string } } } });

  it.each(['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf'])('When a collection is filtered by %s (inherited from Object.prototype), then it answers 400 naming it', async (name) => {
    const { status, body } = await error(await fetch(`${server.url}/api/collections/buildings/items?${name}=x`));
    expect(status).toBe(400);
    expect(body.error.details?.field).toBe(name);
  });

  it('When a JSON body is nested 5 000 deep, then it answers 400 naming the depth limit and changes nothing', async () => {
    const before = await tableChecksums(server.db);
    const deep = `${'['.repeat(5000)}1${']'.repeat(5000)}`;
    const body = `{"type":"Feature","geometry":{"type":"Point","coordinates":[118.05,36.8]},"properties":{"code":"DEEP","name":"x","type":"health_station","properties":{"x":${deep}}}}`;
    const res = await error(await fetch(`${server.url}/api/collections/facilities/items`, { method: 'POST', headers: { 'content-type': 'application/json', ...server.auth.planner }, body }));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/nested deeper than 64/);
    expect(await tableChecksums(server.db)).toEqual(before);
  });

  it('When a name holds a lone surrogate, then it answers 400 naming the field instead of storing U+FFFD', async () => {
    const body = '{"type":"Feature","geometry":{"type":"Point","coordinates":[118.05,36.8]},"properties":{"code":"SURR","name":"站\\ud800","type":"health_station"}}';
    const res = await error(await fetch(`${server.url}/api/collections/facilities/items`, { method: 'POST', headers: { 'content-type': 'application/json', ...server.auth.planner }, body }));
    expect(res.status).toBe(400);
    expect(res.body.error.details?.field).toBe('properties.name');
    expect(await server.db.sql`SELECT 1 FROM facility WHERE code = 'SURR'`).toHaveLength(0);
    // A well-formed pair (an emoji) is fine.
    const ok = await fetch(`${server.url}/api/collections/facilities/items`, { method: 'POST', headers: { 'content-type': 'application/json', ...server.auth.planner }, body: body.replace('\\ud800', '\\ud83c\\udfe5') });
    expect(ok.status).toBe(201);
  });

  it('When a facility is named like a spreadsheet formula, then the public CSV export neutralises the cell', async () => {
    const names = ['=HYPERLINK("http://evil.example","点我")', '+1+2', '-3+cmd', '@SUM(A1)'];
    for (const [i, name] of names.entries()) {
      const res = await fetch(`${server.url}/api/collections/facilities/items`, {
        method: 'POST', headers: { 'content-type': 'application/json', ...server.auth.planner },
        body: JSON.stringify({ type: 'Feature', geometry: { type: 'Point', coordinates: [118.05, 36.8] }, properties: { code: `CSV-${i}`, name, type: 'health_station' } }),
      });
      expect(res.status).toBe(201);
    }
    const csv = await (await fetch(`${server.url}/api/collections/facilities/items?f=csv&limit=10000`)).text();
    const rows = parse(csv, { columns: true }) as Array<Record<string, string>>;
    const exported = rows.filter((r) => r.code?.startsWith('CSV-')).map((r) => r.name);
    expect(exported.sort()).toEqual(names.map((n) => `'${n}`).sort());
    // The JSON answer keeps the name as stored.
    const json = (await (await fetch(`${server.url}/api/collections/facilities/items/CSV-0`)).json()) as { properties: { name: string } };
    expect(json.properties.name).toBe(names[0]);
  });

  it('When reach_m is written in hexadecimal or exponent form, then it answers 400 (decimal only)', async () => {
    for (const reach of ['0x1F', '1e3', '0b11', '3_00']) {
      const res = await error(await fetch(`${server.url}/api/coverage?type=health_station&reach_m=${encodeURIComponent(reach)}`, { headers: server.auth.planner }));
      expect(res.status, reach).toBe(400);
      expect(res.body.error.details?.field).toBe('reach_m');
    }
    expect((await fetch(`${server.url}/api/coverage?type=health_station&reach_m=31`, { headers: server.auth.planner })).status).toBe(200);
  });
});
