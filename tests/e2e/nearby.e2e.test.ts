// End-to-end: "what is near" in Chromium. A click anywhere, the browser's location and a search
// each give the answer panel per facility type, with the walks drawn; the panel's figures are
// the API's for the same point. Screenshot: tests/artifacts/nearby.png → docs/nearby.png.
import { copyFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatDistance } from '../../map-client/src/i18n.ts';
import { ARTIFACTS, HAS_CHROMIUM, ROOT, mapIdle, mapSuite, type PageGlobals } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

interface Answer { lon: number; lat: number; types: Array<{ type: string; reach_m: number; within_reach: boolean; nearest: Array<{ code: string; name: string; distance_m: number; walk_m: number | null; route: { coordinates: number[][] } | null }> }> }

const FACILITY_LAYERS = ['facilities-circle', 'scenario-circle', 'labels-district', 'labels-street', 'labels-community'];

describe.skipIf(!HAS_CHROMIUM)('map: what is near (Chromium)', () => {
  let server: TestServer;
  const e2e = mapSuite(async () => [server = await startTestServer({ seed: 'demo' })]);

  const nearbyApi = async (lon: number, lat: number): Promise<Answer> => (await (await fetch(`${server.url}/api/nearby?lon=${lon}&lat=${lat}&k=3`)).json()) as Answer;

  /** A free map pixel (no facility, no label, not under the panel) near the middle of the map. */
  async function freeSpot(page: Page): Promise<{ x: number; y: number }> {
    const spot = await page.evaluate((clutter) => {
      const map = (globalThis as unknown as PageGlobals).__lifecircle!.map;
      const doc = (globalThis as unknown as { document: { elementFromPoint(x: number, y: number): { tagName: string } | null } }).document;
      const rect = map.getCanvas().getBoundingClientRect();
      for (let r = 0; r < 300; r += 12) {
        for (let a = 0; a < 360; a += 30) {
          const x = rect.width * 0.62 + r * Math.cos((a * Math.PI) / 180);
          const y = rect.height * 0.5 + r * Math.sin((a * Math.PI) / 180);
          if (doc.elementFromPoint(rect.left + x, rect.top + y)?.tagName !== 'CANVAS') continue;
          const layers = clutter.filter((id) => map.getLayer(id) !== undefined);
          if (map.queryRenderedFeatures([[x - 10, y - 10], [x + 10, y + 10]], { layers }).length > 0) continue;
          return { x: rect.left + x, y: rect.top + y };
        }
      }
      return null;
    }, FACILITY_LAYERS);
    if (!spot) throw new Error('no free map pixel');
    return spot;
  }

  /** The rows the panel shows: type, within flag, facility names and distance lines. */
  const panelRows = (page: Page) =>
    page.$$eval('[data-testid="nearby-list"] > li', (items) =>
      items.map((li) => ({
        type: li.getAttribute('data-type'),
        within: li.getAttribute('data-within'),
        reach: li.querySelector('.lc-nearby__reach')?.textContent ?? '',
        facilities: [...li.querySelectorAll('.lc-nearby__facility')].map((b) => ({ code: b.getAttribute('data-code'), name: b.querySelector('.lc-nearby__name')?.textContent, dist: b.querySelector('.lc-nearby__dist')?.textContent })),
      })),
    );

  it('should answer a click anywhere with the API figures per type and draw the walks', async () => {
    const page = await e2e.open(server.url);
    await page.getByTestId('layer-toggle-labels').uncheck();
    await mapIdle(page);
    const spot = await freeSpot(page);
    await page.mouse.click(spot.x, spot.y);
    await page.waitForSelector('[data-testid="nearby-list"] > li');
    await mapIdle(page);
    // The point asked is the one marked on the map (under the click).
    const lng = Number(await page.getByTestId('nearby').getAttribute('data-lon'));
    const lat = Number(await page.getByTestId('nearby').getAttribute('data-lat'));
    const under = await page.evaluate(({ x, y }) => {
      const map = (globalThis as unknown as PageGlobals).__lifecircle!.map;
      const rect = map.getCanvas().getBoundingClientRect();
      return map.unproject([x - rect.left, y - rect.top]);
    }, spot);
    expect(Math.abs(under.lng - lng) + Math.abs(under.lat - lat)).toBeLessThan(0.0005);
    const answer = await nearbyApi(lng, lat);
    const expected = answer.types.filter((t) => t.nearest.length > 0);
    const rows = await panelRows(page);
    expect(rows.map((r) => r.type).sort()).toEqual(expected.map((t) => t.type).sort());
    for (const row of rows) {
      const want = expected.find((t) => t.type === row.type)!;
      expect(row.within).toBe(String(want.within_reach));
      expect(row.reach).toContain(formatDistance('zh-CN', want.reach_m));
      expect(row.facilities.map((f) => f.code)).toEqual(want.nearest.map((n) => n.code));
      row.facilities.forEach((f, i) => {
        const n = want.nearest[i]!;
        expect(f.name).toBe(n.name);
        expect(f.dist).toContain(`直线 ${formatDistance('zh-CN', n.distance_m)}`);
        if (n.walk_m !== null) expect(f.dist).toContain(`步行 ${formatDistance('zh-CN', n.walk_m)}`);
      });
    }
    // One walk per type drawn (nearest facility), starting at the clicked point.
    await mapIdle(page);
    const drawn = await page.evaluate(() => (globalThis as unknown as PageGlobals).__lifecircle!.map.queryRenderedFeatures({ layers: ['nearby-route'] }).map((f) => String(f.properties.code)));
    const walkable = expected.filter((t) => t.nearest[0]!.route !== null).map((t) => t.nearest[0]!.code);
    expect(walkable.length).toBeGreaterThan(0);
    for (const code of walkable) expect(drawn).toContain(code);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).__lifecircle!.map.queryRenderedFeatures({ layers: ['nearby-origin'] }).length)).toBe(1);

    // Choosing a facility draws its walk wider and fits it.
    const health = expected.find((t) => t.type === 'health_station') ?? expected[0]!;
    const target = health.nearest.find((n) => n.route !== null)!;
    await page.locator(`[data-testid="nearby-list"] button[data-code="${target.code}"]`).click();
    await page.waitForTimeout(700);
    await mapIdle(page);
    const chosen = await page.evaluate(() => (globalThis as unknown as PageGlobals).__lifecircle!.map.queryRenderedFeatures({ layers: ['nearby-route'] }).filter((f) => f.properties.chosen === true).map((f) => String(f.properties.code)));
    expect(chosen).toContain(target.code);
    expect(await page.locator(`button[data-code="${target.code}"]`).getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('layer-toggle-labels').check();
    // The community popup the click opened stays out of the picture.
    const close = page.locator('.maplibregl-popup-close-button');
    if (await close.count()) await close.click();
    await page.getByTestId('nearby').evaluate((section) => section.scrollIntoView({ block: 'start' }));
    await mapIdle(page);
    await page.screenshot({ path: `${ARTIFACTS}/nearby.png` });
    copyFileSync(`${ARTIFACTS}/nearby.png`, `${ROOT}docs/nearby.png`);
  });

  it('should answer for the browser location from the locate button', async () => {
    const [f] = (await (await fetch(`${server.url}/api/collections/facilities/items?limit=1&type=health_center`)).json() as { features: Array<{ geometry: { coordinates: [number, number] } }> }).features;
    const [lon, lat] = [f!.geometry.coordinates[0] + 0.002, f!.geometry.coordinates[1] + 0.001];
    const page = await e2e.open(server.url, { context: { geolocation: { longitude: lon, latitude: lat }, permissions: ['geolocation'] } });
    await page.getByTestId('nearby-locate').click();
    await page.waitForSelector('[data-testid="nearby-list"] > li');
    const answer = await nearbyApi(lon, lat);
    const rows = await panelRows(page);
    const center = answer.types.find((t) => t.type === 'health_center')!;
    expect(rows.find((r) => r.type === 'health_center')!.facilities.map((x) => x.code)).toEqual(center.nearest.map((n) => n.code));
    expect(Number(await page.getByTestId('nearby').getAttribute('data-lon'))).toBeCloseTo(lon, 9);
    expect(Number(await page.getByTestId('nearby').getAttribute('data-lat'))).toBeCloseTo(lat, 9);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).__lifecircle!.map.queryRenderedFeatures({ layers: ['nearby-origin'] }).length)).toBe(1);
  });

  it('should find a facility by name, close the list after the pick, not over-zoom, and answer for it', async () => {
    const page = await e2e.open(server.url);
    const facilities = (await (await fetch(`${server.url}/api/collections/facilities/items?limit=50&type=health_station`)).json() as { features: Array<{ properties: { code: string; name: string } }> }).features;
    const named = facilities.find((x) => facilities.filter((y) => y.properties.name === x.properties.name).length === 1)!;
    await page.waitForFunction(() => ((globalThis as unknown as PageGlobals).__lifecircle!.state().summary ?? null) !== null);
    await page.getByTestId('search').fill(named.properties.name);
    const option = page.locator(`[data-testid="search-results"] [data-code="${named.properties.code}"]`);
    await option.waitFor();
    await option.click();
    await page.waitForSelector('[data-testid="nearby-list"] > li');
    // The list is gone (no "没有匹配的地点" left open) and the name stays in the box.
    expect(await page.getByTestId('search-results').isHidden()).toBe(true);
    expect(await page.getByTestId('search').inputValue()).toBe(named.properties.name);
    expect(await page.locator('.lc-nearby__place').innerText()).toBe(named.properties.name);
    await page.waitForTimeout(800);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).__lifecircle!.map.getZoom())).toBeLessThanOrEqual(16.01);
    // The facility itself is the nearest of its type, 0 m away.
    const row = (await panelRows(page)).find((r) => r.type === 'health_station')!;
    expect(row.facilities[0]!.code).toBe(named.properties.code);
    expect(row.within).toBe('true');

    // A community by name: its popup opens, the list closes, zoom stays at street level.
    await page.getByTestId('search').fill('');
    const communities = (await (await fetch(`${server.url}/api/collections/communities/items?limit=1`)).json() as { features: Array<{ properties: { code: string; name: string } }> }).features;
    await page.getByTestId('search').fill(communities[0]!.properties.name);
    await page.locator(`[data-testid="search-results"] [data-code="${communities[0]!.properties.code}"]`).click();
    expect(await page.getByTestId('search-results').isHidden()).toBe(true);
    await page.waitForTimeout(800);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).__lifecircle!.map.getZoom())).toBeLessThanOrEqual(15.01);
    await page.waitForFunction((name) => (globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }).document.querySelector('.lc-nearby__place')?.textContent === name, communities[0]!.properties.name);
  });
});
