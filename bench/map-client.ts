/**
 * The map client on a city-sized dataset, in headless Chromium (software WebGL, SwiftShader: frame
 * times are a pessimistic bound for a machine with a GPU):
 *
 *   npx vite build --config map-client/vite.config.ts
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/map-client.ts
 *   (without BENCH_DATABASE_URL the city goes into an embedded PGlite: slower to load, same client)
 *
 * City: benchCity() (~3 300 communities, ~136 000 buildings, ~40 000 facilities). Prints: time to
 * the map being ready (data on the map, map idle), to the first coverage colours after picking a
 * type and to a recolour with another, frame intervals while zooming and panning at city scale and
 * at street scale with the buildings on, the features drawn, and the page's JS heap. Results go to
 * docs/benchmarks.md.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { loadConfig } from '../api/src/config.ts';
import { replaceCity } from '../api/src/db/load-city.ts';
import { migrate } from '../api/src/db/migrate.ts';
import { createLogger } from '../api/src/log.ts';
import { startServer } from '../api/src/server.ts';
import { loadCatalogue } from '../api/src/services/seed.ts';
import { UserStore } from '../api/src/auth/users.ts';
import { benchCity, median, ms, openBenchDb } from './lib.ts';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('../', import.meta.url));

interface BenchGlobals {
  __lifecircle?: {
    ready: Promise<void>;
    state(): { thematic: { status: string; key?: string } };
    map: {
      once(type: 'idle'): Promise<unknown>;
      triggerRepaint(): void;
      easeTo(options: { zoom?: number; center?: [number, number]; duration: number }): void;
      panBy(offset: [number, number], options: { duration: number }): void;
      getZoom(): number;
      getCenter(): { lng: number; lat: number };
      jumpTo(options: { zoom?: number; center?: [number, number] }): void;
      queryRenderedFeatures(options: { layers: string[] }): unknown[];
    };
  };
  performance: { now(): number; memory?: { usedJSHeapSize: number } };
  requestAnimationFrame(callback: (time: number) => void): number;
}
const page$ = () => globalThis as unknown as BenchGlobals;

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;

async function idle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const map = (globalThis as unknown as BenchGlobals).__lifecircle!.map;
    const done = map.once('idle');
    map.triggerRepaint();
    await done;
  });
}

/** Frame intervals (ms) while `move` animates the map for `duration` ms. */
async function frames(page: Page, move: 'zoomIn' | 'zoomOut' | 'pan', duration: number): Promise<number[]> {
  return page.evaluate(async ({ move, duration }) => {
    const g = globalThis as unknown as BenchGlobals;
    const map = g.__lifecircle!.map;
    const deltas: number[] = [];
    let last = g.performance.now();
    let running = true;
    const tick = (time: number) => {
      deltas.push(time - last);
      last = time;
      if (running) g.requestAnimationFrame(tick);
    };
    g.requestAnimationFrame((time) => {
      last = time;
      g.requestAnimationFrame(tick);
    });
    if (move === 'pan') map.panBy([400, 200], { duration });
    else map.easeTo({ zoom: map.getZoom() + (move === 'zoomIn' ? 1.5 : -1.5), duration });
    await new Promise((resolve) => setTimeout(resolve, duration + 100));
    running = false;
    return deltas;
  }, { move, duration });
}

function report(label: string, deltas: number[]): void {
  const slow = deltas.filter((d) => d > 50).length;
  console.log(`${label.padEnd(34)} ${String(deltas.length).padStart(6)} ${median(deltas).toFixed(1).padStart(10)} ${quantile(deltas, 0.95).toFixed(1).padStart(9)} ${String(slow).padStart(10)}`);
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is needed`);
  if (!existsSync(`${ROOT}map-client/dist/index.html`)) throw new Error('build the client first: npx vite build --config map-client/vite.config.ts');
  const city = benchCity();
  const { db, label, drop } = await openBenchDb('map', { embedded: 'PGlite (embedded)', server: 'PostgreSQL + PostGIS server' });
  let closeServer: (() => Promise<void>) | null = null;
  try {
    await migrate(db);
    const t0 = process.hrtime.bigint();
    await db.sql.begin(async (tx) => {
      await loadCatalogue(tx);
      await replaceCity(tx, city);
    });
    await db.sql`ANALYZE`;
    console.log(`${label}: city loaded in ${(ms(t0) / 1000).toFixed(1)} s`);

    const config = loadConfig({
      PORT: '0', HOST: '127.0.0.1', LIFECIRCLE_SEED_ON_EMPTY: 'false', SHUTDOWN_GRACE_MS: '2000',
      LIFECIRCLE_RATE_LIMIT_PER_MIN: '10000000', LIFECIRCLE_TOKEN_SECRET: 'bench-only-token-secret-0123456789abcdef',
    });
    const running = await startServer(config, createLogger('silent'), { db });
    closeServer = () => running.close();

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--enable-precise-memory-info'] });
    try {
      const errors: string[] = [];
      const open = async (): Promise<Page> => {
        const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
        // tsx keeps function names with a __name helper the page doesn't have.
        await page.addInitScript('globalThis.__name = (f) => f;');
        page.on('pageerror', (error) => errors.push(error.message));
        const tLoad = process.hrtime.bigint();
        await page.goto(`${running.url}/`);
        await page.waitForFunction(() => (globalThis as unknown as BenchGlobals).__lifecircle !== undefined);
        await page.evaluate(() => (globalThis as unknown as BenchGlobals).__lifecircle!.ready);
        return Object.assign(page, { loadMs: ms(tLoad) });
      };
      const first = await open();
      console.log(`\nready, server cold (tile indexes built on first request): ${(first as Page & { loadMs: number }).loadMs.toFixed(0)} ms`);
      await first.close();
      const page = await open();
      console.log(`ready, server warm (districts, streets, tiles in view drawn, idle): ${(page as Page & { loadMs: number }).loadMs.toFixed(0)} ms`);
      const drawn = await page.evaluate(() => (globalThis as unknown as BenchGlobals).__lifecircle!.map.queryRenderedFeatures({ layers: ['communities-fill'] }).length);
      console.log(`community features drawn at city zoom: ${drawn}`);

      for (const type of ['health_station', 'culture_room']) {
        const t = process.hrtime.bigint();
        await page.selectOption('[data-testid="type-picker"]', type);
        await page.waitForFunction((tp) => {
          const s = (globalThis as unknown as BenchGlobals).__lifecircle!.state();
          return s.thematic.status === 'ready' && s.thematic.key?.includes(`:${tp}:`) === true;
        }, type);
        await idle(page);
        console.log(`${type}: coverage of every community fetched and painted: ${ms(t).toFixed(0)} ms`);
      }

      // #16: the interactions, each timed to window.lifecircle.idle() (everything the state asks for drawn).
      const lcIdle = (p: Page) => p.evaluate(() => (globalThis as unknown as { lifecircle: { idle(): Promise<void> } }).lifecircle.idle());
      const update = (p: Page, patch: unknown) => p.evaluate((x) => (globalThis as unknown as { __lifecircle: { store: { update(v: unknown): void } } }).__lifecircle.store.update(x), patch);
      const opens: number[] = [];
      for (let i = 0; i < 3; i++) {
        const p2 = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
        await p2.addInitScript('globalThis.__name = (f) => f;');
        const t = process.hrtime.bigint();
        await p2.goto(`${running.url}/?type=health_station`);
        await p2.waitForFunction(() => (globalThis as unknown as { lifecircle?: unknown }).lifecircle !== undefined);
        await lcIdle(p2);
        opens.push(ms(t));
        await p2.close();
      }
      console.log(`\n#16 open the page (?type=health_station) → lifecircle.idle(), server warm, median of 3: ${median(opens).toFixed(0)} ms`);
      const switches: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = process.hrtime.bigint();
        await update(page, { selectedType: i % 2 === 0 ? 'health_station' : 'culture_room' });
        await lcIdle(page);
        switches.push(ms(t));
      }
      console.log(`#16 switch type → idle(), median of 5 (answers cached after the first two): ${median(switches).toFixed(0)} ms [${switches.map((x) => x.toFixed(0)).join(', ')}]`);
      const modes: number[] = [];
      for (let i = 0; i < 4; i++) {
        const t = process.hrtime.bigint();
        await update(page, { mode: i % 2 === 0 ? 'walk' : 'straight' });
        await lcIdle(page);
        modes.push(ms(t));
      }
      console.log(`#16 switch mode walk/straight → idle() (walking engine built at start-up, answer prefetched after the first colours): ${modes.map((x) => x.toFixed(0)).join(', ')} ms`);
      // A scenario edit: PATCHed as the planner panel does, then the map told of the new revision.
      const users = new UserStore(db);
      if (!(await users.find('bench-planner'))) await users.add({ name: 'bench-planner', role: 'planner', password: 'bench-password-1' }, 'bench');
      const login = await fetch(`${running.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench-planner', password: 'bench-password-1' }) });
      const { token } = (await login.json()) as { token: string };
      const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const created = await fetch(`${running.url}/api/scenarios`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'bench' }) });
      const scenario = (await created.json()) as { id: number; name: string };
      let etag = created.headers.get('etag')!;
      await update(page, { auth: { token, name: 'bench-planner', role: 'planner', expiresAt: null }, selectedType: 'health_station', mode: 'straight' });
      const centre = await page.evaluate(() => (globalThis as unknown as { __lifecircle: { map: { getCenter(): { lng: number; lat: number } } } }).__lifecircle.map.getCenter());
      const changes: unknown[] = [];
      const edits: number[] = [];
      for (let i = 0; i <= 5; i++) {
        changes.push({ op: 'add', type: 'health_station', lon: centre.lng + 0.003 * i, lat: centre.lat });
        const t = process.hrtime.bigint();
        const patched = await fetch(`${running.url}/api/scenarios/${scenario.id}`, { method: 'PATCH', headers: { ...auth, 'if-match': etag }, body: JSON.stringify({ changes }) });
        etag = patched.headers.get('etag')!;
        const stored = (await patched.json()) as { changes: unknown[] };
        await update(page, { scenario: { id: String(scenario.id), name: scenario.name, etag, changes: stored.changes, revision: i + 1 } });
        await lcIdle(page);
        if (i > 0) edits.push(ms(t)); // the first opens the scenario
      }
      console.log(`#16 scenario edit (add one) → PATCH, recoloured, idle(), median of 5: ${median(edits).toFixed(0)} ms [${edits.map((x) => x.toFixed(0)).join(', ')}]`);
      await update(page, { scenario: null });
      await lcIdle(page);

      console.log('\nanimation (SwiftShader)              frames  median ms   p95 ms  frames>50ms');
      report('city: zoom in 1.5 levels, 1.5 s', await frames(page, 'zoomIn', 1500));
      report('city: zoom out, 1.5 s', await frames(page, 'zoomOut', 1500));
      report('city: pan 450 px, 1.5 s', await frames(page, 'pan', 1500));

      await page.getByTestId('layer-toggle-buildings').check();
      await page.evaluate(() => {
        const map = (globalThis as unknown as BenchGlobals).__lifecircle!.map;
        map.jumpTo({ zoom: 15 });
      });
      const tStreet = process.hrtime.bigint();
      await idle(page);
      const buildings = await page.evaluate(() => (globalThis as unknown as BenchGlobals).__lifecircle!.map.queryRenderedFeatures({ layers: ['buildings-circle'] }).length);
      console.log(`\nzoom 15 with buildings: idle after ${ms(tStreet).toFixed(0)} ms, ${buildings} buildings drawn`);
      report('street: pan 450 px, 1.5 s', await frames(page, 'pan', 1500));
      report('street: zoom out 1.5 levels, 1.5 s', await frames(page, 'zoomOut', 1500));

      // What the frame time is made of: hide the layers one group at a time (city zoom, pan).
      await page.getByTestId('layer-toggle-buildings').uncheck();
      await page.evaluate(() => (globalThis as unknown as BenchGlobals).__lifecircle!.map.jumpTo({ zoom: 11.3 }));
      await idle(page);
      report('city, everything: pan', await frames(page, 'pan', 1500));
      for (const [group, layers] of [
        ['…without labels', ['labels-community', 'labels-street', 'labels-district']],
        ['…without reach discs', ['reach-circle', 'reach-scenario']],
        ['…without facilities', ['facilities-circle']],
        ['…without community outlines', ['communities-outline', 'communities-highlight']],
        ['…without boundaries', ['districts-casing', 'districts-line', 'streets-line']],
        ['…without community fill (background only)', ['communities-fill']],
      ] as const) {
        await page.evaluate((ids) => {
          const map = (globalThis as unknown as { __lifecircle: { map: { setLayoutProperty(id: string, p: string, v: string): void } } }).__lifecircle.map;
          for (const id of ids) map.setLayoutProperty(id, 'visibility', 'none');
        }, [...layers]);
        await idle(page);
        report(group, await frames(page, 'pan', 1500));
      }

      const heap = await page.evaluate(() => (globalThis as unknown as BenchGlobals).performance.memory?.usedJSHeapSize ?? null);
      if (heap !== null) console.log(`\npage JS heap: ${(heap / 2 ** 20).toFixed(0)} MiB`);
      if (errors.length > 0) console.log(`page errors: ${errors.join('; ')}`);
    } finally {
      await browser.close();
    }
  } finally {
    await closeServer?.();
    await db.close();
    await drop();
  }
}

await main();
