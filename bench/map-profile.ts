/**
 * Where the map's time goes (#16): opens the page on the generated city in headless Chromium, with
 * the CPU profiler on, and prints per interaction (open → idle(), switch type, switch mode) the wall
 * time, the requests the page made (path, bytes, ms) and the functions with the most self time.
 *
 *   npx vite build --config map-client/vite.config.ts
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/map-profile.ts
 *
 * The city is loaded once into the database `lifecircle_bench_profile` and kept (BENCH_RELOAD=1 loads
 * it again). BENCH_CITY=demo profiles the demo city instead (database `lifecircle_bench_profile_demo`);
 * BENCH_TILES=1 lists the tile requests too (with their start, relative to the first request).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { loadConfig } from '../api/src/config.ts';
import { openDatabase } from '../api/src/db/connect.ts';
import { replaceCity } from '../api/src/db/load-city.ts';
import { migrate } from '../api/src/db/migrate.ts';
import { createLogger } from '../api/src/log.ts';
import { startServer } from '../api/src/server.ts';
import { loadCatalogue } from '../api/src/services/seed.ts';
import { seedDemoCity } from '../seeds/demo-city/seed.ts';
import { benchCity, ms } from './lib.ts';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DEMO = process.env.BENCH_CITY === 'demo';
const DB_NAME = DEMO ? 'lifecircle_bench_profile_demo' : 'lifecircle_bench_profile';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }
interface Profile { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] }

function topSelf(profile: Profile, n = 12): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let total = 0;
  samples.forEach((id, i) => {
    const node = byId.get(id)!;
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
    const d = (deltas[i] ?? 0) / 1000;
    total += d;
    self.set(key, (self.get(key) ?? 0) + d);
  });
  return [`total sampled ${total.toFixed(0)} ms`, ...[...self].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `  ${v.toFixed(0).padStart(7)} ms  ${k}`)];
}

/** Map frames drawn so far on the page (a 'render' listener installed on first call); -1 before the map exists. */
async function countFrames(page: Page): Promise<number> {
  return page.evaluate(() => {
    const g = globalThis as unknown as { __lifecircle?: { map: { on(type: 'render', f: () => void): void } }; __frames?: number };
    if (!g.__lifecircle) return -1;
    if (g.__frames === undefined) {
      g.__frames = 0;
      g.__lifecircle.map.on('render', () => { g.__frames = (g.__frames ?? 0) + 1; });
    }
    return g.__frames;
  });
}

async function timed(page: Page, cdp: CDPSession, label: string, act: () => Promise<void>): Promise<void> {
  const requests: Array<{ url: string; started: number; ms?: number; bytes?: number }> = [];
  const byId = new Map<string, (typeof requests)[number]>();
  const onRequest = (e: { requestId: string; request: { url: string }; timestamp: number }) => {
    const r = { url: e.request.url, started: e.timestamp };
    requests.push(r);
    byId.set(e.requestId, r);
  };
  const onDone = (e: { requestId: string; timestamp: number; encodedDataLength: number }) => {
    const r = byId.get(e.requestId);
    if (r) Object.assign(r, { ms: (e.timestamp - r.started) * 1000, bytes: e.encodedDataLength });
  };
  cdp.on('Network.requestWillBeSent', onRequest);
  cdp.on('Network.loadingFinished', onDone);
  await cdp.send('Profiler.start');
  const t = process.hrtime.bigint();
  const framesBefore = await countFrames(page);
  await act();
  await page.evaluate(() => (globalThis as unknown as { lifecircle: { idle(): Promise<void> } }).lifecircle.idle());
  const wall = ms(t);
  const framesAfter = await countFrames(page);
  const frames = framesBefore < 0 ? 'n/a' : String(framesAfter - framesBefore);
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
  cdp.off('Network.requestWillBeSent', onRequest);
  cdp.off('Network.loadingFinished', onDone);
  console.log(`\n== ${label}: ${wall.toFixed(0)} ms to idle(), ${frames} frames drawn (map 'render' events)`);
  const api = requests.filter((r) => r.url.includes('/api/'));
  const tiles = api.filter((r) => r.url.includes('/tiles/'));
  console.log(`requests: ${requests.length} (${tiles.length} tiles, ${(tiles.reduce((s, r) => s + (r.bytes ?? 0), 0) / 1024).toFixed(0)} KB)`);
  const t0 = requests[0]?.started ?? 0;
  for (const r of api.filter((x) => !x.url.includes('/tiles/') || process.env.BENCH_TILES === '1')) {
    const u = new URL(r.url);
    console.log(`  +${((r.started - t0) * 1000).toFixed(0).padStart(5)} ms ${(r.ms ?? NaN).toFixed(0).padStart(6)} ms ${((r.bytes ?? 0) / 1024).toFixed(1).padStart(8)} KB  ${u.pathname}${u.search}`.slice(0, 200));
  }
  const marks = await page.evaluate(() => performance.getEntriesByType('mark').filter((m) => m.name.startsWith('lc:')).map((m) => `${m.name} ${m.startTime.toFixed(0)}`));
  if (label.startsWith('open')) console.log(`marks (ms after navigation): ${marks.join(', ')}`);
  for (const line of topSelf(profile)) console.log(line);
}

async function main(): Promise<void> {
  if (!existsSync(`${ROOT}map-client/dist/index.html`)) throw new Error('build the client first: npx vite build --config map-client/vite.config.ts');
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) throw new Error('BENCH_DATABASE_URL is needed');
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const exists = (await admin`SELECT 1 FROM pg_database WHERE datname = ${DB_NAME}`).length > 0;
  const reload = process.env.BENCH_RELOAD === '1' || !exists;
  if (!exists) await admin`CREATE DATABASE ${admin(DB_NAME)}`;
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${DB_NAME}`;
  const db = await openDatabase({ databaseUrl: target.toString() });
  await migrate(db);
  if (reload) {
    const t0 = process.hrtime.bigint();
    if (DEMO) await seedDemoCity(db);
    else {
      await db.sql.begin(async (tx) => {
        await loadCatalogue(tx);
        await replaceCity(tx, benchCity());
      });
    }
    await db.sql`ANALYZE`;
    console.log(`city loaded in ${(ms(t0) / 1000).toFixed(1)} s`);
  }
  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', LIFECIRCLE_SEED_ON_EMPTY: 'false', SHUTDOWN_GRACE_MS: '2000',
    LIFECIRCLE_RATE_LIMIT_PER_MIN: '10000000', LIFECIRCLE_TOKEN_SECRET: 'bench-only-token-secret-0123456789abcdef',
  });
  const running = await startServer(config, createLogger('silent'), { db });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking', '--no-first-run'] });
  try {
    // Warm the server (tile indexes, engines) with one visit first.
    const warm = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await warm.goto(`${running.url}/?type=health_station`);
    await warm.waitForFunction(() => (globalThis as unknown as { lifecircle?: unknown }).lifecircle !== undefined);
    await warm.evaluate(() => (globalThis as unknown as { lifecircle: { idle(): Promise<void> } }).lifecircle.idle());
    await warm.close();

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await page.addInitScript('globalThis.__name = (f) => f;');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await timed(page, cdp, 'open ?type=health_station', async () => {
      await page.goto(`${running.url}/?type=health_station`);
      await page.waitForFunction(() => (globalThis as unknown as { lifecircle?: unknown }).lifecircle !== undefined);
    });
    // The floor of every figure: idle() when nothing changed, against a bare evaluate and two frames.
    const floor = async (label: string, f: () => Promise<unknown>) => {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = process.hrtime.bigint();
        await f();
        times.push(ms(t));
      }
      console.log(`${label}: ${times.map((x) => x.toFixed(0)).join(', ')} ms`);
    };
    console.log('');
    await floor('page.evaluate round trip', () => page.evaluate(() => 1));
    await floor('two requestAnimationFrame', () => page.evaluate(() => new Promise((r) => { const raf = (globalThis as unknown as { requestAnimationFrame(f: () => void): void }).requestAnimationFrame; raf(() => raf(() => r(null))); })));
    await floor('lifecircle.idle(), nothing changed', () => page.evaluate(() => (globalThis as unknown as { lifecircle: { idle(): Promise<void> } }).lifecircle.idle()));
    const update = (patch: unknown) => page.evaluate((x) => (globalThis as unknown as { __lifecircle: { store: { update(v: unknown): void } } }).__lifecircle.store.update(x), patch);
    await timed(page, cdp, 'switch type → culture_room', () => update({ selectedType: 'culture_room' }));
    await timed(page, cdp, 'switch type → health_station (cached answer)', () => update({ selectedType: 'health_station' }));
    await timed(page, cdp, 'switch mode → walk', () => update({ mode: 'walk' }));
    await timed(page, cdp, 'switch theme → next', async () => {
      const themes = await page.evaluate(() => (globalThis as unknown as { __lifecircle: { state(): { theme: string } } }).__lifecircle.state().theme);
      console.log(`(theme was ${themes})`);
      await update({ theme: themes === 'coverage' ? 'access' : 'coverage' });
    });
  } finally {
    await browser.close();
    await running.close();
    await db.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
