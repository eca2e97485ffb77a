/**
 * #16: a scenario edit → the plan evaluation under the new version, alone (no other engines warmed):
 *
 *   npx tsx bench/plan-edit.ts                                   # demo city, embedded PGlite
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres BENCH_CITY=large npx tsx bench/plan-edit.ts
 *
 * Prints the baseline evaluation (first, again), the first scenario answer, then five PATCH (one more
 * health station each) + evaluation pairs and their median; the five are CPU-profiled through the inspector
 * into PROF (default /tmp/plan-edit.cpuprofile). EXTRA adds query parameters (e.g. EXTRA='&units=all').
 */
import http from 'node:http';
import fs from 'node:fs';
import { execSync } from 'node:child_process';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import type { Role } from '../api/src/auth/principal.ts';
import { loadConfig } from '../api/src/config.ts';
import { createApp } from '../api/src/http/app.ts';
import { createLogger } from '../api/src/log.ts';
import { seedDemoCity } from '../seeds/demo-city/seed.ts';
import { migrate } from '../api/src/db/migrate.ts';
import { benchCity, loadBenchCity, ms, openBenchDb } from './lib.ts';

const AS_OF = '2026-01-01';
function request(url: string, o: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<{ status: number; ms: number; wire: number; body: Buffer; headers: http.IncomingHttpHeaders }> {
  const t0 = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const body = o.body === undefined ? undefined : Buffer.from(JSON.stringify(o.body));
    const req = http.request(url, { method: o.method ?? 'GET', headers: { authorization: 'Bearer planner:bench', ...(body ? { 'content-type': 'application/json' } : {}), ...o.headers } }, (res) => {
      const chunks: Buffer[] = []; res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => { const all = Buffer.concat(chunks); resolve({ status: res.statusCode!, ms: ms(t0), wire: all.length, body: all, headers: res.headers }); });
    });
    req.on('error', reject); req.end(body);
  });
}
const { db, drop } = await openBenchDb('pe', { embedded: 'PGlite', server: 'server' });
let server: http.Server | undefined;
try {
  if (process.env.BENCH_CITY === 'large') await loadBenchCity(db, benchCity()); else { await migrate(db); await seedDemoCity(db); }
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LIFECIRCLE_SEED_ON_EMPTY: 'false', LIFECIRCLE_RATE_LIMIT_PER_MIN: '10000000' });
  const app = createApp({ db, config, log: createLogger('silent'), clientDir: '/nonexistent', authenticator: { async principal(c) { if (c.kind !== 'bearer') return undefined; const [role, user] = c.token.split(':') as [Role, string]; return { role, user, via: 'token' }; } } });
  server = http.createServer(app); await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  const [spot] = await db.sql<{ lon: number; lat: number }[]>`SELECT ST_X(ST_Centroid(ST_Collect(geom))) AS lon, ST_Y(ST_Centroid(ST_Collect(geom))) AS lat FROM building`;
  const created = await request(`${api}/scenarios`, { method: 'POST', body: { name: 'bench', changes: [] } });
  const id = JSON.parse(created.body.toString()).id; let etag = String(created.headers['etag']);
  const changes: unknown[] = []; let k = 0;
  const evaluation = `${api}/plans/beijing-2001-2005/evaluation?as_of=${AS_OF}${process.env.EXTRA ?? ''}`;
  const patch = async () => { k++; changes.push({ op: 'add', type: 'health_station', lon: spot!.lon + 0.002 * k, lat: spot!.lat + 0.0015 * (k % 3) });
    const p = await request(`${api}/scenarios/${id}`, { method: 'PATCH', headers: { 'if-match': etag }, body: { changes } }); if (p.status !== 200) throw new Error(p.body.toString()); etag = String(p.headers['etag']); };
  let t = await request(evaluation, { headers: { 'accept-encoding': 'gzip' } }); console.log(`${execSync('uptime').toString().trim()}`);
  console.log('baseline first', t.ms.toFixed(0), 'ms', t.wire, 'bytes');
  t = await request(evaluation, { headers: { 'accept-encoding': 'gzip' } }); console.log('baseline again', t.ms.toFixed(0), t.wire);
  await patch(); t = await request(`${evaluation}&scenario=${id}`); console.log('scenario first', t.ms.toFixed(0), t.status);
  const session = new Session(); session.connect(); await session.post('Profiler.enable'); await session.post('Profiler.start');
  const times: number[] = [];
  for (let i = 0; i < 5; i++) { const t0 = process.hrtime.bigint(); await patch(); const a = await request(`${evaluation}&scenario=${id}`, { headers: { 'accept-encoding': 'gzip' } }); times.push(ms(t0)); console.log('edit+eval', ms(t0).toFixed(0), 'eval', a.ms.toFixed(0), a.status, (a.wire/1024).toFixed(1), 'KB'); }
  const { profile } = await session.post('Profiler.stop'); fs.writeFileSync(process.env.PROF ?? '/tmp/plan-edit.cpuprofile', JSON.stringify(profile));
  console.log('median edit+eval', [...times].sort((a, b) => a - b)[2]!.toFixed(0), 'ms;', execSync('uptime').toString().trim());
} finally { server?.closeAllConnections(); server?.close(); await db.close(); await drop(); }
process.exit(0);
