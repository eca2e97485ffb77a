import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tileOfLonLat } from '../../api/src/domain/geo/web-mercator-tile.ts';
import { testBackends } from '../helpers/db.ts';
import { apiCaller } from '../helpers/api-call.ts';
import { startRoleServer } from '../helpers/role-server.ts';

const AS_OF = '2026-01-01';
const TYPE = 'health_station';

const ALICE = 'planner:alice';
const BOB = 'planner:bob';
const ADMIN = 'admin:root';

describe.each(testBackends())('scenarios on %s', (backend) => {
  let server: Awaited<ReturnType<typeof startRoleServer>>;
  beforeAll(async () => {
    server = await startRoleServer(backend);
  });
  afterAll(async () => server?.close());

  const call = apiCaller(() => server.url);
  const get = (path: string, as?: string) => call('GET', path, as ? { as } : {});
  const dataVersion = async () => (await server.db.sql<{ v: string }[]>`SELECT version::text AS v FROM data_version`)[0]!.v;
  const strip = (report: any) => {
    const { data_version: _v, scenario: _s, ...rest } = report;
    return rest;
  };

  /** Buildings no open health station reaches (PostGIS decides), one per community, with their community. */
  const uncoveredBuildings = () => server.db.sql<{ code: string; community_code: string; lon: number; lat: number }[]>`
    SELECT DISTINCT ON (b.community_code) b.code, b.community_code, ST_X(b.geom) AS lon, ST_Y(b.geom) AS lat
    FROM building b
    WHERE b.community_code IS NOT NULL AND b.households > 0 AND NOT EXISTS (
      SELECT 1 FROM facility f WHERE f.type = ${TYPE} AND f.status = 'open'
        AND (f.opened_on IS NULL OR f.opened_on <= ${AS_OF}::date) AND (f.closed_on IS NULL OR f.closed_on > ${AS_OF}::date)
        AND ST_DWithin(b.geom::geography, f.geom::geography, 300))
    ORDER BY b.community_code, b.households DESC, b.code`;

  it('When a planner creates, reads, patches and deletes a scenario, then ETags guard every write (428, 412) and each write is audited', async () => {
    const before = await dataVersion();
    const created = await call('POST', '/scenarios', { as: ALICE, body: { name: '甲方案', description: 'two stations', changes: [{ op: 'add', type: TYPE, lon: 118.05, lat: 36.8 }] } });
    expect(created.status).toBe(201);
    expect(created.etag).toBe('"1"');
    const id = created.body.id as number;
    expect(created.location).toBe(`/api/scenarios/${id}`);
    expect(created.body).toMatchObject({ name: '甲方案', owner: 'alice', published: false, version: 1 });
    expect(created.body.changes[0]).toMatchObject({ op: 'add', type: TYPE, code: `s${id}-1` });
    expect(created.body.changes[0].name).toContain(`s${id}-1`);

    const read = await call('GET', `/scenarios/${id}`, { as: ALICE });
    expect(read.etag).toBe('"1"');
    expect((await call('GET', `/scenarios/${id}`, { as: ALICE, headers: { 'if-none-match': '"1"' } })).status).toBe(304);

    const noMatch = await call('PATCH', `/scenarios/${id}`, { as: ALICE, body: { name: 'x' } });
    expect(noMatch.status).toBe(428);
    expect(noMatch.body.error.details.field).toBe('If-Match');

    const next = [...read.body.changes, { op: 'add', type: TYPE, lon: 118.06, lat: 36.81 }];
    const first = await call('PATCH', `/scenarios/${id}`, { as: ALICE, body: { changes: next }, headers: { 'if-match': '"1"' } });
    expect(first.status).toBe(200);
    expect(first.etag).toBe('"2"');
    expect(first.body.changes.map((c: any) => c.code)).toEqual([`s${id}-1`, `s${id}-2`]);
    // A second edit from the same version is refused, never silently applied over the first.
    const second = await call('PATCH', `/scenarios/${id}`, { as: ALICE, body: { name: 'stale' }, headers: { 'if-match': '"1"' } });
    expect(second.status).toBe(412);
    expect(second.body.error.details).toMatchObject({ field: 'If-Match', current_etag: '"2"' });
    expect((await call('GET', `/scenarios/${id}`, { as: ALICE })).body).toMatchObject({ name: '甲方案', version: 2 });

    expect((await call('DELETE', `/scenarios/${id}`, { as: ALICE, headers: { 'if-match': '"1"' } })).status).toBe(412);
    expect((await call('DELETE', `/scenarios/${id}`, { as: ALICE, headers: { 'if-match': '"2"' } })).status).toBe(204);
    expect((await call('GET', `/scenarios/${id}`, { as: ALICE })).status).toBe(404);

    const trail = await server.db.sql<{ action: string; actor: string; before: any; after: any }[]>`
      SELECT action, actor, before, after FROM audit_log WHERE collection = 'scenarios' AND code = ${String(id)} ORDER BY id`;
    expect(trail.map((a) => [a.action, a.actor])).toEqual([['create', 'alice'], ['patch', 'alice'], ['delete', 'alice']]);
    expect(trail[1]!.before.changes).toHaveLength(1);
    expect(trail[1]!.after.changes).toHaveLength(2);
    expect(trail[2]!.after).toBeNull();
    // Scenarios are not city data: the data version (key of every baseline cache) never moved.
    expect(await dataVersion()).toBe(before);
  });

  it.each([
    [{ changes: [] }, 'name'],
    [{ name: 'x', changes: [{ op: 'add', type: 'swimming_pool', lon: 118, lat: 36.8 }] }, 'changes[0].type'],
    [{ name: 'x', changes: [{ op: 'close', code: 'NO-SUCH-FACILITY' }] }, 'changes[0].code'],
    [{ name: 'x', changes: [{ op: 'move', code: 'NO-SUCH-FACILITY', lon: 118, lat: 36.8 }] }, 'changes[0].code'],
    [{ name: 'x', changes: [{ op: 'add', type: TYPE, lon: 218, lat: 36.8 }] }, 'changes[0].lon'],
    [{ name: 'x', changes: [{ op: 'add', type: TYPE, lon: 118, lat: 36.8, colour: 'red' }] }, 'changes[0].colour'],
    [{ name: 'x', changes: [{ op: 'add', type: TYPE, lon: 118, lat: 36.8, fields: { beds: -1 } }] }, 'changes[0].fields.beds'],
    [{ name: 'x', changes: [{ op: 'teleport', code: 'a' }] }, 'changes[0].op'],
  ])('When the body is %j, then it answers 400 naming %s and stores nothing', async (body, field) => {
    const count = async () => (await server.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM scenario`)[0]!.n;
    const n = await count();
    const res = await call('POST', '/scenarios', { as: ALICE, body });
    expect(res.status).toBe(400);
    expect(res.body.error.details.field).toBe(field);
    expect(await count()).toBe(n);
  });

  it('When a change names a facility the baseline already has, closes one twice, or adds a code twice, then the field is named', async () => {
    const [f1] = await server.db.sql<{ code: string }[]>`SELECT code FROM facility WHERE type = ${TYPE} ORDER BY code LIMIT 1`;
    const cases: Array<[unknown[], string]> = [
      [[{ op: 'add', code: f1!.code, type: TYPE, lon: 118, lat: 36.8 }], 'changes[0].code'],
      [[{ op: 'close', code: f1!.code }, { op: 'close', code: f1!.code }], 'changes[1].code'],
      [[{ op: 'add', code: 'NEW-1', type: TYPE, lon: 118, lat: 36.8 }, { op: 'add', code: 'NEW-1', type: TYPE, lon: 118, lat: 36.8 }], 'changes[1].code'],
    ];
    for (const [changes, field] of cases) {
      const res = await call('POST', '/scenarios', { as: ALICE, body: { name: 'x', changes } });
      expect([res.status, res.body.error?.details?.field]).toEqual([400, field]);
    }
    // A move or close of a facility added earlier in the same scenario is fine.
    const ok = await call('POST', '/scenarios', { as: ALICE, body: { name: 'ok', changes: [{ op: 'add', code: 'NEW-2', type: TYPE, lon: 118, lat: 36.8 }, { op: 'move', code: 'NEW-2', lon: 118.001, lat: 36.8 }] } });
    expect(ok.status).toBe(201);
    await call('DELETE', `/scenarios/${ok.body.id}`, { as: ALICE, headers: { 'if-match': ok.etag! } });
  });

  it('should show the public only published scenarios, planners their own as well, admins all; only owners and admins edit; only admins publish', async () => {
    const mine = await call('POST', '/scenarios', { as: ALICE, body: { name: 'alice private' } });
    const id = mine.body.id as number;
    const ids = async (as?: string) => (await get('/scenarios', as)).body.scenarios.map((s: any) => s.id);
    expect(await ids(ALICE)).toContain(id);
    expect(await ids(BOB)).not.toContain(id);
    expect(await ids()).not.toContain(id);
    expect(await ids(ADMIN)).toContain(id);
    expect((await get(`/scenarios/${id}`, BOB)).status).toBe(404);
    expect((await get(`/scenarios/${id}`)).status).toBe(404);
    expect((await get(`/scenarios/${id}`, ADMIN)).status).toBe(200);
    expect((await get(`/coverage?type=${TYPE}&as_of=${AS_OF}&scenario=${id}`)).body.error.details.field).toBe('scenario');
    expect((await call('PATCH', `/scenarios/${id}`, { as: BOB, body: { name: 'bob was here' }, headers: { 'if-match': '"1"' } })).status).toBe(404);

    const publish = await call('PATCH', `/scenarios/${id}`, { as: ALICE, body: { published: true }, headers: { 'if-match': '"1"' } });
    expect(publish.status).toBe(403);
    expect(publish.body.error).toMatchObject({ code: 'forbidden', details: { field: 'published' } });
    expect((await call('PATCH', `/scenarios/${id}`, { as: ADMIN, body: { published: true }, headers: { 'if-match': '"1"' } })).status).toBe(200);

    expect(await ids()).toContain(id);
    expect(await ids(BOB)).toContain(id);
    expect((await get(`/coverage?type=${TYPE}&as_of=${AS_OF}&scenario=${id}`)).status).toBe(200);
    const bob = await call('PATCH', `/scenarios/${id}`, { as: BOB, body: { name: 'bob was here' }, headers: { 'if-match': '"2"' } });
    expect(bob.status).toBe(403);
    expect((await call('POST', '/scenarios', { body: { name: 'anonymous' } })).status).toBe(401);
    expect((await call('DELETE', `/scenarios/${id}`, { as: ADMIN, headers: { 'if-match': '"2"' } })).status).toBe(204);
  });

  it.each([
    ['scenario=abc', 400],
    ['scenario=0', 400],
    ['scenario=999999', 404],
  ])('When coverage is asked with %s, then it answers %i naming scenario', async (query, status) => {
    const res = await get(`/coverage?type=${TYPE}&as_of=${AS_OF}&${query}`, ADMIN);
    expect(res.status).toBe(status);
    expect(res.body.error.details.field).toBe('scenario');
  });

  // The Must-show. Runs last: it ends by writing the same facilities into the baseline for real.
  it('should answer for a scenario built from accepted proposals exactly as if its facilities were in the baseline, and leave the baseline untouched', async () => {
    const street = (await get(`/coverage?type=${TYPE}&level=street&as_of=${AS_OF}`)).body.units.find((u: any) => u.households_covered < u.households).code as string;
    const queries = [
      `/coverage?type=${TYPE}&level=community&as_of=${AS_OF}`,
      `/coverage?type=${TYPE}&level=street&as_of=${AS_OF}`,
      `/coverage?type=health_center,${TYPE}&reach_m=1000,300&level=district&as_of=${AS_OF}`,
      `/coverage/gaps?type=${TYPE}&unit=${street}&as_of=${AS_OF}`,
      `/accessibility?type=health_center,${TYPE}&supply=gp_count&level=street&as_of=${AS_OF}`,
      `/accessibility/capacitated?type=${TYPE}&supply=gp_count&target=2&per=10000&level=district&as_of=${AS_OF}`,
      // units=all: every failing unit of every target, not the bounded default (issue 19).
      `/plans/beijing-2001-2005/evaluation?as_of=${AS_OF}&units=all`,
      `/plans/zibo-2003-2007/evaluation?as_of=${AS_OF}&units=all`,
    ];
    const version0 = await dataVersion();
    // All as one planner: some fields (building households) are hidden from the public.
    const baseline = await Promise.all(queries.map(async (q) => (await get(q, ALICE)).body));
    for (const b of baseline) expect(b.error).toBeUndefined();

    // Proposals at three uncovered buildings, accepted into a scenario; then a richer add, a move and a close.
    const spots = (await uncoveredBuildings()).slice(0, 4);
    expect(spots.length).toBe(4);
    const proposals = {
      type: 'FeatureCollection',
      features: spots.slice(0, 3).map((b, i) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [b.lon, b.lat] }, properties: { type: TYPE, rank: i + 1, model: 'mclp', candidate_id: b.code } })),
    };
    const created = await call('POST', '/scenarios', { as: ALICE, body: { name: '三个新站' } });
    const id = created.body.id as number;
    const accepted = await call('POST', `/scenarios/${id}/accept`, { as: ALICE, body: { proposals }, headers: { 'if-match': created.etag! } });
    expect(accepted.status).toBe(200);
    expect(accepted.body.changes.map((c: any) => [c.op, c.code, c.source.siting.rank])).toEqual([['add', `s${id}-1`, 1], ['add', `s${id}-2`, 2], ['add', `s${id}-3`, 3]]);
    const [moved, closed] = await server.db.sql<{ code: string }[]>`
      SELECT code FROM facility WHERE type = ${TYPE} AND status = 'open' AND (opened_on IS NULL OR opened_on <= ${AS_OF}::date) AND closed_on IS NULL ORDER BY code LIMIT 2`;
    const rich = { op: 'add', type: TYPE, lon: spots[3]!.lon, lat: spots[3]!.lat, name: '新建卫生站', fields: { gp_count: 4, grade: 'A', floor_area_m2: 320, beds: 2 } };
    const changes = [...accepted.body.changes, rich, { op: 'move', code: moved!.code, lon: spots[0]!.lon + 0.004, lat: spots[0]!.lat }, { op: 'close', code: closed!.code }];
    const scenario = (await call('PATCH', `/scenarios/${id}`, { as: ALICE, body: { changes }, headers: { 'if-match': accepted.etag! } })).body;
    expect(scenario.version).toBe(3);

    const forScenario = await Promise.all(queries.map(async (q) => (await get(`${q}&scenario=${id}`, ALICE)).body));
    for (const s of forScenario) expect(s.error).toBeUndefined();
    expect(forScenario[0].scenario).toEqual({ id, version: 3 });
    expect(forScenario[0].totals.households_covered).toBeGreaterThan(baseline[0].totals.households_covered);

    // 1. The same changes through the what-if endpoint give the same coverage.
    const whatIfChanges = scenario.changes.map((c: any) => (c.op === 'add' ? { op: 'add', code: c.code, type: c.type, lon: c.lon, lat: c.lat } : c));
    for (const level of ['community', 'street']) {
      const whatIf = await call('POST', '/coverage/what-if', { as: ALICE, body: { type: TYPE, level, as_of: AS_OF, changes: whatIfChanges } });
      expect(whatIf.status).toBe(200);
      expect(strip(whatIf.body.before)).toEqual(strip(baseline[level === 'community' ? 0 : 1]));
      expect(strip(whatIf.body.after)).toEqual(strip(forScenario[level === 'community' ? 0 : 1]));
    }

    // 2. The comparison is the two reports side by side.
    const compare = (await get(`/scenarios/${id}/compare?type=${TYPE}&level=street&as_of=${AS_OF}&plan=beijing-2001-2005`, ALICE)).body;
    expect(compare.totals.households_covered_before).toBe(baseline[1].totals.households_covered);
    expect(compare.totals.households_covered_after).toBe(forScenario[1].totals.households_covered);
    expect(compare.units.map((u: any) => [u.code, u.delta_households_covered])).toEqual(
      baseline[1].units.map((u: any, i: number) => [u.code, forScenario[1].units[i].households_covered - u.households_covered]),
    );
    expect(compare.plan.targets.map((t: any) => [t.id, t.value_before, t.value_after, t.status_before, t.status_after])).toEqual(
      baseline[6].targets.map((t: any, i: number) => [t.id, t.value, forScenario[6].targets[i].value, t.status, forScenario[6].targets[i].status]),
    );
    expect(compare.plan.targets.some((t: any) => t.value_before !== t.value_after)).toBe(true);
    const unknownPlan = await get(`/scenarios/${id}/compare?type=${TYPE}&plan=no-such-plan`, ALICE);
    expect([unknownPlan.status, unknownPlan.body.error.details.field]).toEqual([404, 'plan']);

    // 3. Community tiles with coverage carry the scenario's figures, under an ETag of their own.
    const { x, y } = tileOfLonLat(spots[0]!.lon, spots[0]!.lat, 12);
    const tilePath = `/api/tiles/communities/12/${x}/${y}.mvt?type=${TYPE}&as_of=${AS_OF}`;
    const baseTile = await fetch(`${server.url}${tilePath}`);
    const scenTile = await fetch(`${server.url}${tilePath}&scenario=${id}`, { headers: { authorization: `Bearer ${ALICE}` } });
    expect([baseTile.status, scenTile.status]).toEqual([200, 200]);
    expect(scenTile.headers.get('etag')).not.toBe(baseTile.headers.get('etag'));
    const layer = new VectorTile(new PbfReader(new Uint8Array(await scenTile.arrayBuffer()))).layers['communities']!;
    const scenByCode = new Map(forScenario[0].units.map((u: any) => [u.code, u]));
    const tileCodes = Array.from({ length: layer.length }, (_, i) => layer.feature(i).properties);
    expect(tileCodes.some((p) => p.code === spots[0]!.community_code)).toBe(true);
    for (const p of tileCodes) expect(p.households_covered).toBe((scenByCode.get(p.code as string) as any).households_covered);
    await baseTile.arrayBuffer();

    // 4. The baseline is untouched: same answers, same data version, no scenario facility in the table.
    expect(await dataVersion()).toBe(version0);
    const again = await Promise.all(queries.map(async (q) => (await get(q, ALICE)).body));
    expect(again).toEqual(baseline);
    const leaked = await server.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM facility WHERE code LIKE ${`s${id}-%`}`;
    expect(leaked[0]!.n).toBe(0);

    // 5. Write the same changes into the baseline for real; its answers now equal the scenario's, field by field.
    const send = (method: string, path: string, body?: unknown, etag?: string) => call(method, path, { as: ALICE, ...(body !== undefined ? { body } : {}), headers: etag ? { 'if-match': etag } : {} });
    for (const c of scenario.changes) {
      if (c.op === 'add') {
        const res = await send('POST', '/collections/facilities/items', {
          type: 'Feature', geometry: { type: 'Point', coordinates: [c.lon, c.lat] },
          properties: { code: c.code, name: c.name, type: c.type, ...(c.fields ?? {}) },
        });
        expect(res.status).toBe(201);
      } else {
        const etag = (await fetch(`${server.url}/api/collections/facilities/items/${c.code}`)).headers.get('etag')!;
        const res = c.op === 'move'
          ? await send('PATCH', `/collections/facilities/items/${c.code}`, { geometry: { type: 'Point', coordinates: [c.lon, c.lat] } }, etag)
          : await send('DELETE', `/collections/facilities/items/${c.code}`, undefined, etag);
        expect(res.status).toBeLessThan(300);
      }
    }
    expect(await dataVersion()).not.toBe(version0);
    const real = await Promise.all(queries.map(async (q) => (await get(q, ALICE)).body));
    real.forEach((r, i) => expect([queries[i], strip(r)]).toEqual([queries[i], strip(forScenario[i])]));

    // Now the baseline has the facilities the scenario adds: the scenario no longer applies, and says so.
    const stale = await get(`${queries[0]}&scenario=${id}`, ALICE);
    expect([stale.status, stale.body.error.details.field]).toEqual([409, 'scenario']);
  });
});
