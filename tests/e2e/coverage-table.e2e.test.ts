// End-to-end (#17 point 3): the coverage table in the page, with its export buttons, in Chromium.
// Rows and figures are the API's; sorting, click-to-zoom and the downloads (CSV with BOM, XLSX).
// Screenshot: tests/artifacts/coverage-table.png → docs/coverage-table.png.
import { copyFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, HAS_CHROMIUM, ROOT, mapIdle, mapSuite, type PageGlobals } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

describe.skipIf(!HAS_CHROMIUM)('map: the coverage table and its exports (Chromium)', { timeout: 120_000 }, () => {
  let server: TestServer;
  const e2e = mapSuite(async () => [server = await startTestServer({ seed: 'demo' })]);

  it('should list every street with the API figures, sort, zoom to a row and download CSV and XLSX', async () => {
    const page = await e2e.open(server.url, { query: '?type=health_station' });
    await page.getByTestId('coverage-table').waitFor();
    const api = (await (await fetch(`${server.url}/api/coverage?type=health_station&level=street`)).json()) as { units: Array<{ code: string; name: string; rate: number | null }> };

    const rows = page.getByTestId('table-row');
    expect(await rows.count()).toBe(api.units.length);
    // Sorted by rate, lowest first (the streets that need help on top).
    const codes = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-code')));
    const byRate = [...api.units].sort((a, b) => (a.rate ?? -1) - (b.rate ?? -1)).map((u) => u.code);
    expect(codes[0]).toBe(byRate[0]);
    const first = api.units.find((u) => u.code === codes[0])!;
    expect(await rows.first().locator('td').last().innerText()).toBe(new Intl.NumberFormat('zh-CN', { style: 'percent', maximumFractionDigits: 1 }).format(first.rate!));
    await page.getByTestId('coverage-table-section').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}/coverage-table.png` });
    copyFileSync(`${ARTIFACTS}/coverage-table.png`, `${ROOT}docs/coverage-table.png`);

    await page.getByTestId('table-sort-name').click();
    const names = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('td')!.textContent!));
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'zh-CN')));

    const zoomBefore = await page.evaluate(() => (globalThis as unknown as PageGlobals).__lifecircle!.map.getZoom());
    await rows.first().click();
    await page.waitForTimeout(800);
    await mapIdle(page);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).__lifecircle!.map.getZoom())).toBeGreaterThan(zoomBefore);

    for (const format of ['csv', 'xlsx'] as const) {
      const href = await page.getByTestId(`table-export-${format}`).getAttribute('href');
      expect(href).toContain(`format=${format}`);
      expect(href).toContain('lang=zh-CN');
      const res = await fetch(href!);
      expect(res.status).toBe(200);
      const bytes = new Uint8Array(await res.arrayBuffer());
      if (format === 'csv') expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      else expect([...bytes.slice(0, 2)]).toEqual([0x50, 0x4b]); // a zip: the XLSX container
      expect(decodeURIComponent(res.headers.get('content-disposition') ?? '')).toContain('覆盖率-health_station-街道');
    }
  });
});
