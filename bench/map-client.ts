/**
 * The map client on a city-sized dataset, in headless Chromium (software WebGL, SwiftShader: frame
 * times are a pessimistic bound for a machine with a GPU):
 *
 *   npx vite build --config map-client/vite.config.ts
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/map-client.ts
 *   (without BENCH_DATABASE_URL the city goes into an embedded PGlite: slower to load, same client)
 *   BENCH_CITY=demo npx tsx bench/map-client.ts   # the demo city (300 communities) instead, on PGlite
 *   BENCH_CLIENT_BEFORE=/tmp/dist-before [BENCH_CLIENT_AFTER=/tmp/dist-after] [BENCH_ROUNDS=2] …
 *     runs the #16 interactions on two builds of the client, alternating in one process, and prints
 *     the medians side by side (the machine is shared: compare in the same conditions);
 *     BENCH_SCREENSHOTS=dir saves each build's opened map there (map-client-before.png, -after.png)
 *
 * City: benchCity() (~3 300 communities, ~136 000 buildings, ~40 000 facilities). Prints: time to
 * the map being ready (data on the map, map idle), to the first coverage colours after picking a
 * type and to a recolour with another, frame intervals while zooming and panning at city scale and
 * at street scale with the buildings on, the features drawn, and the page's JS heap. Results go to
 * docs/benchmarks.md.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { loadConfig } from '../api/src/config.ts';
import { createLogger } from '../api/src/log.ts';
import { startServer } from '../api/src/server.ts';
import { UserStore } from '../api/src/auth/users.ts';
import { benchCity, loadCityOrDemo, median, ms, openBenchDb } from './lib.ts';

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

/** One still frame: a repaint forced, drawn and finished by the GL (median of 7, ms). */
async function frameCost(page: Page): Promise<number> {
  const times = await page.evaluate(async () => {
    const g = globalThis as unknown as BenchGlobals & { __lifecircle: { map: { painter: { context: { gl: { finish(): void } } }; once(type: 'render'): Promise<unknown> } } };
    const map = g.__lifecircle.map;
    const gl = map.painter.context.gl;
    const out: number[] = [];
    for (let i = 0; i < 7; i++) {
      await new Promise((resolve) => g.requestAnimationFrame(resolve));
      const t = g.performance.now();
      const drawn = map.once('render');
      (map as unknown as { triggerRepaint(): void }).triggerRepaint();
      await drawn;
      gl.finish();
      out.push(g.performance.now() - t);
    }
    return out;
  });
  return median(times);
}

function report(label: string, deltas: number[]): void {
  const slow = deltas.filter((d) => d > 50).length;
  console.log(`${label.padEnd(34)} ${String(deltas.length).padStart(6)} ${median(deltas).toFixed(1).padStart(10)} ${quantile(deltas, 0.95).toFixed(1).padStart(9)} ${String(slow).padStart(10)}`);
}

/** Serves a built client from `dir` and passes /api/ to `api` (the "before" client of a before/after run). */
async function serveClient(dir: string, api: string): Promise<{ url: string; close(): Promise<void> }> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png' };
  const target = new URL(api);
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/api/')) {
      const upstream = http.request({ host: target.hostname, port: target.port, path: url, method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
      return;
    }
    const path = normalize(decodeURIComponent(url.split('?')[0]!)).replace(/^([/\\])+/, '');
    const file = join(dir, path === '' ? 'index.html' : path);
    readFile(file).then(
      (body) => { res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }); res.end(body); },
      () => { res.writeHead(404); res.end(); },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is needed`);
  if (!existsSync(`${ROOT}map-client/dist/index.html`)) throw new Error('build the client first: npx vite build --config map-client/vite.config.ts');
  const demo = process.env.BENCH_CITY === 'demo';
  const city = demo ? null : benchCity();
  const { db, label, drop } = await openBenchDb('map', { embedded: 'PGlite (embedded)', server: 'PostgreSQL + PostGIS server' });
  let closeServer: (() => Promise<void>) | null = null;
  try {
    const t0 = process.hrtime.bigint();
    const n = await loadCityOrDemo(db, city);
    console.log(`${label}, ${demo ? 'demo city' : 'benchCity()'}, ${n} communities: city loaded in ${(ms(t0) / 1000).toFixed(1)} s`);

    const config = loadConfig({
      PORT: '0', HOST: '127.0.0.1', LIFECIRCLE_SEED_ON_EMPTY: 'false', SHUTDOWN_GRACE_MS: '2000',
      LIFECIRCLE_RATE_LIMIT_PER_MIN: '10000000', LIFECIRCLE_TOKEN_SECRET: 'bench-only-token-secret-0123456789abcdef',
    });
    const running = await startServer(config, createLogger('silent'), { db });
    closeServer = () => running.close();

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking', '--no-first-run', '--enable-precise-memory-info'] });
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
      const users = new UserStore(db);
      if (!(await users.find('bench-planner'))) await users.add({ name: 'bench-planner', role: 'planner', password: 'bench-password-1' }, 'bench');
      type Figures = Partial<Record<'open' | 'type' | 'mode' | 'edit' | 'siting', number[]>>;
      /** The #16 interactions on the client served at `base`, each line tagged. */
      const run16 = async (base: string, tag: string, page: Page): Promise<Figures> => {
        const figures: Figures = {};
        const say = (line: string) => console.log(`#16 ${tag}${line}`);
        await lcIdle(page);
        const opens: number[] = [];
        for (let i = 0; i < 3; i++) {
          const p2 = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
          await p2.addInitScript('globalThis.__name = (f) => f;');
          const t = process.hrtime.bigint();
          await p2.goto(`${base}/?type=health_station`);
          await p2.waitForFunction(() => (globalThis as unknown as { lifecircle?: unknown }).lifecircle !== undefined);
          await lcIdle(p2);
          opens.push(ms(t));
          await p2.close();
        }
        say(`open the page (?type=health_station) → lifecircle.idle(), server warm, median of 3: ${median(opens).toFixed(0)} ms [${opens.map((x) => x.toFixed(0)).join(', ')}]`);
        figures.open = opens;
        const switches: number[] = [];
        for (let i = 0; i < 5; i++) {
          const t = process.hrtime.bigint();
          await update(page, { selectedType: i % 2 === 0 ? 'culture_room' : 'health_station' });
          await lcIdle(page);
          switches.push(ms(t));
        }
        figures.type = switches;
          say(`switch type → idle(), median of 5 (answers cached after the first two): ${median(switches).toFixed(0)} ms [${switches.map((x) => x.toFixed(0)).join(', ')}]`);
        const modes: number[] = [];
        for (let i = 0; i < 4; i++) {
          const t = process.hrtime.bigint();
          await update(page, { mode: i % 2 === 0 ? 'walk' : 'straight' });
          await lcIdle(page);
          modes.push(ms(t));
        }
        figures.mode = modes;
          say(`switch mode walk/straight → idle() (walking engine built at start-up, answer prefetched after the first colours): ${modes.map((x) => x.toFixed(0)).join(', ')} ms`);
        // A scenario edit: PATCHed as the planner panel does, then the map told of the new revision.
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
        figures.edit = edits;
          say(`scenario edit (add one) → PATCH, recoloured, idle(), median of 5: ${median(edits).toFixed(0)} ms [${edits.map((x) => x.toFixed(0)).join(', ')}]`);
        await update(page, { scenario: null });
        await lcIdle(page);

        // Siting p=5 as the planner panel runs it: sign in, a scenario, run; timed from the click to the
        // proposals listed and drawn (idle()). The first run is on a cold siting instance.
        // A failure here (e.g. the sign-in refused) is printed and the run goes on without the siting figure.
        const ps = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
        try {
          await ps.addInitScript('globalThis.__name = (f) => f;');
          await ps.goto(`${base}/?type=health_station`);
          await ps.waitForFunction(() => (globalThis as unknown as { lifecircle?: unknown }).lifecircle !== undefined);
          await lcIdle(ps);
          await ps.getByTestId('tab-planner').click();
          await ps.getByTestId('login-name').fill('bench-planner');
          await ps.getByTestId('login-password').fill('bench-password-1');
          await ps.getByTestId('login-submit').click();
          await ps.getByTestId('scenario-name').fill('bench: siting');
          await ps.getByTestId('scenario-create').click();
          await ps.getByTestId('siting-form').waitFor();
          await ps.getByTestId('siting-p').fill('5');
          const sitings: number[] = [];
          for (let i = 0; i < 3; i++) {
            const t = process.hrtime.bigint();
            await ps.getByTestId('siting-run').click();
            await ps.getByTestId('siting-proposals').waitFor();
            await lcIdle(ps);
            sitings.push(ms(t));
            const count = await ps.getByTestId('siting-proposals').locator('li').count();
            if (count !== 5) console.log(`siting: ${count} proposals listed, expected 5`);
          }
          figures.siting = sitings;
          say(`siting p=5 → proposals listed and drawn, idle(): ${sitings.map((x) => x.toFixed(0)).join(', ')} ms (first, then again)`);
        } catch (error) {
          say(`siting p=5: not measured (${(error instanceof Error ? error.message : String(error)).split('\n')[0]})`);
        } finally {
          await ps.close();
        }
        return figures;
      };
      const before = process.env.BENCH_CLIENT_BEFORE;
      if (!before) {
        console.log('');
        await run16(running.url, '', page);
      } else {
        // Before/after in the same process, alternating (the machine is shared: load moves between runs).
        const proxy = await serveClient(before, running.url);
        // BENCH_CLIENT_AFTER: a copy of the new build (so a rebuild of map-client/dist meanwhile changes nothing).
        const afterDir = process.env.BENCH_CLIENT_AFTER;
        const afterProxy = afterDir ? await serveClient(afterDir, running.url) : null;
        const afterUrl = afterProxy?.url ?? running.url;
        const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
        const all: Record<'before' | 'after', Figures[]> = { before: [], after: [] };
        try {
          for (let round = 0; round < rounds; round++) {
            for (const [which, base] of [['before', proxy.url], ['after', afterUrl]] as const) {
              console.log(`\n${which} (round ${round + 1}, load ${loadavg().map((x) => x.toFixed(1)).join(' ')})`);
              const p = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
              await p.addInitScript('globalThis.__name = (f) => f;');
              await p.goto(`${base}/?type=health_station`);
              await p.waitForFunction(() => (globalThis as unknown as { lifecircle?: unknown }).lifecircle !== undefined);
              if (round === 0 && process.env.BENCH_SCREENSHOTS) {
                await lcIdle(p);
                await p.screenshot({ path: `${process.env.BENCH_SCREENSHOTS}/map-client-${which}.png` });
              }
              all[which].push(await run16(base, `${which}: `, p));
              await p.close();
            }
          }
        } finally {
          await proxy.close();
          await afterProxy?.close();
        }
        console.log('\n#16 before/after, median over all rounds (ms)   before      after   after/before');
        for (const key of ['open', 'type', 'mode', 'edit', 'siting'] as const) {
          const b = median(all.before.flatMap((f) => f[key] ?? []));
          const a = median(all.after.flatMap((f) => f[key] ?? []));
          console.log(`#16 ${key.padEnd(44)} ${b.toFixed(0).padStart(8)} ${a.toFixed(0).padStart(10)} ${(a / b).toFixed(2).padStart(14)}`);
        }
      }

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

      // The same, as the cost of one still frame (a repaint forced and finished, gl.finish(): the
      // software renderer's work included), median of 7, with each group hidden on its own.
      const restore = await page.evaluate(() => {
        const map = (globalThis as unknown as { __lifecircle: { map: { getStyle(): { layers: Array<{ id: string; layout?: { visibility?: string } }> } } } }).__lifecircle.map;
        return map.getStyle().layers.map((layer): [string, string] => [layer.id, layer.layout?.visibility ?? 'visible']);
      });
      const setVisible = (entries: ReadonlyArray<readonly [string, string]>) => page.evaluate((list) => {
        const map = (globalThis as unknown as { __lifecircle: { map: { setLayoutProperty(id: string, p: string, v: string): void } } }).__lifecircle.map;
        for (const [id, v] of list) map.setLayoutProperty(id, 'visibility', v);
      }, entries.map(([id, v]): [string, string] => [id, v]));
      await setVisible(restore);
      await idle(page);
      const still = await frameCost(page);
      console.log(`\none still frame at city zoom (zoom 11.3, 1440×900), median of 7: ${still.toFixed(0)} ms; cost of each group (frame with it − without it):`);
      for (const [group, layers] of [
        ['labels', ['labels-community', 'labels-street', 'labels-district']],
        ['reach discs', ['reach-circle', 'reach-scenario']],
        ['facilities', ['facilities-circle']],
        ['community outline', ['communities-outline']],
        ['community highlight (hover/selection)', ['communities-highlight']],
        ['district and street boundaries', ['districts-casing', 'districts-line', 'streets-line']],
        ['community fill', ['communities-fill']],
        ['offline basemap', restore.map(([id]) => id).filter((id) => id.startsWith('basemap-'))],
      ] as const) {
        await setVisible(layers.map((id) => [id, 'none'] as const));
        await idle(page);
        const without = await frameCost(page);
        console.log(`  ${group.padEnd(40)} ${(still - without).toFixed(0).padStart(6)} ms`);
        await setVisible(restore.filter(([id]) => (layers as readonly string[]).includes(id)));
        await idle(page);
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
