// #16: a link opens the same map (type, mode, theme, scenario, view), and `lifecircle.idle()`
// says when the map has drawn what its state asks for.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, idle, mapSuite, type MapHandle } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

interface Shown {
  search: string;
  selectedType: string | null;
  mode: string;
  theme: string;
  scenario: string | null;
  thematic: { status: string; key?: string };
  center: { lng: number; lat: number };
  zoom: number;
  /** Rendered communities' feature-state value, by code. */
  values: Record<string, number | null>;
}

async function shown(page: Page): Promise<Shown> {
  return page.evaluate(() => {
    const g = globalThis as unknown as { location: { search: string }; __lifecircle: { map: MapHandle & { getCenter(): { lng: number; lat: number }; getFeatureState(f: unknown): Record<string, unknown> }; state(): any } };
    const map = g.__lifecircle.map;
    const s = g.__lifecircle.state();
    const values: Record<string, number | null> = {};
    for (const f of map.queryRenderedFeatures({ layers: ['communities-fill'] })) {
      const code = String(f.properties.code);
      values[code] = (map.getFeatureState({ source: 'communities', sourceLayer: 'communities', id: code }).value as number | null | undefined) ?? null;
    }
    const c = map.getCenter();
    return { search: g.location.search, selectedType: s.selectedType, mode: s.mode, theme: s.theme, scenario: s.scenario?.id ?? null, thematic: { status: s.thematic.status, key: s.thematic.key }, center: { lng: c.lng, lat: c.lat }, zoom: map.getZoom(), values };
  });
}

describe.skipIf(!HAS_CHROMIUM)('shared map links (#16)', () => {
  let server: TestServer;
  const e2e = mapSuite(async () => [server = await startTestServer({ seed: 'demo' })], 180_000);
  const rates = async (query: string, headers: Record<string, string> = {}) => {
    const r = await fetch(`${server.url}/api/coverage?level=community&format=compact&${query}`, { headers });
    const body = (await r.json()) as { units: Record<string, [number, number]> };
    return new Map(Object.entries(body.units).map(([code, [covered, households]]) => [code, households > 0 ? covered / households : null]));
  };
  const open = async (query: string) => {
    const page = await e2e.open(server.url, { query });
    await idle(page);
    return page;
  };

  it('When a link names type, walking mode and a view, then the map opens on them, coloured by the walking answer, and the address follows later changes into a link that opens the same state', async () => {
    const first = await open('?type=health_center&mode=walk&view=118.05,36.80,13.5');
    const a = await shown(first);
    expect(a).toMatchObject({ selectedType: 'health_center', mode: 'walk', thematic: { status: 'ready' } });
    expect(a.thematic.key).toContain(':walk:');
    expect(a.center.lng).toBeCloseTo(118.05, 4);
    expect(a.center.lat).toBeCloseTo(36.8, 4);
    expect(a.zoom).toBeCloseTo(13.5, 2);
    const walk = await rates('type=health_center&mode=walk');
    expect(Object.keys(a.values).length).toBeGreaterThan(3);
    for (const [code, value] of Object.entries(a.values)) expect([code, value]).toEqual([code, walk.get(code) ?? null]);

    // A change of type and view: the address follows; the new link opens the same state.
    await first.evaluate(() => {
      const g = globalThis as unknown as { __lifecircle: { store: { update(p: unknown): void }; map: MapHandle } };
      g.__lifecircle.store.update({ selectedType: 'health_station' });
      g.__lifecircle.map.jumpTo({ center: [118.07, 36.82], zoom: 14 });
    });
    await idle(first);
    const b = await shown(first);
    expect(b.search).toMatch(/type=health_station/);
    expect(b.search).toMatch(/mode=walk/);
    expect(b.search).toMatch(/view=118\.07000,36\.82000,14\.00/);
    const second = await open(b.search);
    const c = await shown(second);
    expect({ ...c, center: null, values: null }).toEqual({ ...b, center: null, values: null });
    expect(c.center.lng).toBeCloseTo(b.center.lng, 4);
    expect(c.center.lat).toBeCloseTo(b.center.lat, 4);
    expect(c.values).toEqual(b.values);
    expect(e2e.errors).toEqual([]);
  });

  it('When a link names a published scenario, then the map opens coloured by that scenario\'s answer', async () => {
    const created = await fetch(`${server.url}/api/scenarios`, {
      method: 'POST', headers: { ...server.auth.admin, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'shared', published: true, changes: [{ op: 'add', type: 'health_station', lon: 118.05, lat: 36.8 }] }),
    });
    expect(created.status).toBe(201);
    const id = String(((await created.json()) as { id: number }).id);
    const page = await open(`?type=health_station&scenario=${id}&view=118.05,36.80,14`);
    const s = await shown(page);
    expect(s).toMatchObject({ selectedType: 'health_station', scenario: id, thematic: { status: 'ready' } });
    expect(s.search).toContain(`scenario=${id}`);
    const withScenario = await rates(`type=health_station&scenario=${id}`);
    const baseline = await rates('type=health_station');
    for (const [code, value] of Object.entries(s.values)) expect([code, value]).toEqual([code, withScenario.get(code) ?? null]);
    // The added station changes some community in view, so the colours really are the scenario's.
    expect(Object.keys(s.values).some((code) => withScenario.get(code) !== baseline.get(code))).toBe(true);
    expect(e2e.errors).toEqual([]);
  });

  it('When the type is switched while its colours are on the way, then the facilities switch with the colours, not before', async () => {
    const page = await open('?type=health_station');
    // The new type's community answer is held back, so the switch waits for it.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/api\/coverage\?type=culture_room&level=community/, async (route) => {
      await held;
      await route.continue();
    });
    const filterAndStatus = () => page.evaluate(() => {
      const g = globalThis as unknown as { __lifecircle: { map: { getFilter(id: string): unknown }; state(): { selectedType: string; thematic: { status: string } } } };
      return { filter: JSON.stringify(g.__lifecircle.map.getFilter('facilities-circle')), type: g.__lifecircle.state().selectedType, status: g.__lifecircle.state().thematic.status };
    });
    await page.evaluate(() => (globalThis as unknown as { __lifecircle: { store: { update(p: unknown): void } } }).__lifecircle.store.update({ selectedType: 'culture_room' }));
    await page.waitForTimeout(400);
    expect(await filterAndStatus()).toEqual({ filter: JSON.stringify(['==', ['get', 'type'], 'health_station']), type: 'culture_room', status: 'loading' });
    release();
    await idle(page);
    expect(await filterAndStatus()).toEqual({ filter: JSON.stringify(['==', ['get', 'type'], 'culture_room']), type: 'culture_room', status: 'ready' });
    expect(e2e.errors).toEqual([]);
  });
});
