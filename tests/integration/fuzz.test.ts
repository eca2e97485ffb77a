import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom, type Random } from '../../seeds/demo-city/random.ts';
import { testBackends } from '../helpers/db.ts';
import { tableChecksums } from '../helpers/checksum.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Thousands of malformed bodies, generated from a fixed seed, at every write and import endpoint.
// Each structured body is a valid record with random noise and then one fault that no valid record has
// (applied last, so nothing can undo it): every request must be refused with a 4xx, nothing written.

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };
const SEED = 20_240_806;
const COUNTS = { edits: 1200, imports: 450, whatIf: 200, plans: 150 };

const square = (lon: number, lat: number, d = 0.001): Json => ({ type: 'Polygon', coordinates: [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]] });
const point = (lon = 118.05, lat = 36.8): Json => ({ type: 'Point', coordinates: [lon, lat] });

/** A valid record of each writable collection (as a Feature). */
const TEMPLATES: Record<string, (n: number) => Obj> = {
  facilities: (n) => ({ type: 'Feature', geometry: point(), properties: { code: `FZ-F${n}`, name: '模糊站', type: 'health_station', status: 'open', opened_on: '2020-01-01', gp_count: 2 } }),
  buildings: (n) => ({ type: 'Feature', geometry: point(), properties: { code: `FZ-B${n}`, community_code: 'D01S01C01', households: 40 } }),
  communities: (n) => ({ type: 'Feature', geometry: square(119.5, 37.5 + n * 0.01), properties: { code: `FZ-C${n}`, name: '模糊社区', street_code: 'D01S01', households: 1500, population: 4000, elderly: 500 } }),
  streets: (n) => ({ type: 'Feature', geometry: null, properties: { code: `FZ-S${n}`, name: '模糊街道', kind: 'street', district_code: 'D01' } }),
  districts: (n) => ({ type: 'Feature', geometry: null, properties: { code: `FZ-D${n}`, name: '模糊区', kind: 'district' } }),
  'facility-types': (n) => ({ type: 'Feature', geometry: null, properties: { code: `fz_type_${n}`, name_zh: '模糊类型', name_en: 'Fuzz type', level: 'community', reach_m: 500, standard: 'none' } }),
};

const JUNK: Json[] = [null, true, -1, 1e308, -0, '', ' ', 'NaN', '∞', '😀'.repeat(50), [], [1, [2, [3]]], {}, { $gt: '' }, '<x>', "' OR 1=1 --", '2020-02-30', 'a'.repeat(300)];

function junk(r: Random, depth = 0): Json {
  const k = r.int(0, depth > 2 ? 3 : 6);
  if (k === 0) return r.pick(JUNK);
  if (k === 1) return r.float(-1e6, 1e6);
  if (k === 2) return r.int(-3, 3);
  if (k === 3) return String.fromCharCode(...Array.from({ length: r.int(0, 12) }, () => r.int(1, 0x2fff)));
  if (k === 4) return Array.from({ length: r.int(0, 4) }, () => junk(r, depth + 1));
  return Object.fromEntries(Array.from({ length: r.int(0, 4) }, (_, i) => [`k${i}`, junk(r, depth + 1)]));
}

type Breaker = { name: string; apply: (f: Obj, r: Random) => void };
const props = (f: Obj) => f.properties as Obj;
const b = (name: string, apply: (f: Obj, r: Random) => void): Breaker => ({ name, apply });

/** Faults no valid record of `collection` can have (checked by the edit schema, the geometry checks or a constraint). */
function breakers(collection: string): Breaker[] {
  const common = [
    b('feature-type', (f) => void (f.type = 'Featur')),
    b('code-empty', (f) => void (props(f).code = '')),
    b('code-chars', (f) => void (props(f).code = 'has space/slash')),
    b('unknown-key', (f, r) => void (props(f)[`unknown_${r.int(0, 9)}`] = 1)), // the edit schemas are strict
    b('properties-string', (f) => void (f.properties = 'not an object')),
    b('name', (f, r) => void (props(f).name = r.pick(['', 'x'.repeat(201)]))),
    b('code-long', (f) => void (props(f).code = 'x'.repeat(65))),
  ];
  const numeric = (key: string) => b(`${key}-value`, (f, r) => void (props(f)[key] = r.pick([-1, -1e9, 1.5, 'many', [3], { n: 1 }] as Json[])));
  const pointGeometry = [
    b('lon-range', (f, r) => void (f.geometry = point(r.pick([181, -181, 1e9]), 36.8))),
    b('lat-range', (f, r) => void (f.geometry = point(118, r.pick([91, -95])))),
    b('geometry-kind', (f) => void (f.geometry = square(118, 36.8))),
    b('coordinates-empty', (f) => void (f.geometry = { type: 'Point', coordinates: [] })),
    b('coordinates-strings', (f) => void (f.geometry = { type: 'Point', coordinates: ['118', '36'] })),
    b('geometry-null', (f) => void (f.geometry = null)),
  ];
  switch (collection) {
    case 'facilities':
      return [...common, ...pointGeometry, numeric('gp_count'), numeric('beds'),
        b('status', (f, r) => void (props(f).status = r.pick(['maybe', 'shut', 1] as Json[]))),
        b('date', (f, r) => void (props(f).opened_on = r.pick(['2020-13-01', '2020-02-30', '01/02/2020'] as Json[]))),
        b('dates-order', (f) => void Object.assign(props(f), { opened_on: '2020-01-01', closed_on: '2019-01-01' })),
        b('type-unknown', (f) => void (props(f).type = 'no_such_type')),
        b('type-chars', (f) => void (props(f).type = 'Bad-Type')),
        b('area-negative', (f) => void (props(f).floor_area_m2 = -5))];
    case 'buildings': // code may be absent (derived), so an empty code is no fault here
      return [...common.filter((x) => x.name !== 'code-empty'), ...pointGeometry, numeric('households'),
        b('community-unknown', (f) => void (props(f).community_code = 'NO-SUCH-COMMUNITY'))];
    case 'communities':
      return [...common, numeric('households'), numeric('population'),
        b('elderly-over', (f) => void Object.assign(props(f), { population: 10, elderly: 11 })),
        b('street-unknown', (f) => void (props(f).street_code = 'NO-SUCH-STREET')),
        b('geometry-kind', (f) => void (f.geometry = point())),
        b('bow-tie', (f) => void (f.geometry = { type: 'Polygon', coordinates: [[[119, 37], [119.01, 37.01], [119.01, 37], [119, 37.01], [119, 37]]] })),
        b('unclosed', (f) => void (f.geometry = { type: 'Polygon', coordinates: [[[119, 37], [119.01, 37], [119.01, 37.01]]] })),
        b('geometry-null', (f) => void (f.geometry = null))];
    case 'streets':
      return [...common, b('kind', (f, r) => void (props(f).kind = r.pick(['district', 'town', 7] as Json[]))), b('district-unknown', (f) => void (props(f).district_code = 'NO-SUCH-DISTRICT')), b('geometry-kind', (f) => void (f.geometry = point()))];
    case 'districts':
      return [...common, b('kind', (f, r) => void (props(f).kind = r.pick(['street', 'city', null] as Json[]))), b('geometry-kind', (f) => void (f.geometry = point()))];
    default: // facility-types
      return [...common.filter((x) => ['feature-type', 'unknown-key', 'properties-string'].includes(x.name)),
        b('code-case', (f) => void (props(f).code = 'Upper_Case')), b('level', (f) => void (props(f).level = 'city')),
        b('reach', (f, r) => void (props(f).reach_m = r.pick([0, -300, 200_000] as Json[]))), b('name-empty', (f) => void (props(f).name_zh = ''))];
  }
}

/** Random changes that may or may not make the record invalid. */
function noise(f: Obj, r: Random): void {
  const props = f.properties as Obj;
  const keys = Object.keys(props);
  for (let i = r.int(0, 2); i > 0; i -= 1) {
    const key = r.pick(keys);
    if (key === 'code') continue; // keep codes unique per request
    props[key] = r.chance(0.5) ? junk(r) : props[key]!;
  }
  // An own "__proto__" member, as JSON.parse makes it: must not pollute anything.
  if (r.chance(0.1)) Object.defineProperty(f, '__proto__', { value: { role: 'admin', polluted: true }, enumerable: true });
}

interface Req { method: string; path: string; type: string; body: string }

// PATCH carries only properties and geometry, and PUT/PATCH keep the target's code: faults living
// elsewhere would be dropped, so they are not drawn there.
const NOT_FOR_PATCH = new Set(['feature-type', 'geometry-null', 'code-empty', 'code-chars', 'code-long']);
const NOT_FOR_PUT = new Set(['code-empty', 'code-chars', 'code-long']);

function editRequest(r: Random, n: number, target: { code: string }): Req {
  const collection = r.pick(Object.keys(TEMPLATES));
  const verb = collection === 'facilities' ? r.pick(['POST', 'POST', 'PUT', 'PATCH']) : 'POST';
  const f = TEMPLATES[collection]!(n);
  if (verb !== 'POST') props(f).code = target.code;
  noise(f, r);
  const skip = verb === 'PATCH' ? NOT_FOR_PATCH : verb === 'PUT' ? NOT_FOR_PUT : new Set<string>();
  r.pick(breakers(collection).filter((x) => !skip.has(x.name))).apply(f, r);
  let body = verb === 'PATCH' ? JSON.stringify({ properties: f.properties, geometry: f.geometry }) : JSON.stringify(f);
  const shape = r.int(0, 9);
  if (shape === 0) body = body.slice(0, r.int(0, body.length - 1)); // truncated: never valid JSON
  if (shape === 1) body = JSON.stringify(junk(r));
  if (shape === 2) body = Buffer.from(Array.from({ length: r.int(1, 64) }, () => r.int(0, 255))).toString('latin1');
  const type = r.pick(['application/json', 'application/geo+json', 'application/json', 'text/plain']);
  const path = verb === 'POST' ? `/collections/${collection}/items` : `/collections/facilities/items/${target.code}`;
  return { method: verb, path, type, body };
}

function csvField(v: Json): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function importRequest(r: Random, n: number): Req {
  const collection = r.pick(['facilities', 'buildings', 'communities', 'facility-types']);
  const count = r.int(1, 6);
  const features = Array.from({ length: count }, (_, i) => TEMPLATES[collection]!(n * 10 + i));
  const bad = features[r.int(0, count - 1)]!;
  const kind = r.int(0, 4);
  const csv = kind >= 2 && kind <= 3 && collection !== 'communities';
  // Imports keep unknown fields (with a warning), so neither an unknown key nor a building "name" is a
  // fault there; in CSV every value is text, so string coordinates are none either.
  const notFaults = new Set(['unknown-key', ...(collection === 'buildings' ? ['name'] : []), ...(csv ? ['coordinates-strings'] : [])]);
  r.pick(breakers(collection).filter((x) => !notFaults.has(x.name))).apply(bad, r);
  if (kind <= 1) {
    const fc: Obj = { type: 'FeatureCollection', features };
    let body = JSON.stringify(fc);
    if (kind === 1 && r.chance(0.5)) body = body.slice(0, r.int(0, body.length - 1));
    return { method: 'POST', path: `/imports?collection=${collection}`, type: r.pick(['application/geo+json', 'application/json']), body };
  }
  if (csv) {
    const cols = [...new Set(features.flatMap((f) => Object.keys(f.properties as Obj)))];
    const lonLat = (f: Obj) => ((f.geometry as { coordinates?: Json } | null)?.coordinates as Json[] | undefined) ?? ['', ''];
    const rows = features.map((f) => [...cols.map((c) => csvField((f.properties as Obj)[c] ?? '')), ...(collection === 'facility-types' ? [] : lonLat(f).slice(0, 2).map(csvField))].join(','));
    const header = [...cols, ...(collection === 'facility-types' ? [] : ['lon', 'lat'])].join(',');
    if ((bad.properties as unknown) === 'not an object' || bad.type !== 'Feature') rows.push('"unbalanced,quote');
    return { method: 'POST', path: `/imports?collection=${collection}`, type: 'text/csv', body: `${header}\n${rows.join('\n')}\n` };
  }
  return { method: 'POST', path: `/imports?collection=${collection}`, type: r.pick(['application/geo+json', 'text/csv']), body: r.chance(0.5) ? JSON.stringify(junk(r)) : `,,,\n"\n${'\u0000'.repeat(r.int(1, 5))}` };
}

function whatIfRequest(r: Random): Req {
  const body: Obj = { type: 'health_center', changes: [{ op: 'add', type: 'health_center', lon: 118.05, lat: 36.8 }] };
  const fault = r.int(0, 5);
  if (fault === 0) body.changes = [];
  if (fault === 1) (body.changes as Obj[])[0]!.op = r.pick(['remove', 'ADD', 1] as Json[]);
  if (fault === 2) (body.changes as Obj[])[0]!.lon = r.pick([200, 'east', null] as Json[]);
  if (fault === 3) body.reach_m = r.pick([-1, 0, 1e7, 'far'] as Json[]);
  if (fault === 4) body[`extra${r.int(0, 3)}`] = junk(r);
  if (fault === 5) body.changes = Array.from({ length: 101 }, () => ({ op: 'close', code: 'X' }));
  return { method: 'POST', path: '/coverage/what-if', type: 'application/json', body: JSON.stringify(body) };
}

function planRequest(r: Random, n: number): Req {
  if (r.chance(0.5)) {
    const profile: Obj = { id: `fz-${n}`, name: r.pick([junk(r), '']), targets: r.pick([junk(r), [junk(r)], 'none'] as Json[]) };
    return { method: 'POST', path: '/plans', type: 'application/json', body: JSON.stringify(profile) };
  }
  const figure: Obj = { value: r.pick(['high', -Infinity, null, [1]] as Json[]), date: r.pick(['2005-13-01', 'yesterday', 5] as Json[]), source: junk(r), author: junk(r) };
  return { method: 'POST', path: '/plans/beijing-2001-2005/reported/bj.green.coverage', type: 'application/json', body: JSON.stringify(figure) };
}

describe.each(testBackends())('fuzzing writes and imports on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: 'demo' });
    expect((await fetch(`${server.url}/api/plans`)).status).toBe(200); // built-in profiles stored on first use
  });
  afterAll(async () => server?.close());

  it(`should refuse ${Object.values(COUNTS).reduce((a, b) => a + b)} malformed bodies with 4xx and leave every table unchanged`, async () => {
    const r = createRandom(SEED, `fuzz-${backend}`);
    const item = (await fetch(`${server.url}/api/collections/facilities/items?limit=1`).then((res) => res.json())) as { features: Array<{ id: string }> };
    const code = item.features[0]!.id;
    const etag = (await fetch(`${server.url}/api/collections/facilities/items/${code}`)).headers.get('etag')!;
    const requests: Req[] = [
      ...Array.from({ length: COUNTS.edits }, (_, n) => editRequest(r, n, { code })),
      ...Array.from({ length: COUNTS.imports }, (_, n) => importRequest(r, n)),
      ...Array.from({ length: COUNTS.whatIf }, () => whatIfRequest(r)),
      ...Array.from({ length: COUNTS.plans }, (_, n) => planRequest(r, n)),
    ];
    const before = await tableChecksums(server.db);
    const statuses = new Map<number, number>();
    const wrong: string[] = [];
    for (const q of requests) {
      const headers = { 'content-type': q.type, 'if-match': etag, ...(q.path.startsWith('/plans') ? server.auth.admin : server.auth.planner) };
      const res = await fetch(`${server.url}/api${q.path}`, { method: q.method, headers, body: q.body });
      const text = await res.text();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status < 400 || res.status >= 500) wrong.push(`${res.status} ${q.method} ${q.path} ${q.body.slice(0, 300)} → ${text.slice(0, 300)}`);
      else if (!/^\{"error":\{"code":"[a-z_]+"/.test(text)) wrong.push(`not the error shape: ${q.method} ${q.path} → ${text.slice(0, 200)}`);
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    expect([...statuses.keys()].every((s) => s >= 400 && s < 500)).toBe(true);
    expect(statuses.get(400)).toBeGreaterThan(requests.length / 4); // mostly validation, not just auth or routing
    expect(await tableChecksums(server.db)).toEqual(before);
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toBe('ok');
  }, 240_000); // 2 000 requests one after another: minutes when the other test worker holds the second core
});
