/**
 * A province on one machine (issue 19), server backend, over HTTP in this process:
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
 *     node --expose-gc --import tsx bench/province.ts [--files /tmp/province] [--skip-import] [--cities 6000,4000,…]
 *       [--phases coverage,plans,tiles,walking,siting]
 *
 * 1. Generate (unless --files holds them): seeds/demo-city/province.ts writes the default province,
 *    9 cities, 30 000 communities, ~1.2 M buildings, 360 000 facilities, city by city (lifecircle generate).
 * 2. Import into a dedicated database `lifecircle_province` (dropped and created; --skip-import keeps the
 *    one there) through the import service, the code of `lifecircle import`: rows/s per step.
 * 3. The app (createApp, as `serve` builds it) on that database, asked as a browser would:
 *    coverage of one type (first answer: snapshot + engine build; then the first answer of every other
 *    type, uncached) and of all types; a plan's evaluation (cold, warm); tiles per zoom 10–16 for
 *    communities (with coverage), buildings and facilities, cold (first request) and warm (repeat),
 *    p50/p95; the walking engine (first walking answer); siting mclp and pmedian p = 50 on centroids.
 * RSS (resident set of this process: the API; PostgreSQL's own memory is not in it) is sampled every
 * 100 ms; the peak of each phase and of the run is printed. Results: docs/benchmarks.md.
 * Not part of CI (tens of minutes); tests/unit/seeds/province.test.ts runs the generator small.
 */
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import postgres from 'postgres';
import type { Authenticator } from '../api/src/auth/authenticate.ts';
import type { Role } from '../api/src/auth/principal.ts';
import { loadConfig } from '../api/src/config.ts';
import { openDatabase, type Db } from '../api/src/db/connect.ts';
import { migrate } from '../api/src/db/migrate.ts';
import { tileOfLonLat } from '../api/src/domain/geo/web-mercator-tile.ts';
import { createApp, WARM_UP_TYPES, warmUpApp } from '../api/src/http/app.ts';
import { createLogger } from '../api/src/log.ts';
import { importProvince } from '../seeds/demo-city/province-import.ts';
import { PROVINCE_FILES, writeProvince, type ProvinceFile } from '../seeds/demo-city/province.ts';
import { median, ms } from './lib.ts';

const AS_OF = '2026-01-01';
const TYPE = 'health_station';
const ZOOMS = [10, 11, 12, 13, 14, 15, 16];
const TILES_PER_ZOOM = Number(process.env.BENCH_TILES_PER_ZOOM ?? 40);
const DB_NAME = process.env.BENCH_PROVINCE_DB ?? 'lifecircle_province';

const flag = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const filesDir = flag('--files') ?? '/tmp/lifecircle-province';
const skipImport = process.argv.includes('--skip-import');
const citiesFlag = flag('--cities');
/** --phases coverage,plans,tiles,walking,siting: run only these (default all). */
const phases = new Set((flag('--phases') ?? 'coverage,plans,tiles,walking,siting').split(','));

// RSS sampling: the peak of the run and of the current phase.
let phasePeak = 0;
let runPeak = 0;
const sample = () => {
  const rss = process.memoryUsage.rss();
  if (rss > phasePeak) phasePeak = rss;
  if (rss > runPeak) runPeak = rss;
};
setInterval(sample, 100).unref();
// The sampler misses spikes inside long synchronous work; getrusage's maxRSS does not. Printed even when a phase fails.
process.on('exit', () => console.log(`maxRSS of this process (getrusage): ${(process.resourceUsage().maxRSS / 2 ** 20).toFixed(2)} GiB`));
const gb = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GiB`;
const results: Array<[string, string, string]> = [];
async function phase<T>(label: string, fn: () => Promise<T>): Promise<T> {
  (globalThis as { gc?: () => void }).gc?.();
  phasePeak = process.memoryUsage.rss();
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const out = await fn();
  sample();
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  console.log(`[${label}] ${(ms(t0) / 1000).toFixed(1)} s (this process's CPU ${cpuS.toFixed(1)} s), RSS peak ${gb(phasePeak)}, heap now ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);
  results.push([label, `${(ms(t0) / 1000).toFixed(1)} s (CPU ${cpuS.toFixed(1)} s)`, gb(phasePeak)]);
  return out;
}

const quantile = (xs: number[], q: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

interface Answer { status: number; ms: number; bytes: number; cpuMs: number; body: Buffer }
/** One request on a fresh connection (no keep-alive race with the server's idle timeout). */
function request(url: string, options: { method?: string; body?: unknown } = {}): Promise<Answer> {
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    const req = http.request(url, { agent: false, method: options.method ?? 'GET', headers: { authorization: 'Bearer planner:bench', 'accept-encoding': 'gzip', ...(body ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const all = Buffer.concat(chunks);
        const cpu = process.cpuUsage(cpu0);
        // bytes: on the wire; body: decoded (JSON answers come gzip'd).
        const body = res.headers['content-encoding'] === 'gzip' ? gunzipSync(all) : all;
        resolve({ status: res.statusCode!, ms: ms(t0), bytes: all.length, cpuMs: (cpu.user + cpu.system) / 1000, body });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
async function ok(url: string, options: { method?: string; body?: unknown } = {}): Promise<Answer> {
  const a = await request(url, options);
  if (a.status >= 400) throw new Error(`${options.method ?? 'GET'} ${url}: ${a.status} ${a.body.toString().slice(0, 500)}`);
  return a;
}

async function main(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) throw new Error('set BENCH_DATABASE_URL (a PostgreSQL + PostGIS server; the bench creates the database lifecircle_province there)');
  console.log(`node ${process.version}; files ${filesDir}; database ${DB_NAME}`);
  const files = Object.fromEntries(PROVINCE_FILES.map((f) => [f, `${filesDir}/${f}`])) as Record<ProvinceFile, string>;
  if (!PROVINCE_FILES.every((f) => existsSync(files[f]))) {
    const summary = await phase('generate the province (files)', () => writeProvince(filesDir, citiesFlag ? { cities: citiesFlag.split(',').map(Number) } : {}, (m) => console.log(`  ${m}`)));
    console.log(`  ${summary.cities.length} cities, ${summary.districts} districts, ${summary.streets} streets, ${summary.communities} communities, ${summary.buildings} buildings, ${summary.facilities} facilities, ${summary.network_lines} network lines`);
  }

  const target = new URL(url);
  target.pathname = `/${DB_NAME}`;
  if (!skipImport) {
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin`DROP DATABASE IF EXISTS ${admin(DB_NAME)} WITH (FORCE)`;
    await admin`CREATE DATABASE ${admin(DB_NAME)}`;
    await admin.end();
  }
  const db: Db = await openDatabase({ databaseUrl: target.toString() });
  let server: http.Server | undefined;
  try {
    await migrate(db);
    if (!skipImport) {
      await phase('import (import service, 5 files)', async () => {
        console.log('  step                               rows   seconds   rows/s');
        await importProvince(db, files, {
          onStep: (s) => {
            console.log(`  ${s.step.padEnd(32)} ${String(s.rows).padStart(8)} ${s.seconds.toFixed(1).padStart(8)} ${String(s.rows_per_second).padStart(8)}`);
            results.push([`  import ${s.step}: ${s.rows} rows`, `${s.seconds.toFixed(1)} s`, `${s.rows_per_second} rows/s`]);
          },
        });
      });
      await db.sql`ANALYZE`;
    }
    const [counts] = await db.sql<{ communities: number; buildings: number; facilities: number; lines: number }[]>`
      SELECT (SELECT count(*)::int FROM community) AS communities, (SELECT count(*)::int FROM building) AS buildings,
             (SELECT count(*)::int FROM facility) AS facilities, (SELECT count(*)::int FROM network_edge) AS lines`;
    console.log(`stored: ${counts!.communities} communities, ${counts!.buildings} buildings, ${counts!.facilities} facilities, ${counts!.lines} network lines`);

    const authenticator: Authenticator = {
      async principal(c) {
        if (c.kind !== 'bearer') return undefined;
        const [role, user] = c.token.split(':') as [Role, string];
        return { role, user, via: 'token' };
      },
    };
    const config = loadConfig({ DATABASE_URL: target.toString(), PORT: '0', HOST: '127.0.0.1', LIFECIRCLE_SEED_ON_EMPTY: 'false', LIFECIRCLE_RATE_LIMIT_PER_MIN: '10000000', LIFECIRCLE_ANALYSIS_TIMEOUT_MS: '1800000' });
    const app = createApp({ db, config, log: createLogger('silent'), authenticator, clientDir: '/nonexistent' });
    server = http.createServer(app);
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
    const coverage = (type: string, extra = '') => `${api}/coverage?type=${type}&level=community&as_of=${AS_OF}&format=compact${extra}`;
    const types = (await db.sql<{ code: string }[]>`SELECT code FROM facility_type ORDER BY code`).map((t) => t.code);

    // Coverage.
    // What `lifecircle serve` does at start (warmUpApp): snapshot read, engine build, the coverage of
    // WARM_UP_TYPES (the kernel's slow first computations); the walking engine is left to the walking phase.
    if (phases.has('coverage')) await phase(`start-up warm-up (snapshot, engine, coverage of ${WARM_UP_TYPES.join(' and ')})`, async () => {
      await warmUpApp(app, { walking: false });
    });
    if (phases.has('coverage')) await phase(`coverage ${TYPE}, first answer over HTTP (computed by the warm-up: route, compact JSON, gzip)`, async () => {
      const a = await ok(coverage(TYPE));
      console.log(`  ${a.ms.toFixed(0)} ms, ${(a.bytes / 1024).toFixed(0)} KB gzip`);
    });
    const perType: number[] = [];
    const perTypeCpu: number[] = [];
    const perTypeName: string[] = [];
    if (phases.has('coverage')) await phase(`coverage, first answer of each of ${types.length} types`, async () => {
      for (const t of types) {
        if (t === TYPE || WARM_UP_TYPES.includes(t)) continue;
        const a = await ok(coverage(t));
        perType.push(a.ms);
        perTypeCpu.push(a.cpuMs);
        perTypeName.push(t);
      }
      const again = await ok(coverage(TYPE));
      const slowest = perType.map((x, i) => [x, i] as const).sort((a, b) => b[0] - a[0]).slice(0, 3);
      console.log(`  slowest: ${slowest.map(([x, i]) => `${perTypeName[i]} ${x.toFixed(0)} ms (CPU ${perTypeCpu[i]!.toFixed(0)} ms)`).join(', ')}`);
      console.log(`  one type: median ${median(perType).toFixed(0)} ms (CPU ${median(perTypeCpu).toFixed(0)} ms), max ${Math.max(...perType).toFixed(0)} ms; all ${perType.length} in ${perType.reduce((s, x) => s + x, 0).toFixed(0)} ms; ${TYPE} again (cached) ${again.ms.toFixed(1)} ms (CPU ${again.cpuMs.toFixed(0)} ms)`);
      results.push([`  coverage, one type (first answer, median / max of ${perType.length}; CPU median)`, `${median(perType).toFixed(0)} / ${Math.max(...perType).toFixed(0)} ms (CPU ${median(perTypeCpu).toFixed(0)} ms)`, '']);
      results.push([`  coverage, ${TYPE} asked again (result cached)`, `${again.ms.toFixed(0)} ms (CPU ${again.cpuMs.toFixed(0)} ms)`, '']);
      results.push([`  coverage, all ${perType.length} types one after another`, `${(perType.reduce((s, x) => s + x, 0) / 1000).toFixed(1)} s`, '']);
    });
    if (phases.has('coverage')) await phase('coverage, all types OR-combined in one request', async () => {
      const a = await ok(coverage(types.join(',')));
      console.log(`  ${a.ms.toFixed(0)} ms`);
    });

    // Plan evaluation.
    const plans = JSON.parse((await ok(`${api}/plans`)).body.toString()) as { plans: Array<{ id: string }> };
    for (const plan of phases.has('plans') ? plans.plans.slice(0, 2) : []) {
      await phase(`plan evaluation ${plan.id} (cold, then warm)`, async () => {
        const cold = await ok(`${api}/plans/${plan.id}/evaluation?as_of=${AS_OF}`);
        const warm = await ok(`${api}/plans/${plan.id}/evaluation?as_of=${AS_OF}`);
        console.log(`  cold ${cold.ms.toFixed(0)} ms (CPU ${cold.cpuMs.toFixed(0)}), warm ${warm.ms.toFixed(0)} ms (CPU ${warm.cpuMs.toFixed(0)}), ${(cold.bytes / 1024).toFixed(0)} KB gzip, ${(cold.body.length / 2 ** 20).toFixed(1)} MiB JSON`);
        results.push([`  plan evaluation ${plan.id} cold / warm`, `${cold.ms.toFixed(0)} / ${warm.ms.toFixed(0)} ms (CPU ${cold.cpuMs.toFixed(0)} / ${warm.cpuMs.toFixed(0)} ms), ${(cold.bytes / 1024).toFixed(0)} KB gzip`, '']);
        // The whole answer (every failing unit of every target, units=all) and one page of one list (#19).
        const all = await ok(`${api}/plans/${plan.id}/evaluation?as_of=${AS_OF}&units=all`);
        console.log(`  units=all (evaluation kept): ${all.ms.toFixed(0)} ms (CPU ${all.cpuMs.toFixed(0)}), ${(all.bytes / 1024).toFixed(0)} KB gzip, ${(all.body.length / 2 ** 20).toFixed(1)} MiB JSON`);
        results.push([`  plan evaluation ${plan.id} units=all (kept)`, `${all.ms.toFixed(0)} ms (CPU ${all.cpuMs.toFixed(0)} ms), ${(all.bytes / 1024).toFixed(0)} KB gzip`, '']);
        const cut = (JSON.parse(warm.body.toString()) as { targets: Array<{ more?: Record<string, { next: string }> }> }).targets.find((t) => t.more?.['failing_units']);
        if (cut) {
          const page = await ok(`${new URL(api).origin}${cut.more!['failing_units']!.next}`);
          console.log(`  one page of failing units (100): ${page.ms.toFixed(0)} ms, ${(page.bytes / 1024).toFixed(1)} KB gzip`);
          results.push([`  plan evaluation ${plan.id}, one page of 100 failing units`, `${page.ms.toFixed(0)} ms, ${(page.bytes / 1024).toFixed(1)} KB gzip`, '']);
        }
        // What the answer is made of: JSON bytes of each per-target field summed over the targets.
        const parts = new Map<string, number>();
        for (const t of (JSON.parse(all.body.toString()) as { targets: Array<Record<string, unknown>> }).targets) {
          for (const [k, v] of Object.entries(t)) parts.set(k, (parts.get(k) ?? 0) + JSON.stringify(v ?? null).length);
        }
        console.log(`  units=all by field (KiB): ${[...parts].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, n]) => `${k} ${(n / 1024).toFixed(0)}`).join(', ')}`);
      });
    }

    // Tiles: tiles under random buildings (the province is mostly empty land between cities).
    const spots = await db.sql<{ lon: number; lat: number }[]>`
      SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM building ORDER BY md5(code) LIMIT ${TILES_PER_ZOOM * 3}`;
    const layers = [
      { label: 'communities+coverage', path: 'communities', query: `?type=${TYPE}&as_of=${AS_OF}` },
      { label: 'buildings', path: 'buildings', query: '' },
      { label: 'facilities', path: 'facilities', query: '' },
    ];
    if (phases.has('tiles')) await phase('tiles z10–16, communities (coverage) / buildings / facilities', async () => {
      console.log('  layer                  zoom tiles empty  cold p50/p95 ms   warm p50/p95 ms   KB p50/max');
      for (const layer of layers) {
        for (const z of ZOOMS) {
          const seen = new Set<string>();
          const tiles: Array<{ x: number; y: number }> = [];
          for (const s of spots) {
            const t = tileOfLonLat(s.lon, s.lat, z);
            const key = `${t.x}/${t.y}`;
            if (seen.has(key)) continue;
            seen.add(key);
            tiles.push(t);
            if (tiles.length >= TILES_PER_ZOOM) break;
          }
          const cold: number[] = [];
          const warm: number[] = [];
          const bytes: number[] = [];
          let empty = 0;
          for (const t of tiles) {
            const a = await ok(`${api}/tiles/${layer.path}/${z}/${t.x}/${t.y}.mvt${layer.query}`);
            cold.push(a.ms);
            if (a.status === 204) empty += 1;
            else bytes.push(a.bytes);
          }
          for (const t of tiles) warm.push((await ok(`${api}/tiles/${layer.path}/${z}/${t.x}/${t.y}.mvt${layer.query}`)).ms);
          const f = (xs: number[]) => `${quantile(xs, 0.5).toFixed(1)} / ${quantile(xs, 0.95).toFixed(1)}`;
          const kb = bytes.length ? `${(quantile(bytes, 0.5) / 1024).toFixed(1)} / ${(Math.max(...bytes) / 1024).toFixed(1)}` : '—';
          console.log(`  ${layer.label.padEnd(22)} ${String(z).padStart(4)} ${String(tiles.length).padStart(5)} ${String(empty).padStart(5)} ${f(cold).padStart(16)} ${f(warm).padStart(17)}   ${kb}`);
          results.push([`  tiles ${layer.label} z${z} (${tiles.length}) cold p50/p95 · warm p50/p95`, `${f(cold)} · ${f(warm)} ms`, '']);
        }
      }
    });

    // Walking network.
    if (phases.has('walking')) await phase('walking: first walking answer (engine build over the province network)', async () => {
      const a = await ok(coverage(TYPE, '&mode=walk'));
      const b = await ok(coverage('health_center', '&mode=walk'));
      console.log(`  first ${a.ms.toFixed(0)} ms, another type ${b.ms.toFixed(0)} ms`);
      results.push(['  walking: first answer (engine build) / another type', `${(a.ms / 1000).toFixed(1)} s / ${b.ms.toFixed(0)} ms`, '']);
    });

    // Siting p = 50.
    for (const model of phases.has('siting') ? (['mclp', 'pmedian'] as const) : []) {
      await phase(`siting ${model} p = 50, ${TYPE}, community centroids`, async () => {
        const t0 = process.hrtime.bigint();
        let a = await ok(`${api}/siting`, { method: 'POST', body: { model, type: TYPE, p: 50, candidates: { generate: 'centroids' }, as_of: AS_OF, wait_ms: 10_000, time_limit_s: 300 } });
        let view = JSON.parse(a.body.toString()) as { id?: string; state?: string; result?: unknown; objective?: unknown };
        while (a.status === 202 && view.state !== 'done' && view.state !== 'failed' && view.state !== 'cancelled') {
          await new Promise((r) => setTimeout(r, 1000));
          a = await ok(`${api}/siting/jobs/${view.id}`);
          view = JSON.parse(a.body.toString()) as typeof view;
        }
        if (view.state === 'failed') throw new Error(`siting ${model}: ${a.body.toString().slice(0, 500)}`);
        const s = ms(t0) / 1000;
        const summary = (view.result ?? view) as { summary?: unknown; demand?: unknown; candidates?: unknown };
        console.log(`  ${s.toFixed(1)} s; ${JSON.stringify({ demand: summary.demand, candidates: summary.candidates }).slice(0, 200)}`);
        results.push([`  siting ${model} p = 50`, `${s.toFixed(1)} s`, '']);
      });
    }
  } finally {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await db.close();
  }
  console.log(`\nRSS peak of the run (sampled every 100 ms): ${gb(runPeak)}`);
  console.log('\n| phase | time | RSS peak / rate |\n| --- | --- | --- |');
  for (const r of results) console.log(`| ${r.join(' | ')} |`);
}

await main();
process.exit(0);
