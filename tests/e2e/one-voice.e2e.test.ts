// End-to-end (#17 point 6): one voice in Chromium. The 2SFCA legend names the types it pools; the
// English legend says "an Elderly-care home"; the public's popups carry no raw JSON links (a signed-in
// planner's do); the panel's numbers are grouped one way per language.
// Screenshots: tests/artifacts/one-voice-2sfca.png, tests/artifacts/one-voice-popup.png.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, HAS_CHROMIUM, idle, mapSuite, type PageGlobals } from '../helpers/browser.ts';
import { startTestServer, TEST_USERS, type TestServer } from '../helpers/server.ts';

describe.skipIf(!HAS_CHROMIUM)('map: one voice (Chromium)', { timeout: 150_000 }, () => {
  let server: TestServer;
  let spot: { lon: number; lat: number };

  const e2e = mapSuite(async () => {
    server = await startTestServer({ seed: 'demo' });
    const [row] = await server.db.sql<{ lon: number; lat: number }[]>`
      SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM community ORDER BY households DESC LIMIT 1) c`;
    spot = row!;
    return [server];
  });

  /** Opens the popup of the community at `spot` (a click on the map there, clear of facilities). */
  async function openCommunityPopup(page: Page): Promise<void> {
    await page.evaluate(({ lon, lat }) => (globalThis as unknown as PageGlobals).__lifecircle!.map.jumpTo({ center: [lon, lat], zoom: 16 }), spot);
    await idle(page);
    const point = await page.evaluate(({ lon, lat }) => {
      const map = (globalThis as unknown as PageGlobals).__lifecircle!.map;
      const rect = map.getCanvas().getBoundingClientRect();
      const at = map.project([lon, lat]);
      // Step away from any facility dot under the point.
      for (const [dx, dy] of [[0, 0], [30, 0], [-30, 0], [0, 30], [0, -30], [40, 40]]) {
        const x = at.x + dx!;
        const y = at.y + dy!;
        const box: [[number, number], [number, number]] = [[x - 10, y - 10], [x + 10, y + 10]];
        if (map.queryRenderedFeatures(box, { layers: ['facilities-circle'] }).length === 0) return { x: rect.left + x, y: rect.top + y };
      }
      return { x: rect.left + at.x, y: rect.top + at.y };
    }, spot);
    await page.mouse.click(point.x, point.y);
    await page.locator('.maplibregl-popup-content').waitFor();
  }

  it('should name the pooled types in the 2SFCA legend and write "an Elderly-care home" in English', async () => {
    const page = await e2e.open(server.url, { query: '?type=health_station&lang=en' });
    const types = (await (await fetch(`${server.url}/api/collections/facility-types/items`)).json()) as { features: Array<{ properties: { code: string; name_en: string } }> };
    const name = (code: string) => types.features.find((f) => f.properties.code === code)!.properties.name_en;

    await page.getByTestId('theme-access').check();
    await page.waitForFunction(() => {
      const s = (globalThis as unknown as PageGlobals).__lifecircle!.state();
      return s.thematic.status === 'ready' && (s.thematic as unknown as { key?: string }).key?.startsWith('access:') === true;
    });
    await idle(page);
    expect(await page.getByTestId('legend-counts').innerText()).toBe(`Counts these facility types: ${name('health_center')}, ${name('health_station')}`);
    await page.screenshot({ path: `${ARTIFACTS}/one-voice-2sfca.png` });

    await page.getByTestId('theme-coverage').check();
    await page.getByTestId('type-picker').selectOption('elderly_home');
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).__lifecircle!.state().thematic.status === 'ready');
    const title = await page.getByTestId('legend-title').innerText();
    expect(title).toContain(`of an ${name('elderly_home')}`);
    expect(await page.locator('body').innerText()).not.toMatch(/\ba (Elderly|Outdoor)/);
  });

  it('should show the public no raw JSON links in popups, and a signed-in planner the record links; numbers grouped one way', async () => {
    const page = await e2e.open(server.url, { query: '?type=health_station' });
    await openCommunityPopup(page);
    expect(await page.locator('.maplibregl-popup-content .lc-popup__links').count()).toBe(0);
    expect(await page.locator('.maplibregl-popup-content').innerText()).not.toContain('JSON');
    // Chinese page: thousands grouped with commas only, never with spaces.
    expect(await page.locator('.lc-panel').innerText()).not.toMatch(/\d[ \u00a0\u202f]\d{3}(?!\d)/);
    await page.screenshot({ path: `${ARTIFACTS}/one-voice-popup.png` });
    await page.locator('.maplibregl-popup-close-button').click();

    await page.getByTestId('tab-planner').click();
    await page.getByTestId('login-name').fill(TEST_USERS.planner.name);
    await page.getByTestId('login-password').fill(TEST_USERS.planner.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('signed-in').waitFor();
    await openCommunityPopup(page);
    expect(await page.locator('.maplibregl-popup-content .lc-popup__links a').count()).toBeGreaterThan(0);
  });
});
