// End-to-end (#17 points 4 and 5): scenarios that show their numbers, in Chromium.
// The planner picks the facility type where they edit, adds a named station with its capacity
// (the stored change carries both), sees each change with its street and community (a click
// flies there), names and accepts one siting proposal of two, and reads a before/after panel whose
// figures are GET /api/scenarios/{id}/compare's, with downloads; the swipe slider keeps clear of
// the side panel. The indicators date starts at the plan's horizon in the UI's own format, and the
// printable report, CSV and XLSX are a click away.
// Screenshots: tests/artifacts/scenario-*.png, docs/before-after.png.
import { copyFileSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, HAS_CHROMIUM, ROOT, idle, mapSuite, type PageGlobals } from '../helpers/browser.ts';
import { startTestServer, TEST_USERS, type TestServer } from '../helpers/server.ts';

const TYPE = 'health_station';
const state = (page: Page) => page.evaluate(() => (globalThis as unknown as PageGlobals).__lifecircle!.state() as unknown as {
  selectedType: string | null; scenario: { id: string; changes: Array<Record<string, unknown>> } | null; summary: unknown;
});
const center = (page: Page) => page.evaluate(() => {
  const map = (globalThis as unknown as { __lifecircle: { map: { getCenter(): { lng: number; lat: number } } } }).__lifecircle.map;
  const c = map.getCenter();
  return [c.lng, c.lat] as [number, number];
});
const zh = (value: number, digits = 0) => new Intl.NumberFormat('zh-CN', { maximumFractionDigits: digits }).format(value);
const zhSigned = (value: number) => new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0, signDisplay: 'exceptZero' }).format(value);
const zhPercent = (value: number) => new Intl.NumberFormat('zh-CN', { style: 'percent', maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(value);

describe.skipIf(!HAS_CHROMIUM)('map: scenarios that show their numbers (Chromium)', { timeout: 180_000 }, () => {
  let server: TestServer;
  let spot: { lon: number; lat: number; street: string; community: string };

  const e2e = mapSuite(async () => {
    server = await startTestServer({ seed: 'demo' });
    // The most populous community: a point inside it, its street and its own name, from PostGIS.
    const [row] = await server.db.sql<{ lon: number; lat: number; street: string; community: string }[]>`
      SELECT ST_X(p) AS lon, ST_Y(p) AS lat, s.name AS street, c.name AS community
      FROM (SELECT ST_PointOnSurface(geom) AS p, name, street_code FROM community ORDER BY households DESC LIMIT 1) c
      JOIN street s ON s.code = c.street_code`;
    spot = row!;
    return [server];
  });

  async function signInWithScenario(page: Page, name: string): Promise<string> {
    await page.getByTestId('tab-planner').click();
    await page.getByTestId('login-name').fill(TEST_USERS.planner.name);
    await page.getByTestId('login-password').fill(TEST_USERS.planner.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('scenario-name').fill(name);
    await page.getByTestId('scenario-create').click();
    await page.getByTestId('tools').waitFor();
    return (await state(page)).scenario!.id;
  }

  /** Screen point of a longitude/latitude after centring the map there. */
  async function screenPoint(page: Page, lon: number, lat: number, zoom = 15): Promise<{ x: number; y: number }> {
    await page.evaluate(({ lon, lat, zoom }) => (globalThis as unknown as PageGlobals).__lifecircle!.map.jumpTo({ center: [lon, lat], zoom }), { lon, lat, zoom });
    await idle(page);
    return page.evaluate(({ lon, lat }) => {
      const map = (globalThis as unknown as PageGlobals).__lifecircle!.map;
      const rect = map.getCanvas().getBoundingClientRect();
      const at = map.project([lon, lat]);
      return { x: rect.left + at.x, y: rect.top + at.y };
    }, { lon, lat });
  }

  it('should add a named facility with its capacity, list each change with its place, accept one named proposal and show the before/after figures of /compare', async () => {
    const page = await e2e.open(server.url, { query: `?type=${TYPE}` });
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).__lifecircle!.state().summary !== null);
    const scenarioId = await signInWithScenario(page, 'e2e: 五道口试点');

    // The type is chosen here, where the planner edits; the map's picker shares it.
    const typeSelect = page.getByTestId('planner-type');
    expect(await typeSelect.inputValue()).toBe(TYPE);
    await typeSelect.selectOption('culture_station');
    expect((await state(page)).selectedType).toBe('culture_station');
    await typeSelect.selectOption(TYPE);
    expect((await state(page)).selectedType).toBe(TYPE);

    // Add: name and capacity in the form, then a click on the map.
    await page.getByTestId('tool-add').click();
    await page.getByTestId('add-form').waitFor();
    await page.getByTestId('add-addName').fill('学院路试点卫生站');
    await page.getByTestId('add-gp_count').fill('3');
    await page.getByTestId('add-beds').fill('10');
    const at = await screenPoint(page, spot.lon, spot.lat);
    await page.mouse.click(at.x, at.y);
    await page.waitForFunction(() => ((globalThis as unknown as PageGlobals).__lifecircle!.state().scenario as { changes: unknown[] } | null)?.changes.length === 1);
    await idle(page);
    const stored = (await (await fetch(`${server.url}/api/scenarios/${scenarioId}`, { headers: server.auth.planner })).json()) as { changes: Array<{ op: string; name: string; fields: Record<string, number> }> };
    expect(stored.changes[0]).toMatchObject({ op: 'add', name: '学院路试点卫生站', fields: { gp_count: 3, beds: 10 } });
    // The name belongs to one facility: the form is ready for the next without it.
    expect(await page.getByTestId('add-addName').inputValue()).toBe('');
    expect(await page.getByTestId('add-gp_count').inputValue()).toBe('3');

    // The change list: name, type and place (street · community as PostGIS has them).
    const change = page.getByTestId('scenario-change').first();
    const text = await change.innerText();
    expect(text).toContain('学院路试点卫生站');
    expect(text).toContain('社区卫生服务站');
    expect(text).toContain(`${spot.street} · ${spot.community}`);
    // Click flies there.
    await page.evaluate(() => (globalThis as unknown as PageGlobals).__lifecircle!.map.jumpTo({ center: [0, 0], zoom: 12 }));
    await page.evaluate(({ lon, lat }) => (globalThis as unknown as PageGlobals).__lifecircle!.map.jumpTo({ center: [lon + 0.03, lat + 0.02], zoom: 12 }), spot);
    await page.getByTestId('tool-none').click();
    await page.getByTestId('change-fly').first().click();
    await page.waitForTimeout(900);
    await idle(page);
    const [lng, lat] = await center(page);
    expect(Math.abs(lng - spot.lon)).toBeLessThan(1e-4);
    expect(Math.abs(lat - spot.lat)).toBeLessThan(1e-4);

    // Siting: two proposals, named by default with their street; rename the second, find it, accept only it.
    await page.getByTestId('siting-p').fill('2');
    await page.getByTestId('siting-run').click();
    await page.getByTestId('siting-proposals').waitFor();
    const proposals = page.getByTestId('proposal');
    expect(await proposals.count()).toBe(2);
    expect(await proposals.nth(0).getByTestId('proposal-name').inputValue()).toMatch(/^建议点 1/);
    await proposals.nth(1).getByTestId('proposal-name').fill('清华东路新站');
    await proposals.nth(1).getByTestId('proposal-fly').click();
    await page.waitForTimeout(900);
    const proposalPoint = (await proposals.nth(1).getByTestId('proposal-fly').getAttribute('data-fly'))!.split(',').map(Number) as [number, number];
    const [plng, plat] = await center(page);
    expect(Math.hypot(plng - proposalPoint![0], plat - proposalPoint![1])).toBeLessThan(1e-4);
    await proposals.nth(1).getByTestId('proposal-accept').click();
    await page.waitForFunction(() => ((globalThis as unknown as PageGlobals).__lifecircle!.state().scenario as { changes: unknown[] } | null)?.changes.length === 2);
    await proposals.nth(1).getByTestId('proposal-accepted').waitFor();
    expect(await proposals.nth(0).getByTestId('proposal-accept').count()).toBe(1);
    const accepted = (await state(page)).scenario!.changes[1]!;
    expect(accepted).toMatchObject({ op: 'add', type: TYPE, name: '清华东路新站', source: { siting: { rank: 2 } } });
    await page.getByTestId('scenario-changes').getByText('清华东路新站').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/scenario-changes.png` });

    // Before/after: the figures /compare answers, per street and per plan target.
    await page.getByTestId('compare-run').scrollIntoViewIfNeeded();
    await page.getByTestId('compare-run').click();
    await page.getByTestId('compare-totals').waitFor();
    const planId = await page.getByTestId('compare-plan').inputValue();
    expect(planId).not.toBe('');
    const plans = (await (await fetch(`${server.url}/api/plans`)).json()) as { plans: Array<{ id: string; period: { to: number } }> };
    const horizon = `${plans.plans.find((p) => p.id === planId)!.period.to}-12-31`;
    const compare = (await (await fetch(`${server.url}/api/scenarios/${scenarioId}/compare?type=${TYPE}&level=street&plan=${planId}&as_of=${horizon}`, { headers: server.auth.planner })).json()) as {
      totals: { households_covered_before: number; households_covered_after: number; delta_households_covered: number; rate_before: number; rate_after: number };
      units: Array<{ code: string; delta_households_covered: number; rate_before: number; rate_after: number }>;
      plan: { targets: Array<{ id: string; value_before: number | null; value_after: number | null; status_before: string; status_after: string }> };
    };
    const totals = await page.getByTestId('compare-totals').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(totals[0]).toEqual([zh(compare.totals.households_covered_before), zh(compare.totals.households_covered_after), zhSigned(compare.totals.delta_households_covered)]);
    expect(totals[1]!.slice(0, 2)).toEqual([zhPercent(compare.totals.rate_before), zhPercent(compare.totals.rate_after)]);
    expect(compare.totals.delta_households_covered).toBeGreaterThan(0);
    const changed = compare.units.filter((u) => u.delta_households_covered !== 0).sort((a, b) => b.delta_households_covered - a.delta_households_covered);
    const rows = await page.getByTestId('compare-unit').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-unit')));
    expect(rows).toEqual(changed.map((u) => u.code));
    const changedTargets = compare.plan.targets.filter((x) => x.value_before !== x.value_after || x.status_before !== x.status_after);
    const shownTargets = await page.getByTestId('compare-target').evaluateAll((lis) => lis.map((li) => [li.getAttribute('data-target'), li.getAttribute('data-status-after')]));
    expect(shownTargets).toEqual(changedTargets.map((x) => [x.id, x.status_after]));
    await page.getByTestId('before-after').scrollIntoViewIfNeeded();
    await idle(page);
    await page.screenshot({ path: `${ARTIFACTS}/scenario-before-after.png` });
    copyFileSync(`${ARTIFACTS}/scenario-before-after.png`, `${ROOT}docs/before-after.png`);

    // A row flies to its street.
    const zoomBefore = await page.evaluate(() => (globalThis as unknown as PageGlobals).__lifecircle!.map.getZoom());
    await page.evaluate(() => (globalThis as unknown as PageGlobals).__lifecircle!.map.jumpTo({ center: [0, 0], zoom: 3 }));
    await page.getByTestId('compare-unit').first().click();
    await page.waitForTimeout(900);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).__lifecircle!.map.getZoom())).toBeGreaterThan(Math.min(zoomBefore, 10));

    // Downloads carry the planner's token (a private scenario) and a name in the user's terms.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('compare-export-xlsx').click()]);
    expect(download.suggestedFilename()).toBe(`方案对比-e2e_ 五道口试点-${TYPE}-街道-${horizon}.xlsx`);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 2)]).toEqual([0x50, 0x4b]);

    // The swipe slider keeps clear of the side panel.
    await page.getByTestId('compare-toggle').check();
    const slider = page.getByTestId('compare-slider');
    await slider.waitFor();
    await page.waitForTimeout(1200);
    const panelBox = (await page.locator('.lc-panel').boundingBox())!;
    const sliderBox = (await slider.boundingBox())!;
    const overlapX = Math.min(panelBox.x + panelBox.width, sliderBox.x + sliderBox.width) - Math.max(panelBox.x, sliderBox.x);
    const overlapY = Math.min(panelBox.y + panelBox.height, sliderBox.y + sliderBox.height) - Math.max(panelBox.y, sliderBox.y);
    expect(overlapX <= 0 || overlapY <= 0, `slider ${JSON.stringify(sliderBox)} clear of panel ${JSON.stringify(panelBox)}`).toBe(true);
    expect(sliderBox.width).toBeGreaterThan(300);
    await page.screenshot({ path: `${ARTIFACTS}/scenario-swipe.png` });
  });

  it('should start the evaluation date at the plan horizon in the UI format, read typed dates and link the report, CSV and XLSX', async () => {
    const page = await e2e.open(server.url, { context: { locale: 'en-US' }, query: '?lang=zh-CN' });
    await page.getByTestId('tab-indicators').click();
    await page.getByTestId('indicator-target').first().waitFor();
    const plans = (await (await fetch(`${server.url}/api/plans`)).json()) as { plans: Array<{ id: string; period: { from: number; to: number } }> };
    const plan = plans.plans[0]!;
    // An English browser, the Chinese UI: the field still reads yyyy/mm/dd, at the plan's end.
    const date = page.getByTestId('indicators-date');
    expect(await date.inputValue()).toBe(`${plan.period.to}/12/31`);
    expect(await date.getAttribute('placeholder')).toBe('yyyy/mm/dd');
    expect(await page.getByTestId('indicators-date-format').innerText()).toBe('格式 yyyy/mm/dd');
    const evaluated = (await (await fetch(`${server.url}/api/plans/${plan.id}/evaluation?as_of=${plan.period.to}-12-31`)).json()) as { targets: Array<{ id: string; status: string }> };
    const shown = await page.getByTestId('indicator-target').evaluateAll((items) => items.map((item) => [item.getAttribute('data-target-id'), item.getAttribute('data-status')]));
    expect(shown).toEqual(evaluated.targets.map((x) => [x.id, x.status]));

    // A typed date (Chinese style) is read; an impossible one is refused in place.
    const asked = page.waitForRequest((request) => request.url().includes(`/evaluation?`) && request.url().includes('as_of=2003-06-30'));
    await date.fill('2003年6月30日');
    await date.press('Enter');
    await date.blur();
    await asked;
    await page.getByTestId('indicator-target').first().waitFor();
    await date.fill('2003/02/30');
    await date.blur();
    expect(await date.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('indicators-date-format').innerText()).toContain('日期无效');
    await date.fill('2003/06/30');
    await date.blur();

    // Report, CSV and XLSX for the plan and date shown.
    const report = await page.getByTestId('indicators-report').getAttribute('href');
    expect(report).toContain('format=html');
    expect(report).toContain('as_of=2003-06-30');
    const html = await fetch(report!);
    expect(html.headers.get('content-type')).toContain('text/html');
    for (const format of ['csv', 'xlsx'] as const) {
      const href = (await page.getByTestId(`indicators-export-${format}`).getAttribute('href'))!;
      expect(href).toContain(`format=${format}`);
      const res = await fetch(href);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(0, format === 'csv' ? 3 : 2)]).toEqual(format === 'csv' ? [0xef, 0xbb, 0xbf] : [0x50, 0x4b]);
      expect(decodeURIComponent(res.headers.get('content-disposition') ?? '')).toContain('规划评估-');
    }
    await page.screenshot({ path: `${ARTIFACTS}/scenario-indicators-date.png` });

    // In English the field reads yyyy-mm-dd.
    await page.getByTestId('lang-en').click().catch(async () => page.locator('[data-lang="en"]').click());
    await page.waitForFunction(() => (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement.lang === 'en');
    expect(await date.inputValue()).toBe('2003-06-30');
    expect(await page.getByTestId('indicators-date-format').innerText()).toBe('Format yyyy-mm-dd');
  });
});
