// End-to-end: the built map client, served by the app, in Debian's Chromium (software WebGL).
// Builds map-client/dist first (set LIFECIRCLE_SKIP_CLIENT_BUILD=1 to reuse an existing build).
// Leaves screenshots in tests/artifacts/ and copies map.png to docs/screenshot.png.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { booleanPointInPolygon, centroid, pointOnFeature } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon } from 'geojson';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import gcoordImport from 'gcoord';
import { COVERAGE_SCALE, colorOf } from '../../map-client/src/map/scales.ts';
import { startTestServer, TEST_USERS, type TestServer } from '../helpers/server.ts';

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
/** Community fill opacity when themed and not hovered (communities.layer.ts: 0.9 − 0.12). */
const THEMED_OPACITY = 0.78;
const BACKGROUND = '#EEF0EC';

// What page.evaluate callbacks see (the root tsconfig has no DOM lib, so they are typed here).
interface RenderedFeature {
  id?: string | number;
  properties: Record<string, unknown>;
  state: Record<string, unknown>;
  geometry?: unknown;
}
interface MapHandle {
  queryRenderedFeatures(
    geometryOrOptions?: [number, number] | [[number, number], [number, number]] | { layers: string[] },
    options?: { layers: string[] },
  ): RenderedFeature[];
  project(lngLat: [number, number]): { x: number; y: number };
  getCenter(): { lng: number; lat: number };
  getZoom(): number;
  getFeatureState(feature: { source: string; sourceLayer?: string; id: string }): Record<string, unknown>;
  getPaintProperty(layer: string, property: string): unknown;
  once(type: 'idle'): Promise<unknown>;
  triggerRepaint(): void;
  getCanvas(): { getBoundingClientRect(): { left: number; top: number; width: number; height: number } };
}
interface ThematicState {
  status: string;
  key?: string;
  units?: { get(code: string): { value: number | null } | undefined };
}
interface AppStateView {
  selectedType: string | null;
  thematic: ThematicState;
  scenario: { id: string; name: string; changes: unknown[] } | null;
}
interface PageGlobals {
  __lifecircle?: { map: MapHandle; ready: Promise<void>; state: () => AppStateView };
  document: {
    documentElement: { lang: string };
    elementFromPoint(x: number, y: number): { tagName: string } | null;
    activeElement: { getAttribute(name: string): string | null } | null;
  };
}
const globals = () => globalThis as unknown as PageGlobals;

type CommunityProps = { code: string; name: string; households: number; street_code: string };
type CoverageUnit = { code: string; name: string; households: number; households_covered: number; rate: number | null };

let server: TestServer;
let browser: Browser;
let context: BrowserContext | undefined;
let communities: FeatureCollection<MultiPolygon, CommunityProps>;
const pageErrors: string[] = [];

async function api<T>(path: string, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(`${server.url}/api/${path}`, { headers });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function openMap(viewport = DESKTOP, baseUrl = server.url, query = '', before?: (page: Page) => Promise<void>): Promise<Page> {
  context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'zh-CN', hasTouch: viewport === PHONE });
  const page = await context.newPage();
  await before?.(page);
  page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`console.error: ${message.text()}`);
  });
  await page.goto(`${baseUrl}/${query}`);
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

/** Picks a facility type and waits until its colours are on the map. */
async function pickType(page: Page, type: string): Promise<void> {
  await page.selectOption('[data-testid="type-picker"]', type);
  await page.waitForFunction((t) => {
    const s = (globalThis as unknown as PageGlobals).__lifecircle!.state();
    return s.selectedType === t && s.thematic.status === 'ready';
  }, type);
  await mapIdle(page);
}

/** The thematic value of each rendered community, as feature-state and as the app holds it. */
async function renderedValues(page: Page): Promise<Map<string, number | null>> {
  const pairs = await page.evaluate(() => {
    const map = (globalThis as unknown as PageGlobals).__lifecircle!.map;
    return map.queryRenderedFeatures({ layers: ['communities-fill'] }).map((f) => [String(f.id), (f.state.value ?? null) as number | null] as const);
  });
  return new Map(pairs);
}

/** What must not be under a click: facilities (they take the click) and labels (they hide the spot). */
const CLICK_CLUTTER = ['facilities-circle', 'scenario-circle', 'labels-district', 'labels-street', 'labels-community'];
/** For reading a pixel's colour, no line may cross it either. */
const PIXEL_CLUTTER = [...CLICK_CLUTTER, 'districts-line', 'streets-line', 'communities-highlight'];

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
 * the one nearest the middle of the map, so its popup has room. `only` limits the communities.
 */
async function clickableCommunity(
  page: Page,
  options: { only?: readonly string[]; clearPx?: number; clutter?: readonly string[] } = {},
): Promise<{ x: number; y: number; code: string; canvasX: number; canvasY: number }> {
  const { only, clearPx = 10, clutter = CLICK_CLUTTER } = options;
  const candidates = interiorCandidates().filter((c) => !only || only.includes(c.code));
  const hit = await page.evaluate(({ candidates, clearPx, clutter }) => {
    const { __lifecircle, document } = globalThis as unknown as PageGlobals;
    const map = __lifecircle!.map;
    const rect = map.getCanvas().getBoundingClientRect();
    const [midX, midY] = [rect.width * 0.6, rect.height * 0.55];
    let best: { x: number; y: number; code: string; canvasX: number; canvasY: number; distance: number } | null = null;
    for (const { code, lngLat } of candidates) {
      const { x, y } = map.project(lngLat);
      if (x < 20 || y < 20 || x > rect.width - 20 || y > rect.height - 20) continue;
      const distance = Math.hypot(x - midX, y - midY);
      if (best && distance >= best.distance) continue;
      if (document.elementFromPoint(rect.left + x, rect.top + y)?.tagName !== 'CANVAS') continue;
      const box: [[number, number], [number, number]] = [[x - clearPx, y - clearPx], [x + clearPx, y + clearPx]];
      const under = map.queryRenderedFeatures(box, { layers: ['communities-fill'] });
      if (under.length !== 1 || under[0]?.properties.code !== code) continue;
      if (map.queryRenderedFeatures(box, { layers: [...clutter] }).length > 0) continue;
      best = { x: rect.left + x, y: rect.top + y, code, canvasX: x, canvasY: y, distance };
    }
    return best;
  }, { candidates, clearPx, clutter });
  if (!hit) throw new Error('no community pixel free of facilities, labels and controls was found on screen');
  return hit;
}

/** The colour of one screen pixel, read from a screenshot decoded by the page itself. */
async function pixelAt(page: Page, x: number, y: number): Promise<[number, number, number]> {
  const png = await page.screenshot({ clip: { x: Math.round(x), y: Math.round(y), width: 1, height: 1 } });
  return page.evaluate(async (base64) => {
    // An <img> from a data: URL (the page's CSP allows data: images, not data: fetches).
    type Img = { src: string; decode(): Promise<void> };
    type Ctx = { drawImage(image: Img, x: number, y: number): void; getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
    const scope = globalThis as unknown as { Image: new () => Img; OffscreenCanvas: new (w: number, h: number) => { getContext(kind: '2d'): Ctx } };
    const image = new scope.Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const context = new scope.OffscreenCanvas(1, 1).getContext('2d');
    context.drawImage(image, 0, 0);
    const [r, g, b] = context.getImageData(0, 0, 1, 1).data;
    return [r!, g!, b!] as [number, number, number];
  }, png.toString('base64'));
}

/** A fill colour at `opacity` over the background, as the compositor blends it. */
function blended(hex: string, opacity: number, background = BACKGROUND): [number, number, number] {
  const channel = (color: string, i: number) => parseInt(color.slice(1 + 2 * i, 3 + 2 * i), 16);
  return [0, 1, 2].map((i) => Math.round(opacity * channel(hex, i) + (1 - opacity) * channel(background, i))) as [number, number, number];
}

function expectColorClose(actual: [number, number, number], expected: [number, number, number], message: string): void {
  const worst = Math.max(...actual.map((v, i) => Math.abs(v - expected[i]!)));
  expect(worst, `${message}: got rgb(${actual.join(',')}), expected rgb(${expected.join(',')})`).toBeLessThanOrEqual(4);
}

async function switchLayers(page: Page, groups: Record<string, boolean>): Promise<void> {
  for (const [group, on] of Object.entries(groups)) {
    const box = page.getByTestId(`layer-toggle-${group}`);
    if (on) await box.check();
    else await box.uncheck();
  }
  await mapIdle(page);
}

type Gcoord = { transform(input: [number, number], from: string, to: string): unknown; WGS84: string; GCJ02: string };
const gcoord = ((gcoordImport as unknown as { default?: Gcoord }).default ?? gcoordImport) as unknown as Gcoord;

/** A one-colour 256 × 256 PNG (RGB, no compression tricks): a stand-in basemap tile. */
function solidPng([r, g, b]: readonly [number, number, number], size = 256): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'ascii');
    const tail = Buffer.alloc(4);
    tail.writeUInt32BE(crc(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, tail]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.alloc(1 + size * 3);
  for (let i = 0; i < size; i += 1) row.set([r, g, b], 1 + i * 3);
  const raw = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** Web Mercator tile of a lon/lat at zoom z (256 px tiles), with the pixel inside it. */
function tileAt(lon: number, lat: number, z: number): { x: number; y: number; px: number; py: number } {
  const size = 256 * 2 ** z;
  const gx = ((lon + 180) / 360) * size;
  const sin = Math.sin((lat * Math.PI) / 180);
  const gy = (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * size;
  return { x: Math.floor(gx / 256), y: Math.floor(gy / 256), px: gx % 256, py: gy % 256 };
}

describe.skipIf(!HAS_CHROMIUM)('map client (Chromium, real app)', { timeout: 90_000 }, () => {
  beforeAll(async () => {
    if (process.env.LIFECIRCLE_SKIP_CLIENT_BUILD !== '1') {
      await build({ configFile: `${ROOT}map-client/vite.config.ts`, logLevel: 'warn' });
    }
    server = await startTestServer();
    communities = await api<FeatureCollection<MultiPolygon, CommunityProps>>('collections/communities/items?limit=10000');
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

  it('should render communities, facilities, boundaries and names from the demo city', async () => {
    const page = await openMap();

    expect(communities.features.length, 'the demo seed has communities').toBeGreaterThan(0);
    const rendered = new Set((await renderedValues(page)).keys());
    expect(rendered.size).toBeGreaterThan(communities.features.length * 0.9);
    for (const code of rendered) expect(communities.features.some((f) => f.properties.code === code), code).toBe(true);
    expect(await renderedCount(page, 'facilities-circle')).toBeGreaterThan(0);
    expect(await renderedCount(page, 'districts-line')).toBeGreaterThan(0);
    // Labels are drawn with local glyphs (no glyph server).
    expect(await renderedCount(page, 'labels-district')).toBeGreaterThan(0);
    // Neutral look until a type is picked.
    expect(await page.getByTestId('legend-scale').getAttribute('data-status')).toBe('off');
  });

  it('should colour communities by the API coverage rate and recolour when the type changes', async () => {
    const page = await openMap();
    await switchLayers(page, { reach: false, facilities: false, labels: false, districts: false, streets: false });
    await page.mouse.move(5, DESKTOP.height - 5);

    const first = 'health_station';
    await pickType(page, first);
    const apiFirst = new Map((await api<{ units: CoverageUnit[] }>(`coverage?type=${first}&level=community`)).units.map((u) => [u.code, u.rate]));
    const statesFirst = await renderedValues(page);
    for (const [code, value] of statesFirst) expect(value, code).toBeCloseTo(apiFirst.get(code)!, 12);
    expect(await page.getByTestId('legend-title').innerText()).toBe('300 米内有社区卫生服务站的住户比例');

    // A community whose colour class differs between the two types.
    const second = 'culture_room';
    const apiSecond = new Map((await api<{ units: CoverageUnit[] }>(`coverage?type=${second}&level=community`)).units.map((u) => [u.code, u.rate]));
    const differing = [...statesFirst.keys()].filter((code) => colorOf(COVERAGE_SCALE, apiFirst.get(code)) !== colorOf(COVERAGE_SCALE, apiSecond.get(code)));
    expect(differing.length).toBeGreaterThan(0);
    const spot = await clickableCommunity(page, { only: differing, clearPx: 4, clutter: PIXEL_CLUTTER });
    const before = await pixelAt(page, spot.x, spot.y);
    expectColorClose(before, blended(colorOf(COVERAGE_SCALE, apiFirst.get(spot.code)), THEMED_OPACITY), `${spot.code} as ${first}`);

    await pickType(page, second);
    const statesSecond = await renderedValues(page);
    for (const [code, value] of statesSecond) expect(value, code).toBeCloseTo(apiSecond.get(code)!, 12);
    const after = await pixelAt(page, spot.x, spot.y);
    expectColorClose(after, blended(colorOf(COVERAGE_SCALE, apiSecond.get(spot.code)), THEMED_OPACITY), `${spot.code} as ${second}`);
    expect(after).not.toEqual(before);
  });

  it('should open a community popup with households, covered households, the rate and gap distances', async () => {
    const page = await openMap(DESKTOP, server.url, '?type=health_station');
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).__lifecircle!.state().thematic.status === 'ready');
    const report = await api<{ units: CoverageUnit[] }>('coverage?type=health_station&level=community');
    const partly = report.units.filter((u) => u.households_covered < u.households).map((u) => u.code);
    const target = await clickableCommunity(page, { only: partly });
    const unit = report.units.find((u) => u.code === target.code)!;

    await page.mouse.click(target.x, target.y);
    const popup = page.locator('.maplibregl-popup-content');
    await popup.waitFor();
    await popup.locator('[data-key="uncovered"]').waitFor();

    const zh = (n: number) => new Intl.NumberFormat('zh-CN').format(n);
    expect(await popup.innerText()).toContain(unit.name);
    expect(await popup.locator('[data-key="covered"]').innerText()).toBe(`${zh(unit.households_covered)} / ${zh(unit.households)}`);
    expect(await popup.locator('[data-key="rate"]').innerText()).toBe(new Intl.NumberFormat('zh-CN', { style: 'percent', maximumFractionDigits: 1 }).format(unit.rate!));
    expect(await popup.locator('[data-key="uncovered"]').innerText()).toBe(zh(unit.households - unit.households_covered));
    const street = communities.features.find((f) => f.properties.code === unit.code)!.properties.street_code;
    const gaps = await api<{ features: { properties: Record<string, unknown> }[] }>(`coverage/gaps?type=health_station&unit=${street}`);
    const area = gaps.features.find((f) => f.properties.kind === 'uncovered_area' && f.properties.community_code === unit.code)!;
    expect(await popup.locator('[data-key="nearest"]').innerText()).toBe(new Intl.NumberFormat('zh-CN', { style: 'unit', unit: 'meter', maximumFractionDigits: 0 }).format(area.properties.nearest_median_m as number));
    // The public's popup carries no raw record links (a signed-in planner's does: one-voice.e2e).
    expect(await popup.locator('.lc-popup__links a').count()).toBe(0);
    // The gaps layer shows the street of the clicked community.
    await mapIdle(page);
    expect(await renderedCount(page, 'gaps-fill')).toBeGreaterThan(0);
  });

  it('should colour by 2SFCA GPs per 10 000 residents for health types', async () => {
    const page = await openMap(DESKTOP, server.url, '?type=health_station');
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).__lifecircle!.state().thematic.status === 'ready');
    await page.getByTestId('theme-access').check();
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).__lifecircle!.state().thematic.key?.startsWith('access:') === true
      && (globalThis as unknown as PageGlobals).__lifecircle!.state().thematic.status === 'ready');
    await mapIdle(page);

    const report = await api<{ units: { code: string; ratio: number }[] }>('accessibility?type=health_center,health_station&supply=gp_count&demand=population&method=2sfca&level=community');
    const values = await renderedValues(page);
    expect(values.size).toBeGreaterThan(0);
    for (const unit of report.units) if (values.has(unit.code)) expect(values.get(unit.code), unit.code).toBeCloseTo(unit.ratio * 10_000, 9);
    expect(await page.getByTestId('legend-title').innerText()).toBe('可达全科医生数（每 10,000 名居民）');
  });

  it('should show only the picked type when the type picker changes', async () => {
    const page = await openMap();
    const rendered = await page.evaluate(() =>
      (globalThis as unknown as PageGlobals).__lifecircle!.map.queryRenderedFeatures({ layers: ['facilities-circle'] }).map((feature) => String(feature.properties.type)),
    );
    const byType = new Map<string, number>();
    for (const type of rendered) byType.set(type, (byType.get(type) ?? 0) + 1);
    const [pickedType] = [...byType.entries()].sort((a, b) => b[1] - a[1])[0]!;

    await pickType(page, pickedType);

    const types = await page.evaluate(() =>
      (globalThis as unknown as PageGlobals).__lifecircle!.map.queryRenderedFeatures({ layers: ['facilities-circle'] }).map((feature) => String(feature.properties.type)),
    );
    expect(types.length).toBeGreaterThan(0);
    expect(new Set(types)).toEqual(new Set([pickedType]));
  });

  it('should find a community by name and zoom to it with its popup open', async () => {
    const page = await openMap();
    const community = communities.features[Math.floor(communities.features.length / 2)]!.properties;

    await page.getByTestId('search').fill(community.name);
    await page.locator(`[data-testid="search-results"] [data-code="${community.code}"]`).waitFor();
    await page.getByTestId('search').press('Enter');
    await page.locator('.maplibregl-popup-content').waitFor();
    await mapIdle(page);

    expect(await page.locator('.lc-popup__title').innerText()).toBe(community.name);
    const centre = await page.evaluate(() => (globalThis as unknown as PageGlobals).__lifecircle!.map.getCenter());
    const feature = communities.features.find((f) => f.properties.code === community.code)!;
    const xs = feature.geometry.coordinates.flat(2).map((p) => p[0]!);
    const ys = feature.geometry.coordinates.flat(2).map((p) => p[1]!);
    // The view is fitted to the community (its bbox, allowing for the panel padding).
    expect(centre.lng).toBeGreaterThan(Math.min(...xs) - (Math.max(...xs) - Math.min(...xs)) * 2);
    expect(centre.lng).toBeLessThan(Math.max(...xs) + (Math.max(...xs) - Math.min(...xs)) * 2);
    expect(centre.lat).toBeGreaterThan(Math.min(...ys) - (Math.max(...ys) - Math.min(...ys)));
    expect(centre.lat).toBeLessThan(Math.max(...ys) + (Math.max(...ys) - Math.min(...ys)));
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).__lifecircle!.map.getZoom())).toBeGreaterThan(14);
  });

  it('should list the plan targets as the API evaluates them, with a progress chart, and zoom to a failing unit', async () => {
    const page = await openMap();
    await page.getByTestId('tab-indicators').click();
    await page.getByTestId('indicator-target').first().waitFor();
    const planId = await page.getByTestId('indicators-plan').inputValue();
    // The date starts at the plan's horizon, written as the Chinese UI writes dates (yyyy/mm/dd).
    const shownDate = await page.getByTestId('indicators-date').inputValue();
    expect(shownDate).toMatch(/^\d{4}\/12\/31$/);
    const evaluation = await api<{ targets: { id: string; status: string; failing_units: { code: string }[] }[] }>(`plans/${planId}/evaluation?as_of=${shownDate.replace(/\//g, '-')}`);

    const shown = await page.getByTestId('indicator-target').evaluateAll((items) => items.map((item) => [item.getAttribute('data-target-id'), item.getAttribute('data-status')]));
    expect(shown).toEqual(evaluation.targets.map((target) => [target.id, target.status]));
    await page.getByTestId('progress-chart').waitFor();
    expect(await page.locator('[data-testid="progress-chart"] circle').count()).toBeGreaterThan(1);
    await page.screenshot({ path: `${ARTIFACTS}/map-indicators.png` });

    const zoomBefore = await page.evaluate(() => (globalThis as unknown as PageGlobals).__lifecircle!.map.getZoom());
    await page.getByTestId('failing-unit').first().click();
    await page.waitForTimeout(800); // the 600 ms fly-to
    await mapIdle(page);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).__lifecircle!.map.getZoom())).toBeGreaterThan(zoomBefore);
  });

  it('should let a planner add a facility in a scenario and show the coverage the API computes for it', async () => {
    const page = await openMap(DESKTOP, server.url, '?type=health_station');
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).__lifecircle!.state().thematic.status === 'ready');
    const baseline = new Map((await api<{ units: CoverageUnit[] }>('coverage?type=health_station&level=community')).units.map((u) => [u.code, u]));
    await switchLayers(page, { reach: false });

    await page.getByTestId('tab-planner').click();
    await page.getByTestId('login-name').fill(TEST_USERS.planner.name);
    await page.getByTestId('login-password').fill(TEST_USERS.planner.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('signed-in').waitFor();
    await page.getByTestId('scenario-name').fill('e2e: one more health station');
    await page.getByTestId('scenario-create').click();
    await page.getByTestId('tools').waitFor();
    await page.getByTestId('tool-add').click();

    // Add the station inside a community that has uncovered households.
    const uncovered = [...baseline.values()].filter((u) => u.households_covered < u.households / 2).map((u) => u.code);
    const spot = await clickableCommunity(page, { only: uncovered, clearPx: 6 });
    const keyBefore = await page.evaluate(() => (globalThis as unknown as PageGlobals).__lifecircle!.state().thematic.key);
    await page.mouse.click(spot.x, spot.y);
    await page.waitForFunction((key) => {
      const s = (globalThis as unknown as PageGlobals).__lifecircle!.state();
      return s.thematic.status === 'ready' && s.thematic.key !== key && (s.scenario?.changes.length ?? 0) === 1;
    }, keyBefore);
    await mapIdle(page);
    const scenarioId = await page.evaluate(() => (globalThis as unknown as PageGlobals).__lifecircle!.state().scenario!.id);
    expect(await page.getByTestId('scenario-changes').locator('li').count()).toBe(1);
    expect(await renderedCount(page, 'scenario-circle')).toBe(1);

    const withScenario = new Map((await api<{ units: CoverageUnit[] }>(`coverage?type=health_station&level=community&scenario=${scenarioId}`, server.auth.planner)).units.map((u) => [u.code, u]));
    const unit = withScenario.get(spot.code)!;
    expect(unit.households_covered).toBeGreaterThan(baseline.get(spot.code)!.households_covered);
    const values = await renderedValues(page);
    for (const [code, value] of values) expect(value, code).toBeCloseTo(withScenario.get(code)!.rate!, 12);

    // The community's popup reads the scenario's rate.
    await page.getByTestId('tool-none').click();
    const again = await clickableCommunity(page, { only: [spot.code], clearPx: 4 });
    await page.mouse.click(again.x, again.y);
    const rate = page.locator('.maplibregl-popup-content [data-key="rate"]');
    await rate.waitFor();
    expect(await rate.innerText()).toBe(new Intl.NumberFormat('zh-CN', { style: 'percent', maximumFractionDigits: 1 }).format(unit.rate!));

    // Drag the new station 60 px east: the add change moves (still one change) and coverage follows.
    await page.locator('.maplibregl-popup-close-button').click();
    await page.getByTestId('tool-move').click();
    const added = await page.evaluate(() => {
      const g = globalThis as unknown as PageGlobals;
      const change = g.__lifecircle!.state().scenario!.changes[0] as { lon: number; lat: number };
      const rect = g.__lifecircle!.map.getCanvas().getBoundingClientRect();
      const at = g.__lifecircle!.map.project([change.lon, change.lat]);
      return { x: rect.left + at.x, y: rect.top + at.y, lon: change.lon };
    });
    const keyBeforeMove = await page.evaluate(() => (globalThis as unknown as PageGlobals).__lifecircle!.state().thematic.key);
    await page.mouse.move(added.x, added.y);
    await page.mouse.down();
    await page.mouse.move(added.x + 30, added.y, { steps: 3 });
    await page.mouse.move(added.x + 60, added.y, { steps: 3 });
    await page.mouse.up();
    await page.waitForFunction((key) => {
      const s = (globalThis as unknown as PageGlobals).__lifecircle!.state();
      return s.thematic.status === 'ready' && s.thematic.key !== key;
    }, keyBeforeMove);
    const moved = await page.evaluate(() => (globalThis as unknown as PageGlobals).__lifecircle!.state().scenario!.changes as { op: string; lon: number }[]);
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({ op: 'add' });
    expect(moved[0]!.lon).toBeGreaterThan(added.lon);

    // Close it: a facility the scenario added is removed, and coverage is the baseline's again.
    await page.getByTestId('tool-close').click();
    await mapIdle(page);
    const now = await page.evaluate(() => {
      const g = globalThis as unknown as PageGlobals;
      const change = g.__lifecircle!.state().scenario!.changes[0] as { lon: number; lat: number };
      const rect = g.__lifecircle!.map.getCanvas().getBoundingClientRect();
      const at = g.__lifecircle!.map.project([change.lon, change.lat]);
      return { x: rect.left + at.x, y: rect.top + at.y };
    });
    await page.mouse.click(now.x, now.y);
    await page.waitForFunction(() => {
      const s = (globalThis as unknown as PageGlobals).__lifecircle!.state();
      return s.scenario?.changes.length === 0 && s.thematic.status === 'ready' && s.thematic.key?.endsWith(':4') === true;
    });
    await mapIdle(page);
    for (const [code, value] of await renderedValues(page)) expect(value, code).toBeCloseTo(baseline.get(code)!.rate!, 12);

    // Close a baseline station: hidden by feature-state (no filter, no tile reload).
    const station = await page.evaluate(() => {
      const g = globalThis as unknown as PageGlobals;
      const rect = g.__lifecircle!.map.getCanvas().getBoundingClientRect();
      const f = g.__lifecircle!.map.queryRenderedFeatures({ layers: ['facilities-circle'] })
        .find((feature) => feature.properties.status === 'open' && feature.properties.type === 'health_station');
      const [lon, lat] = (f!.geometry as { coordinates: [number, number] }).coordinates;
      const at = g.__lifecircle!.map.project([lon, lat]);
      return { x: rect.left + at.x, y: rect.top + at.y };
    });
    await page.mouse.click(station.x, station.y);
    await page.waitForFunction(() => {
      const s = (globalThis as unknown as PageGlobals).__lifecircle!.state();
      return s.scenario?.changes.length === 1 && (s.scenario.changes[0] as { op: string }).op === 'close' && s.thematic.status === 'ready';
    });
    await mapIdle(page);
    const closedCode = await page.evaluate(() => ((globalThis as unknown as PageGlobals).__lifecircle!.state().scenario!.changes[0] as { code: string }).code);
    expect(await page.evaluate((id) => (globalThis as unknown as PageGlobals).__lifecircle!.map.getFeatureState({ source: 'facilities', sourceLayer: 'facilities', id }), closedCode)).toMatchObject({ hidden: true });

    // Swipe comparison: the baseline map on the left keeps the baseline colours.
    await page.getByTestId('tool-add').click();
    await page.mouse.click(spot.x, spot.y);
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).__lifecircle!.state().scenario?.changes.length === 2);
    await page.getByTestId('tool-none').click();
    await page.getByTestId('compare-toggle').check();
    await page.getByTestId('compare-slider').waitFor();
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `${ARTIFACTS}/map-planner.png` });
  });

  it('should run siting, number the proposals in build order on the map, chart the curve and accept them', async () => {
    const page = await openMap(DESKTOP, server.url, '?type=health_station');
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).__lifecircle!.state().thematic.status === 'ready');
    await page.getByTestId('tab-planner').click();
    await page.getByTestId('login-name').fill(TEST_USERS.planner.name);
    await page.getByTestId('login-password').fill(TEST_USERS.planner.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('scenario-name').fill('e2e: siting');
    await page.getByTestId('scenario-create').click();
    await page.getByTestId('siting-form').waitFor();

    await page.getByTestId('siting-p').fill('3');
    await page.getByTestId('siting-run').click();
    await page.getByTestId('siting-proposals').waitFor();
    await mapIdle(page);

    expect(await page.getByTestId('siting-proposals').locator('li').count()).toBe(3);
    const ranks = await page.evaluate(() =>
      (globalThis as unknown as PageGlobals).__lifecircle!.map.queryRenderedFeatures({ layers: ['proposals-number'] }).map((f) => Number(f.properties.rank)).sort());
    expect(ranks).toEqual([1, 2, 3]);

    const keyBefore = await page.evaluate(() => (globalThis as unknown as PageGlobals).__lifecircle!.state().thematic.key);
    await page.getByTestId('siting-accept').click();
    await page.waitForFunction((key) => {
      const s = (globalThis as unknown as PageGlobals).__lifecircle!.state();
      return s.thematic.status === 'ready' && s.thematic.key !== key && s.scenario?.changes.length === 3;
    }, keyBefore);
    await mapIdle(page);
    const scenarioId = await page.evaluate(() => (globalThis as unknown as PageGlobals).__lifecircle!.state().scenario!.id);
    const withScenario = await api<{ totals: { rate: number }; units: CoverageUnit[] }>(`coverage?type=health_station&level=community&scenario=${scenarioId}`, server.auth.planner);
    const values = await renderedValues(page);
    for (const [code, value] of values) expect(value, code).toBeCloseTo(withScenario.units.find((u) => u.code === code)!.rate!, 12);
    expect(await renderedCount(page, 'scenario-circle')).toBe(3);

    // The curve, in the indicators panel: coverage before and after each proposal.
    await page.getByTestId('tab-indicators').click();
    await page.getByTestId('curve-chart').waitFor();
    const points = await page.locator('[data-testid="curve-chart"] circle').evaluateAll((dots) => dots.map((dot) => Number(dot.getAttribute('data-y'))));
    expect(points).toHaveLength(4);
    for (let i = 1; i < points.length; i += 1) expect(points[i]!).toBeGreaterThan(points[i - 1]!);
    expect(points.at(-1)!).toBeCloseTo(withScenario.totals.rate, 9);
  });

  it('should measure coverage by walking along the streets when asked', async () => {
    const page = await openMap(DESKTOP, server.url, '?type=health_station');
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).__lifecircle!.state().thematic.status === 'ready');

    await page.getByTestId('mode-walk').check();
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).__lifecircle!.state().thematic.key?.includes(':walk:') === true
      && (globalThis as unknown as PageGlobals).__lifecircle!.state().thematic.status === 'ready');
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).__lifecircle!.map.queryRenderedFeatures({ layers: ['reach-fill'] }).length > 0);
    await mapIdle(page);

    const walk = new Map((await api<{ units: CoverageUnit[] }>('coverage?type=health_station&level=community&mode=walk')).units.map((u) => [u.code, u.rate]));
    const values = await renderedValues(page);
    for (const [code, value] of values) expect(value, code).toBeCloseTo(walk.get(code)!, 12);
    // The discs are off by paint (a visibility change would reload every facility tile, #16).
    expect(await page.evaluate(() => ['reach-circle', 'reach-scenario'].map((id) => (globalThis as unknown as PageGlobals).__lifecircle!.map.getPaintProperty(id, 'circle-opacity')))).toEqual([0, 0]);
    expect(await page.getByTestId('legend-title').innerText()).toBe('步行 300 米内有社区卫生服务站的住户比例');
    // The picture in docs/walking.md: walking reach stops at the river and the railway.
    await page.screenshot({ path: `${ARTIFACTS}/map-walk.png` });
    copyFileSync(`${ARTIFACTS}/map-walk.png`, `${ROOT}docs/walking-map.png`);
  });

  it('should re-project a GCJ-02 raster basemap so it lines up with our WGS 84 layers', async () => {
    // Tiles of a checkerboard basemap "in GCJ-02": even tiles blue, odd tiles red.
    const BLUE = [0, 0, 255] as const;
    const RED = [255, 0, 0] as const;
    const parityColor = (x: number, y: number) => ((x + y) % 2 === 0 ? BLUE : RED);
    const page = await openMap(DESKTOP, server.url, '', async (p) => {
      await p.route('**/config.json', (route) => route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({ basemap: { tiles: [`${server.url}/fake-tiles/{z}/{x}/{y}.png`], crs: 'gcj02', attribution: 'test tiles' } }),
      }));
      await p.route('**/fake-tiles/**', (route) => {
        const [z, x, y] = new URL(route.request().url()).pathname.split('/').slice(-3).map((part) => Number.parseInt(part, 10));
        void z;
        return route.fulfill({ contentType: 'image/png', body: solidPng(parityColor(x!, y!)) });
      });
    });
    // Only the basemap: hide every layer of ours.
    await page.evaluate(() => {
      const map = (globalThis as unknown as { __lifecircle: { map: { getStyle(): { layers: { id: string }[] }; setLayoutProperty(id: string, p: string, v: string): void } } }).__lifecircle.map;
      for (const { id } of map.getStyle().layers) if (id !== 'basemap' && id !== 'background') map.setLayoutProperty(id, 'visibility', 'none');
    });
    await mapIdle(page);

    // Screen points whose colour differs between "shifted to GCJ-02" and "not shifted", at either
    // tile zoom MapLibre may pick, well away from tile edges.
    const grid = await page.evaluate(() => {
      const map = (globalThis as unknown as { __lifecircle: { map: { getZoom(): number; unproject(p: [number, number]): { lng: number; lat: number }; getCanvas(): { getBoundingClientRect(): { left: number; top: number } } } } }).__lifecircle.map;
      const rect = map.getCanvas().getBoundingClientRect();
      const points: { x: number; y: number; lon: number; lat: number }[] = [];
      for (let y = 120; y < 780; y += 37) for (let x = 420; x < 1380; x += 41) {
        const at = map.unproject([x, y]);
        points.push({ x: rect.left + x, y: rect.top + y, lon: at.lng, lat: at.lat });
      }
      return { zoom: map.getZoom(), points };
    });
    const zooms = [...new Set([Math.floor(grid.zoom + 1), Math.round(grid.zoom + 1)])];
    const clear = (t: { px: number; py: number }) => Math.min(t.px, t.py, 256 - t.px, 256 - t.py) > 6;
    const telling = grid.points.filter((point) => {
      const gcj = gcoord.transform([point.lon, point.lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
      const shifted = zooms.map((z) => tileAt(gcj[0], gcj[1], z));
      const plain = zooms.map((z) => tileAt(point.lon, point.lat, z));
      const colors = new Set(shifted.map((t) => parityColor(t.x, t.y)));
      return [...shifted, ...plain].every(clear) && colors.size === 1
        && shifted.every((t, i) => parityColor(t.x, t.y) !== parityColor(plain[i]!.x, plain[i]!.y));
    }).slice(0, 6);
    expect(telling.length, 'points where the GCJ-02 shift changes the colour').toBeGreaterThan(0);
    for (const point of telling) {
      const gcj = gcoord.transform([point.lon, point.lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
      const t = tileAt(gcj[0], gcj[1], zooms[0]!);
      expectColorClose(await pixelAt(page, point.x, point.y), [...parityColor(t.x, t.y)] as [number, number, number], `${point.lon.toFixed(5)},${point.lat.toFixed(5)}`);
    }
  });

  it('should change the UI text when the language is switched to English and back', async () => {
    const page = await openMap();
    const title = page.getByTestId('app-title');
    expect(await title.innerText()).toBe('社区生活圈设施地图');

    await page.getByTestId('lang-en').click();

    expect(await title.innerText()).toBe('Community life-circle facilities');
    expect(await page.locator('[data-testid="type-picker"] option').first().innerText()).toBe('All types');
    expect(await page.locator('label:has([data-testid="layer-toggle-communities"])').innerText()).toContain('Communities');
    expect(await page.getByTestId('tab-indicators').innerText()).toBe('Plan targets');
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.lang)).toBe('en');

    await page.getByTestId('lang-zh-CN').click();
    expect(await title.innerText()).toBe('社区生活圈设施地图');
  });

  it('should hide the communities when their layer toggle is unchecked', async () => {
    const page = await openMap();

    await switchLayers(page, { communities: false });

    expect(await renderedCount(page, 'communities-fill')).toBe(0);
    expect(await renderedCount(page, 'facilities-circle')).toBeGreaterThan(0);
  });

  it('should reach the language switch, tabs, search, type picker and layer toggles with the Tab key', async () => {
    const page = await openMap();
    const reached = new Set<string>();

    for (let press = 0; press < 30; press += 1) {
      await page.keyboard.press('Tab');
      const testId = await page.evaluate(() => (globalThis as unknown as PageGlobals).document.activeElement?.getAttribute('data-testid') ?? null);
      if (testId) reached.add(testId);
    }

    for (const testId of ['lang-en', 'panel-toggle', 'tab-map', 'search', 'type-picker', 'layer-toggle-districts', 'layer-toggle-communities', 'layer-toggle-gaps', 'layer-toggle-labels']) {
      expect(reached, testId).toContain(testId);
    }
    // The tabs move with the arrow keys.
    await page.getByTestId('tab-map').focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByTestId('tab-indicators').getAttribute('aria-selected')).toBe('true');
  });

  it('should show the server error code and message when a collection fails to load', async () => {
    // A page of its own, without openMap's error listeners: this test provokes errors on purpose.
    context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    await page.route('**/api/collections/districts/items*', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'db_unavailable', message: 'database is starting' } }),
      }),
    );
    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).__lifecircle !== undefined);

    const outcome = await page.evaluate(() =>
      (globalThis as unknown as PageGlobals).__lifecircle!.ready.then(() => 'resolved', (error: { code?: string }) => error.code),
    );

    expect(outcome).toBe('db_unavailable');
    const status = await page.getByTestId('load-status').innerText();
    expect(status).toContain('db_unavailable');
    expect(status).toContain('database is starting');
  });

  it('should say there is no data yet when the database is empty', async () => {
    // With the engines' start-up warm-up on, as `lifecircle serve` runs: an empty city builds nothing.
    const empty = await startTestServer({ seed: 'empty', warmUp: true });
    try {
      const page = await openMap(DESKTOP, empty.url);
      await page.evaluate(() => (globalThis as unknown as { lifecircle: { idle(): Promise<void> } }).lifecircle.idle());

      expect(await page.getByTestId('load-status').innerText()).toContain('暂无数据');
      expect(await renderedCount(page, 'communities-fill')).toBe(0);
      // The page goes before its server: requests still in flight after `ready` (tiles, background
      // prefetches) end with the page instead of failing against a closed server as console errors.
      await context?.close();
      context = undefined;
    } finally {
      await empty.close();
    }
  });

  it('should start with the panel collapsed to a bottom bar on a phone-sized screen', async () => {
    const page = await openMap(PHONE, server.url, '?type=health_station');
    const toggle = page.getByTestId('panel-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    const panel = await page.getByTestId('panel').boundingBox();
    expect(panel!.y + panel!.height).toBeCloseTo(PHONE.height, 0);
    expect(await renderedCount(page, 'communities-fill')).toBeGreaterThan(0);

    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByTestId('type-picker').isVisible()).toBe(true);
    const opened = await page.getByTestId('panel').boundingBox();
    expect(opened!.width).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: `${ARTIFACTS}/map-phone.png` });
  });

  it('should save a screenshot of the coverage map with a community popup', async () => {
    const page = await openMap(DESKTOP, server.url, '?type=health_station');
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).__lifecircle!.state().thematic.status === 'ready');
    const target = await clickableCommunity(page);
    await page.mouse.click(target.x, target.y);
    await page.locator('.maplibregl-popup-content').waitFor();
    await page.mouse.move(DESKTOP.width - 5, DESKTOP.height / 2);
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector('[data-testid="legend-gaps"][data-status="ready"]') !== null);
    await mapIdle(page);

    await page.screenshot({ path: `${ARTIFACTS}/map.png` });
    mkdirSync(`${ROOT}docs`, { recursive: true });
    copyFileSync(`${ARTIFACTS}/map.png`, `${ROOT}docs/screenshot.png`);
    expect(existsSync(`${ROOT}docs/screenshot.png`)).toBe(true);
  });
});
