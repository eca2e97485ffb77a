// End-to-end (#17 point 1): the offline basemap drawn from our own data under the thematic layers,
// in Chromium, on the demo city (generated streets, river, railway) and on Wudaokou (the OSM
// extract: streets with names, footprints, water, campuses). What is drawn is compared with the
// database; screenshots: tests/artifacts/basemap-demo.png, basemap-wudaokou.png (→ docs/).
import { copyFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seedWudaokou } from '../../seeds/wudaokou/seed.ts';
import { ARTIFACTS, HAS_CHROMIUM, ROOT, mapIdle, mapSuite, type PageGlobals } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

/** Rendered features of a layer, with their names. */
async function rendered(page: Page, layer: string): Promise<Array<{ name: string; class: string }>> {
  return page.evaluate((id) => (globalThis as unknown as PageGlobals).__lifecircle!.map
    .queryRenderedFeatures(undefined, { layers: [id] })
    .map((f) => ({ name: String(f.properties.name ?? ''), class: String(f.properties.class ?? '') })), layer);
}

async function jump(page: Page, center: [number, number], zoom: number): Promise<void> {
  await page.evaluate(([c, z]) => (globalThis as unknown as PageGlobals).__lifecircle!.map.jumpTo({ center: c as [number, number], zoom: z as number }), [center, zoom] as const);
  await mapIdle(page);
}

describe.skipIf(!HAS_CHROMIUM)('map: offline basemap from our own data (Chromium)', { timeout: 120_000 }, () => {
  let demo: TestServer;
  let wudaokou: TestServer;

  const e2e = mapSuite(async () => {
    [demo, wudaokou] = await Promise.all([startTestServer({ seed: 'demo' }), startTestServer({ seed: 'empty' })]);
    await seedWudaokou(wudaokou.db);
    return [demo, wudaokou];
  }, 300_000);

  it('should draw the demo city\'s streets with their names, the river and the railway under the communities', async () => {
    const [river] = await demo.db.sql<{ lon: number; lat: number }[]>`
      SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM basemap_feature WHERE layer = 'water') t`;
    const page = await e2e.open(demo.url, { query: '?type=health_station' });
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).__lifecircle!.state().thematic.status === 'ready');
    await jump(page, [river!.lon, river!.lat], 14.6);

    const roads = await rendered(page, 'basemap-road');
    const named = new Set((await rendered(page, 'basemap-road-label')).map((r) => r.name));
    const inDb = new Set((await demo.db.sql<{ name: string }[]>`SELECT DISTINCT name FROM network_edge WHERE name IS NOT NULL`).map((r) => r.name));
    expect(roads.length).toBeGreaterThan(20);
    expect(named.size).toBeGreaterThan(0);
    for (const name of named) expect(inDb.has(name), name).toBe(true);
    expect((await rendered(page, 'basemap-water')).length).toBeGreaterThan(0);
    // The order: streets above the community colours, below facilities and labels.
    const order = await page.evaluate(() => (globalThis as unknown as PageGlobals).__lifecircle!.map.getStyle().layers.map((l) => l.id));
    expect(order.indexOf('communities-fill')).toBeLessThan(order.indexOf('basemap-road'));
    expect(order.indexOf('basemap-road')).toBeLessThan(order.indexOf('facilities-circle'));
    await page.screenshot({ path: `${ARTIFACTS}/basemap-demo.png` });
    copyFileSync(`${ARTIFACTS}/basemap-demo.png`, `${ROOT}docs/basemap-demo.png`);

    // The toggle hides it all.
    await page.getByTestId('layer-toggle-basemap').uncheck();
    await mapIdle(page);
    expect(await rendered(page, 'basemap-road')).toEqual([]);
  });

  it('should draw Wudaokou\'s real streets, footprints, water and campuses with names in both languages', async () => {
    const [centre] = await wudaokou.db.sql<{ lon: number; lat: number }[]>`
      SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_Centroid(ST_Extent(geom)::geometry) AS p FROM community) t`;
    const page = await e2e.open(wudaokou.url);
    await jump(page, [centre!.lon, centre!.lat], 15.2);

    expect((await rendered(page, 'basemap-building')).length).toBeGreaterThan(50);
    expect((await rendered(page, 'basemap-campus')).length).toBeGreaterThan(0);
    const streetNames = new Set((await rendered(page, 'basemap-road-label')).map((r) => r.name));
    expect(streetNames.size).toBeGreaterThan(2);
    const osmNames = new Set((await wudaokou.db.sql<{ name: string }[]>`SELECT DISTINCT name FROM network_edge WHERE name IS NOT NULL`).map((r) => r.name));
    for (const name of streetNames) expect(osmNames.has(name), name).toBe(true);
    // Communities are the OSM polygons, each name drawn once (label points, not tile pieces).
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).__lifecircle!.map.queryRenderedFeatures(undefined, { layers: ['labels-community'] }).length > 0);
    const labels = (await rendered(page, 'labels-community')).map((l) => l.name);
    expect(labels.length).toBeGreaterThan(1);
    expect(new Set(labels).size).toBe(labels.length);
    const polygons = new Set((await wudaokou.db.sql<{ name: string }[]>`SELECT name FROM community`).map((r) => r.name));
    for (const name of labels) expect(polygons.has(name), name).toBe(true);
    expect(polygons.has('清华大学')).toBe(true);
    // ODbL credit on the map.
    expect(await page.locator('.maplibregl-ctrl-attrib, [data-testid="attribution"]').first().innerText()).toMatch(/OpenStreetMap/);
    await page.screenshot({ path: `${ARTIFACTS}/basemap-wudaokou.png` });
    copyFileSync(`${ARTIFACTS}/basemap-wudaokou.png`, `${ROOT}docs/basemap-wudaokou.png`);

    // English: names from name:en where OSM has one (the text-field follows the language).
    await page.getByRole('button', { name: 'English' }).click();
    await mapIdle(page);
    const field = await page.evaluate(() => JSON.stringify((globalThis as unknown as { __lifecircle: { map: { getLayoutProperty(id: string, p: string): unknown } } }).__lifecircle.map.getLayoutProperty('basemap-place-label', 'text-field')));
    expect(field).toContain('name_en');
    await page.screenshot({ path: `${ARTIFACTS}/basemap-wudaokou-en.png` });
  });
});
