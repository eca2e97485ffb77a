/**
 * #16 "speed as a person feels it", the API side of each interaction, over HTTP in this process:
 *
 *   npx tsx bench/interactions.ts                        # demo city (300 communities), embedded PGlite
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres BENCH_CITY=large npx tsx bench/interactions.ts
 *                                                        # benchCity() (~3 300 communities) on a PostgreSQL server
 *
 * Each figure is the median of 5 (BENCH_REPEAT). Every call is also shown as a ratio to the
 * baseline call run in the same process at the same time: `GET /api/coverage?type=health_station
 * &level=community` on the baseline, warm (its result cached), so a loaded machine shifts both alike.
 * Run on a checkout of an older commit (copy this file there) for the "before" column; calls the
 * older code does not have (format=compact) are reported as "n/a".
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Authenticator } from '../api/src/auth/authenticate.ts';
import type { Role } from '../api/src/auth/principal.ts';
import { loadConfig } from '../api/src/config.ts';
import { createApp, warmUpApp } from '../api/src/http/app.ts';
import { createLogger } from '../api/src/log.ts';
import { benchCity, loadCityOrDemo, median, ms, openBenchDb } from './lib.ts';

const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);
const LARGE = process.env.BENCH_CITY === 'large';
const TYPE = 'health_station';
const AS_OF = '2026-01-01';

interface Answer { status: number; ms: number; wire: number; body: Buffer; headers: http.IncomingHttpHeaders }

function request(url: string, options: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<Answer> {
  const t0 = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    const req = http.request(url, { method: options.method ?? 'GET', headers: { authorization: 'Bearer planner:bench', ...(body ? { 'content-type': 'application/json' } : {}), ...options.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const all = Buffer.concat(chunks);
        resolve({ status: res.statusCode!, ms: ms(t0), wire: all.length, body: all, headers: res.headers });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function main(): Promise<void> {
  const { db, label, drop } = await openBenchDb('i', { embedded: 'embedded PGlite', server: 'PostgreSQL server' });
  const rows: Array<[string, string, string, string]> = [];
  let server: http.Server | undefined;
  try {
    const t0 = process.hrtime.bigint();
    const n = await loadCityOrDemo(db, LARGE ? benchCity() : null);
    console.log(`${label}, ${n} communities: city loaded in ${(ms(t0) / 1000).toFixed(1)} s; node ${process.version}; median of ${REPEAT}`);

    const authenticator: Authenticator = {
      async principal(c) {
        if (c.kind !== 'bearer') return undefined;
        const [role, user] = c.token.split(':') as [Role, string];
        return { role, user, via: 'token' };
      },
    };
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LIFECIRCLE_SEED_ON_EMPTY: 'false', LIFECIRCLE_RATE_LIMIT_PER_MIN: '10000000' });
    const app = createApp({ db, config, log: createLogger('silent'), authenticator, clientDir: '/nonexistent' });
    server = http.createServer(app);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
    const coverage = (extra = '', type = TYPE) => `${api}/coverage?type=${type}&level=community&as_of=${AS_OF}${extra}`;

    // Warm the baseline (snapshot, engine, result). Each sample below is paired with a baseline call
    // right before it; the ratio is the median of the pairs' ratios.
    await request(coverage());
    const baseline = () => request(coverage(), { headers: { 'accept-encoding': 'identity' } });
    const row = async (what: string, fn: (i: number) => Promise<Answer | number>, times = REPEAT) => {
      const own: number[] = [];
      const base: number[] = [];
      const ratios: number[] = [];
      let last: Answer | undefined;
      for (let i = 0; i < times; i++) {
        const b = (await baseline()).ms;
        const r = await fn(i);
        const m = typeof r === 'number' ? r : r.ms;
        if (typeof r !== 'number') last = r;
        own.push(m);
        base.push(b);
        ratios.push(m / b);
      }
      const m = median(own);
      const wire = last ? `${(last.wire / 1024).toFixed(1)} KB${last.headers['content-encoding'] ? ` (${last.headers['content-encoding']})` : ''}${last.status !== 200 ? `, status ${last.status}` : ''}` : '';
      rows.push([what, `${m.toFixed(1)} ms`, `${median(ratios).toFixed(2)}× (baseline ${median(base).toFixed(1)} ms)`, wire]);
      console.log(`${what}: ${m.toFixed(1)} ms, ${median(ratios).toFixed(2)}× the baseline call (${median(base).toFixed(1)} ms) ${wire}`);
      return last;
    };

    // 1. Coverage over HTTP, one type, community level: identity, gzip, compact + gzip, 304.
    await row('coverage, community level, JSON, no compression', () => request(coverage(), { headers: { 'accept-encoding': 'identity' } }));
    const gzip = await row('coverage, JSON, Accept-Encoding: gzip', () => request(coverage(), { headers: { 'accept-encoding': 'gzip' } }));
    const probe = await request(coverage('&format=compact'), { headers: { 'accept-encoding': 'gzip' } });
    const mapForm = probe.status === 200 ? '&format=compact' : '';
    if (mapForm) await row('coverage, format=compact, gzip', () => request(coverage('&format=compact'), { headers: { 'accept-encoding': 'gzip' } }));
    else rows.push(['coverage, format=compact, gzip', 'n/a', '', '']);
    const etag = gzip!.headers['etag'];
    await row('coverage, repeat with If-None-Match', () => request(coverage(), { headers: { 'accept-encoding': 'gzip', ...(etag ? { 'if-none-match': String(etag) } : {}) } }));

    // 2. Switch type: the first answer of another type (not cached), in the form the map asks for.
    const types = (await db.sql<{ code: string }[]>`SELECT code FROM facility_type WHERE code <> ${TYPE} ORDER BY code LIMIT ${REPEAT}`).map((t) => t.code);
    await row('switch type: first answer of another type (map form, gzip)', (i) => request(coverage(mapForm, types[i % types.length]), { headers: { 'accept-encoding': 'gzip' } }));

    // 3. First switch to walking distance: the first walk answer builds the walking engine.
    await row('first switch to walking (the walking engine is built on this call, once)', () => request(coverage('&mode=walk' + mapForm), { headers: { 'accept-encoding': 'gzip' } }), 1);
    await row('a walking answer once the engine is built (after the prefetch at page open)', (i) => request(coverage('&mode=walk' + mapForm, types[i % types.length]), { headers: { 'accept-encoding': 'gzip' } }));

    // 4. A scenario edit → the answer the map recolours from (straight and walking), each edit a new version.
    const [spot] = await db.sql<{ lon: number; lat: number }[]>`SELECT ST_X(ST_Centroid(ST_Collect(geom))) AS lon, ST_Y(ST_Centroid(ST_Collect(geom))) AS lat FROM building`;
    const created = await request(`${api}/scenarios`, { method: 'POST', body: { name: 'bench', changes: [] } });
    const id = (JSON.parse(created.body.toString()) as { id: number }).id;
    let etagScenario = String(created.headers['etag']);
    const changes: unknown[] = [];
    let k = 0;
    const patch = async () => {
      k += 1;
      changes.push({ op: 'add', type: TYPE, lon: spot!.lon + 0.002 * k, lat: spot!.lat + 0.0015 * (k % 3) });
      const patched = await request(`${api}/scenarios/${id}`, { method: 'PATCH', headers: { 'if-match': etagScenario }, body: { changes } });
      if (patched.status !== 200) throw new Error(`PATCH: ${patched.status} ${patched.body.toString()}`);
      etagScenario = String(patched.headers['etag']);
      return patched;
    };
    const under = (mode: 'straight' | 'walk') => request(coverage(`&scenario=${id}${mode === 'walk' ? '&mode=walk' : ''}${mapForm}`), { headers: { 'accept-encoding': 'gzip' } });
    await patch();
    await under('straight'); // the first answer under the scenario
    await under('walk');
    await row('scenario edit (add one): the PATCH', () => patch());
    await row('scenario edit → coverage answer under the new version', async () => {
      await patch();
      return under('straight');
    });
    await row('scenario edit → walking answer under the new version', async () => {
      await patch();
      return under('walk');
    });
    await row('the same scenario version asked again (cached)', () => under('straight'));
    // 5. The same for the accessibility (2SFCA) layer and a plan evaluation under the scenario (#16: deltas, not copies).
    const access = `${api}/accessibility?type=health_center,${TYPE}&supply=gp_count&demand=population&level=community&as_of=${AS_OF}`;
    await request(`${access}&scenario=${id}`);
    await row('scenario edit → 2SFCA answer under the new version', async () => {
      await patch();
      return request(`${access}&scenario=${id}`, { headers: { 'accept-encoding': 'gzip' } });
    });
    // 2SFCA on walking distances (the map's health and elderly-care profiles): the first answer when
    // nothing found its catchments, then the start-up warm-up (warmUpApp: walking engine, then the
    // profiles' walking catchments in small steps), then the first answer of the other profile.
    const health = `${api}/accessibility?type=health_center,health_station&supply=gp_count&demand=population&method=2sfca&level=community&target=2&per=10000&as_of=${AS_OF}&mode=walk`;
    const elderly = `${api}/accessibility?type=elderly_home,elderly_daycare&supply=beds&demand=elderly&method=2sfca&level=community&target=1.5&per=100&as_of=${AS_OF}&mode=walk`;
    await row('first walking 2SFCA when nothing warmed its catchments (health profile)', () => request(health, { headers: { 'accept-encoding': 'gzip' } }), 1);
    const warmed = process.hrtime.bigint();
    await warmUpApp(app);
    console.log(`start-up warm-up (walking engine built already; the profiles' walking 2SFCA catchments): ${(ms(warmed) / 1000).toFixed(1)} s in the background`);
    await row('first walking 2SFCA after the start-up warm-up (elderly-care profile)', () => request(elderly, { headers: { 'accept-encoding': 'gzip' } }), 1);
    await request(`${health}&scenario=${id}`);
    await row('scenario edit → walking 2SFCA answer under the new version', async () => {
      await patch();
      return request(`${health}&scenario=${id}`, { headers: { 'accept-encoding': 'gzip' } });
    });
    const evaluation = `${api}/plans/beijing-2001-2005/evaluation?as_of=${AS_OF}`;
    const hasPlan = (await request(evaluation)).status === 200;
    if (hasPlan) {
      await request(`${evaluation}&scenario=${id}`);
      await row('scenario edit → plan evaluation under the new version', async () => {
        await patch();
        return request(`${evaluation}&scenario=${id}`, { headers: { 'accept-encoding': 'gzip' } });
      });
    } else rows.push(['scenario edit → plan evaluation under the new version', 'n/a (no plan)', '', '']);
    // 6. Walking reach areas (the map's reach layer in walking mode): first, then kept.
    const reach = `${api}/coverage/reach?type=${TYPE}&mode=walk&as_of=${AS_OF}`;
    await row('walking reach areas, first ask', () => request(reach, { headers: { 'accept-encoding': 'gzip' } }), 1);
    await row('walking reach areas asked again (after the prefetch)', () => request(reach, { headers: { 'accept-encoding': 'gzip' } }));
  } finally {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await db.close();
    await drop();
  }
  console.log('\n| interaction (API side) | median | ratio to the baseline call | on the wire |\n| --- | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

await main();
