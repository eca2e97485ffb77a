// End-to-end: the built map client, served by the app, in Debian's Chromium (software WebGL).
// Builds map-client/dist first (set LIFECIRCLE_SKIP_CLIENT_BUILD=1 to reuse an existing build).
// Leaves tests/artifacts/map.png (+ map-phone.png) and copies map.png to docs/screenshot.png.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { booleanPointInPolygon, centroid, pointOnFeature } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon } from 'geojson';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server.ts';

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
if (!HAS_CHROMIUM) console.warn(`[e2e] skipped: ${CHROMIUM} is absent (Debian: apt-get install chromium)`);

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ARTIFACTS = `${ROOT}tests/artifacts`;
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--no-first-run',
];
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

// What page.evaluate callbacks see (the root tsconfig has no DOM lib, so they are typed here).
interface RenderedFeature {
  id?: string | number;
  properties: Record<string, unknown>;
}
interface MapHandle {
  queryRenderedFeatures(
    geometryOrOptions?: [number, number] | [[number, number], [number, number]] | { layers: string[] },
    options?: { layers: string[] },
  ): RenderedFeature[];
  project(lngLat: [number, number]): { x: number; y: number };
  getLayoutProperty(layerId: string, name: string): unknown;
  once(type: 'idle'): Promise<unknown>;
  triggerRepaint(): void;
  getCanvas(): { getBoundingClientRect(): { left: number; top: number; width: number; height: number } };
}
interface PageGlobals {
  __lifecircle?: { map: MapHandle; ready: Promise<void> };
  document: {
    documentElement: { lang: string };
    elementFromPoint(x: number, y: number): { tagName: string } | null;
  };
}

type CommunityProps = { code: string; name: string; households: number };

let server: { url: string; close(): Promise<void> };
let browser: Browser;
let context: BrowserContext | undefined;
let communities: FeatureCollection<MultiPolygon, CommunityProps>;
const pageErrors: string[] = [];

async function openMap(viewport = DESKTOP, baseUrl = server.url): Promise<Page> {
  context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'zh-CN', hasTouch: viewport === PHONE });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`console.error: ${message.text()}`);
  });
  await page.goto(`${baseUrl}/`);
  await page.waitForFunction(() => (globalThis as unknown as PageGlobals).__lifecircle !== undefined);
  await page.evaluate(() => (globalThis as unknown as PageGlobals).__lifecircle?.ready);
  return page;
}

/** Resolves after the map has re-rendered everything pending (filters, visibility, data). */
async function mapIdle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const map = (globalThis as unknown as PageGlobals).__lifecircle!.map;
    const idle = map.once('idle');
    map.triggerRepaint();
    await idle;
  });
}

async function renderedCount(page: Page, layer: string): Promise<number> {
  return page.evaluate((id) => (globalThis as unknown as PageGlobals).__lifecircle!.map.queryRenderedFeatures({ layers: [id] }).length, layer);
}

/** Points inside each community (point-on-surface, centroid, then a grid), for clicking. */
function interiorCandidates(): { code: string; lngLat: [number, number] }[] {
  const candidates: { code: string; lngLat: [number, number] }[] = [];
  for (const feature of communities.features) {
    const code = feature.properties.code;
    const points: [number, number][] = [
      pointOnFeature(feature).geometry.coordinates as [number, number],
      centroid(feature).geometry.coordinates as [number, number],
    ];
    const ring = feature.geometry.coordinates.flat(2) as [number, number][];
    const xs = ring.map((p) => p[0]);
    const ys = ring.map((p) => p[1]);
    const [w, e, s, n] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    for (let i = 1; i < 6; i += 1) for (let j = 1; j < 6; j += 1) points.push([w + ((e - w) * i) / 6, s + ((n - s) * j) / 6]);
    for (const point of points) {
      if (booleanPointInPolygon(point, feature as Feature<MultiPolygon>)) candidates.push({ code, lngLat: point });
    }
  }
  return candidates;
}

/**
 * A pixel on the canvas that shows a community (and no facility, control or panel on top),
 * the one nearest the middle of the map, so its popup has room.
 */
async function clickableCommunity(page: Page): Promise<{ x: number; y: number; code: string }> {
  const hit = await page.evaluate((candidates) => {
    const { __lifecircle, document } = globalThis as unknown as PageGlobals;
    const map = __lifecircle!.map;
    const rect = map.getCanvas().getBoundingClientRect();
    const [midX, midY] = [rect.width * 0.6, rect.height * 0.55];
    let best: { x: number; y: number; code: string; distance: number } | null = null;
    for (const { code, lngLat } of candidates) {
      const { x, y } = map.project(lngLat);
      if (x < 10 || y < 10 || x > rect.width - 10 || y > rect.height - 10) continue;
      const distance = Math.hypot(x - midX, y - midY);
      if (best && distance >= best.distance) continue;
      if (document.elementFromPoint(rect.left + x, rect.top + y)?.tagName !== 'CANVAS') continue;
      const under = map.queryRenderedFeatures([x, y], { layers: ['communities-fill'] })[0];
      if (under?.properties.code !== code) continue;
      const box: [[number, number], [number, number]] = [[x - 10, y - 10], [x + 10, y + 10]];
      if (map.queryRenderedFeatures(box, { layers: ['facilities-circle'] }).length > 0) continue;
      best = { x: rect.left + x, y: rect.top + y, code, distance };
    }
    return best;
  }, interiorCandidates());
  if (!hit) throw new Error('no community pixel free of facilities and controls was found on screen');
  return { x: hit.x, y: hit.y, code: hit.code };
}

describe.skipIf(!HAS_CHROMIUM)('map client (Chromium, real app)', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    if (process.env.LIFECIRCLE_SKIP_CLIENT_BUILD !== '1') {
      await build({ configFile: `${ROOT}map-client/vite.config.ts`, logLevel: 'warn' });
    }
    server = await startTestServer();
    const response = await fetch(`${server.url}/api/collections/communities/items?limit=10000`);
    communities = (await response.json()) as FeatureCollection<MultiPolygon, CommunityProps>;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 180_000);

  afterEach(async () => {
    await context?.close();
    context = undefined;
    const errors = pageErrors.splice(0);
    expect(errors, 'the page logged errors').toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('should render communities and facilities once ready', async () => {
    const page = await openMap();

    expect(communities.features.length, 'the demo seed has communities').toBeGreaterThan(0);
    expect(await renderedCount(page, 'communities-fill')).toBeGreaterThan(0);
    expect(await renderedCount(page, 'facilities-circle')).toBeGreaterThan(0);
    expect(await renderedCount(page, 'districts-line')).toBeGreaterThan(0);
  });

  it('should open a popup with the name and households when a community is clicked', async () => {
    const page = await openMap();
    const target = await clickableCommunity(page);
    const community = communities.features.find((feature) => feature.properties.code === target.code)!;

    await page.mouse.click(target.x, target.y);

    const popup = page.locator('.maplibregl-popup-content');
    await popup.waitFor();
    const text = await popup.innerText();
    expect(text).toContain(community.properties.name);
    expect(text).toContain(new Intl.NumberFormat('zh-CN').format(community.properties.households));
  });

  it('should show only the picked type when the type picker changes', async () => {
    const page = await openMap();
    const rendered = await page.evaluate(() =>
      (globalThis as unknown as PageGlobals).__lifecircle!.map
        .queryRenderedFeatures({ layers: ['facilities-circle'] })
        .map((feature) => String(feature.properties.type)),
    );
    const byType = new Map<string, number>();
    for (const type of rendered) byType.set(type, (byType.get(type) ?? 0) + 1);
    const [pickedType] = [...byType.entries()].sort((a, b) => b[1] - a[1])[0]!;

    await page.selectOption('[data-testid="type-picker"]', pickedType);
    await mapIdle(page);

    const types = await page.evaluate(() =>
      (globalThis as unknown as PageGlobals).__lifecircle!.map
        .queryRenderedFeatures({ layers: ['facilities-circle'] })
        .map((feature) => String(feature.properties.type)),
    );
    expect(types.length).toBeGreaterThan(0);
    expect(new Set(types)).toEqual(new Set([pickedType]));
  });

  it('should change the UI text when the language is switched to English and back', async () => {
    const page = await openMap();
    const title = page.getByTestId('app-title');
    expect(await title.innerText()).toBe('社区生活圈设施地图');

    await page.getByTestId('lang-en').click();

    expect(await title.innerText()).toBe('Community life-circle facilities');
    expect(await page.locator('[data-testid="type-picker"] option').first().innerText()).toBe('All types');
    expect(await page.locator('label:has([data-testid="layer-toggle-communities"])').innerText()).toContain('Communities');
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.lang)).toBe('en');

    await page.getByTestId('lang-zh-CN').click();
    expect(await title.innerText()).toBe('社区生活圈设施地图');
  });

  it('should hide the communities when their layer toggle is unchecked', async () => {
    const page = await openMap();

    await page.getByTestId('layer-toggle-communities').uncheck();
    await mapIdle(page);

    expect(await renderedCount(page, 'communities-fill')).toBe(0);
    expect(await renderedCount(page, 'facilities-circle')).toBeGreaterThan(0);
  });

  it('should reach the language switch, type picker and layer toggles with the Tab key', async () => {
    const page = await openMap();
    const reached = new Set<string>();

    for (let press = 0; press < 25; press += 1) {
      await page.keyboard.press('Tab');
      const testId = await page.evaluate(
        () => (globalThis as unknown as { document: { activeElement: { getAttribute(name: string): string | null } | null } })
          .document.activeElement?.getAttribute('data-testid') ?? null,
      );
      if (testId) reached.add(testId);
    }

    for (const testId of ['lang-en', 'panel-toggle', 'type-picker', 'layer-toggle-districts', 'layer-toggle-streets', 'layer-toggle-communities', 'layer-toggle-facilities']) {
      expect(reached, testId).toContain(testId);
    }
  });

  it('should show the server error code and message when a collection fails to load', async () => {
    // A page of its own, without openMap's error listeners: this test provokes errors on purpose.
    context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    await page.route('**/api/collections/facilities/items*', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'db_unavailable', message: 'database is starting' } }),
      }),
    );
    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).__lifecircle !== undefined);

    const outcome = await page.evaluate(() =>
      (globalThis as unknown as PageGlobals).__lifecircle!.ready.then(
        () => 'resolved',
        (error: { code?: string }) => error.code,
      ),
    );

    expect(outcome).toBe('db_unavailable');
    const status = await page.getByTestId('load-status').innerText();
    expect(status).toContain('db_unavailable');
    expect(status).toContain('database is starting');
  });

  it('should say there is no data yet when the database is empty', async () => {
    const empty = await startTestServer({ seed: 'empty' });
    try {
      const page = await openMap(DESKTOP, empty.url);

      expect(await page.getByTestId('load-status').innerText()).toContain('暂无数据');
      expect(await renderedCount(page, 'communities-fill')).toBe(0);
    } finally {
      await empty.close();
    }
  });

  it('should start with the panel collapsed to a bottom bar on a phone-sized screen', async () => {
    const page = await openMap(PHONE);
    const toggle = page.getByTestId('panel-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    const panel = await page.getByTestId('panel').boundingBox();
    expect(panel!.y + panel!.height).toBeCloseTo(PHONE.height, 0);
    expect(await renderedCount(page, 'communities-fill')).toBeGreaterThan(0);

    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByTestId('type-picker').isVisible()).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/map-phone.png` });
  });

  it('should save a screenshot of the map with a community popup', async () => {
    const page = await openMap();
    const target = await clickableCommunity(page);
    await page.mouse.click(target.x, target.y);
    await page.locator('.maplibregl-popup-content').waitFor();
    await page.mouse.move(DESKTOP.width - 5, DESKTOP.height / 2);
    await mapIdle(page);

    await page.screenshot({ path: `${ARTIFACTS}/map.png` });
    mkdirSync(`${ROOT}docs`, { recursive: true });
    copyFileSync(`${ARTIFACTS}/map.png`, `${ROOT}docs/screenshot.png`);
    expect(existsSync(`${ROOT}docs/screenshot.png`)).toBe(true);
  });
});
