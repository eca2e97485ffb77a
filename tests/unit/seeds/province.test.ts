import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROVINCE_CITIES, provinceCities, writeProvince } from '../../../seeds/demo-city/province.ts';

// The province generator at a reduced size (the full one is bench/province.ts): three small cities.
const OPTIONS = { cities: [30, 36, 30], buildingsPerCommunity: 4, facilitiesPerCommunity: 8 };
const dir = mkdtempSync(path.join(os.tmpdir(), 'lifecircle-province-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('province generator', () => {
  it('defaults to 30 000 communities in several cities', () => {
    expect(PROVINCE_CITIES.reduce((s, n) => s + n, 0)).toBe(30_000);
    expect(PROVINCE_CITIES.length).toBeGreaterThan(3);
  });

  it('writes cities side by side with prefixed, unique codes, and the files hold what the summary counts', async () => {
    const summary = await writeProvince(dir, OPTIONS);
    expect(summary.cities.map((c) => c.prefix)).toEqual(['P01', 'P02', 'P03']);
    expect(summary.communities).toBe(96);

    const units = readFileSync(summary.files['units.csv'], 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const districts = units.filter((u) => u[3] === '');
    const streets = units.filter((u) => u[3] !== '');
    expect(districts.length).toBe(summary.districts);
    expect(streets.length).toBe(summary.streets);
    // Every district carries its class (the import keeps it in properties); streets none. Each city has
    // a core (城区) and its counties are 远郊区县.
    expect(units[0]!.length).toBe(5);
    for (const d of districts) expect(['城区', '近郊区', '远郊区县']).toContain(d[4]);
    for (const d of districts) if (d[2] === 'county') expect(d[4]).toBe('远郊区县');
    for (const prefix of ['P01', 'P02', 'P03']) expect(districts.some((d) => d[0]!.startsWith(prefix) && d[4] === '城区')).toBe(true);
    expect(streets.every((s) => s[4] === '')).toBe(true);
    // Every street row comes after every district row, and names a district of its own city.
    const districtCodes = new Set(districts.map((d) => d[0]));
    expect(units.findIndex((u) => u[3] !== '')).toBe(districts.length);
    for (const s of streets) {
      expect(districtCodes.has(s[3])).toBe(true);
      expect(s[0]!.slice(0, 3)).toBe(s[3]!.slice(0, 3));
    }

    const read = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { features: Array<{ properties: Record<string, unknown>; geometry: { coordinates: unknown } }> }).features;
    const communities = read(summary.files['communities.geojson']);
    const buildings = read(summary.files['buildings.geojson']);
    const facilities = read(summary.files['facilities.geojson']);
    const network = read(summary.files['network.geojson']);
    expect([communities.length, buildings.length, facilities.length, network.length]).toEqual([summary.communities, summary.buildings, summary.facilities, summary.network_lines]);
    for (const list of [communities, buildings, facilities]) {
      const codes = list.map((f) => String(f.properties['code']));
      expect(new Set(codes).size).toBe(codes.length);
      expect(codes.every((c) => /^P0[1-3][A-Z]/.test(c))).toBe(true);
    }
    const streetCodes = new Set(streets.map((s) => s[0]));
    expect(communities.every((f) => streetCodes.has(String(f.properties['street_code'])))).toBe(true);
    // Buildings carry no community: the import assigns each by location.
    expect(buildings.every((f) => f.properties['community_code'] === undefined)).toBe(true);
    expect(network.filter((f) => f.properties['walkable'] === false).length).toBe(3); // one railway per city
  });

  it('is deterministic and keeps the cities apart', () => {
    const boxes = [...provinceCities(OPTIONS)].map((c) => c.bounds);
    const again = [...provinceCities(OPTIONS)].map((c) => c.bounds);
    expect(again).toEqual(boxes);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i]!, boxes[j]!];
        expect(a[2] < b[0] || b[2] < a[0] || a[3] < b[1] || b[3] < a[1]).toBe(true);
      }
    }
  });

  it('refuses bad sizes and a spacing that makes cities overlap', () => {
    expect(() => [...provinceCities({ cities: [10] })]).toThrow(/30–8000/);
    expect(() => [...provinceCities({ cities: [30, 30], spacingDeg: 0.01 })]).toThrow(/overlaps/);
  });
});
