import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { area, booleanClockwise, booleanPointInPolygon, booleanValid, intersect, polygon } from '@turf/turf';
import type { Feature, MultiPolygon, Position } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import catalogue from '../../../seeds/facility-types.json' with { type: 'json' };
import { generateCity, type City } from '../../../seeds/demo-city/generate.ts';

/** Summary of a small city, regenerated with UPDATE=1 (review the diff by hand). */
const SMALL_FIXTURE = fileURLToPath(new URL('../../fixtures/seeds/demo-city-small.summary.json', import.meta.url));
const SMALL_OPTIONS = { seed: 7, communities: 40, buildingsPerCommunity: 6 };

type BBox = [number, number, number, number];

function bboxOf(coordinates: readonly Position[]): BBox {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of coordinates) {
    box[0] = Math.min(box[0], x as number);
    box[1] = Math.min(box[1], y as number);
    box[2] = Math.max(box[2], x as number);
    box[3] = Math.max(box[3], y as number);
  }
  return box;
}

function bboxesOverlap(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

function outerRings(feature: Feature<MultiPolygon>): Position[][] {
  return feature.geometry.coordinates.map((part) => part[0] as Position[]);
}

/** Proper crossing of segments p1p2 and q1q2 (touching at end points does not count). */
function segmentsCross(p1: Position, p2: Position, q1: Position, q2: Position): boolean {
  const orient = (a: Position, b: Position, c: Position): number =>
    Math.sign(((b[0] as number) - (a[0] as number)) * ((c[1] as number) - (a[1] as number)) - ((b[1] as number) - (a[1] as number)) * ((c[0] as number) - (a[0] as number)));
  const d1 = orient(q1, q2, p1);
  const d2 = orient(q1, q2, p2);
  const d3 = orient(p1, p2, q1);
  const d4 = orient(p1, p2, q2);
  return d1 * d2 < 0 && d3 * d4 < 0;
}

/** Whether a 2-point line crosses a polyline anywhere (bbox-prefiltered). */
function crossesPolyline(line: Position[], polyline: Position[]): boolean {
  const box = bboxOf(line);
  for (let i = 0; i + 1 < polyline.length; i++) {
    const a = polyline[i] as Position;
    const b = polyline[i + 1] as Position;
    if (!bboxesOverlap(box, bboxOf([a, b]))) continue;
    for (let j = 0; j + 1 < line.length; j++) {
      if (segmentsCross(line[j] as Position, line[j + 1] as Position, a, b)) return true;
    }
  }
  return false;
}

function summarize(city: City): Record<string, unknown> {
  const json = JSON.stringify(city);
  return {
    options: SMALL_OPTIONS,
    districts: city.districts.length,
    streets: city.streets.length,
    communities: city.communities.features.length,
    buildings: city.buildings.features.length,
    facilities: city.facilities.features.length,
    network: city.network.features.length,
    households: city.communities.features.reduce((s, f) => s + f.properties.households, 0),
    firstCommunity: city.communities.features[0]?.properties,
    sha256: createHash('sha256').update(json).digest('hex'),
  };
}

describe('generateCity (default options)', () => {
  // One city for the read-only checks below; no test mutates it.
  let city: City;
  beforeAll(() => {
    city = generateCity();
  });

  describe('determinism', () => {
    it('should give byte-identical output for the same options', () => {
      const again = generateCity();
      expect(again).toEqual(city);
      expect(JSON.stringify(again)).toBe(JSON.stringify(city));
    });

    it('should give a different city for a different seed', () => {
      const other = generateCity({ seed: 1 });
      expect(JSON.stringify(other.communities)).not.toBe(JSON.stringify(city.communities));
    });

    it('should match the reviewed summary of a small city (UPDATE=1 regenerates it)', () => {
      const summary = summarize(generateCity(SMALL_OPTIONS));
      // Regenerating is a deliberate act (UPDATE=1, then review the diff); a missing fixture fails.
      if (process.env.UPDATE) {
        mkdirSync(dirname(SMALL_FIXTURE), { recursive: true });
        writeFileSync(SMALL_FIXTURE, `${JSON.stringify(summary, null, 2)}\n`);
      }
      expect(existsSync(SMALL_FIXTURE), `${SMALL_FIXTURE} is missing: run UPDATE=1 npx vitest run tests/unit/seeds and review it`).toBe(true);
      expect(summary).toEqual(JSON.parse(readFileSync(SMALL_FIXTURE, 'utf8')));
    });

    it('should not mutate its options', () => {
      const options = { seed: 3, communities: 30, center: [118.05, 36.8] as [number, number] };
      const copy = structuredClone(options);
      generateCity(options);
      expect(options).toEqual(copy);
    });
  });

  describe('administrative units', () => {
    it('should have ≥ 2 districts and exactly 1 county, with D-codes', () => {
      expect(city.name).toEqual({ zh: '示范市', en: 'Demo City' });
      expect(city.districts.filter((d) => d.kind === 'district').length).toBeGreaterThanOrEqual(2);
      expect(city.districts.filter((d) => d.kind === 'county')).toHaveLength(1);
      for (const d of city.districts) expect(d.code).toMatch(/^D\d{2}$/);
      expect(new Set(city.districts.map((d) => d.name)).size).toBe(city.districts.length);
    });

    it('should give districts the Beijing classes, one example of each, and have streets and townships in the county', () => {
      // Default city: D01 城区, D02 近郊区, D03 远郊区县 (a district), D04 the county, also 远郊区县.
      expect(city.districts.map((d) => `${d.code} ${d.kind} ${String(d.properties['class'])}`)).toEqual([
        'D01 district 城区', 'D02 district 近郊区', 'D03 district 远郊区县', 'D04 county 远郊区县',
      ]);
      const county = city.districts.find((d) => d.kind === 'county')!;
      const kinds = city.streets.filter((s) => s.district_code === county.code).map((s) => s.kind);
      expect(kinds.filter((k) => k === 'street')).toHaveLength(1);
      expect(kinds.filter((k) => k === 'township').length).toBeGreaterThanOrEqual(2);
    });

    it('should have ~30 streets with codes under existing districts; county mostly townships', () => {
      expect(city.streets.length).toBeGreaterThanOrEqual(25);
      expect(city.streets.length).toBeLessThanOrEqual(40);
      const districtKind = new Map(city.districts.map((d) => [d.code, d.kind]));
      for (const s of city.streets) {
        expect(s.code).toMatch(/^D\d{2}S\d{2}$/);
        expect(s.code.startsWith(s.district_code)).toBe(true);
        expect(districtKind.has(s.district_code)).toBe(true);
        expect(s.name).toMatch(s.kind === 'street' ? /街道$/ : /[镇乡]$/);
        if (districtKind.get(s.district_code) === 'district') expect(s.kind).toBe('street');
      }
      const countyStreets = city.streets.filter((s) => districtKind.get(s.district_code) === 'county');
      expect(countyStreets.filter((s) => s.kind === 'township').length).toBeGreaterThan(countyStreets.length / 2);
      expect(new Set(city.streets.map((s) => s.code)).size).toBe(city.streets.length);
    });

    it('should have 300 communities with codes under existing streets and unique names', () => {
      const streetCodes = new Set(city.streets.map((s) => s.code));
      expect(city.communities.features).toHaveLength(300);
      for (const f of city.communities.features) {
        expect(f.id).toBe(f.properties.code);
        expect(f.properties.code).toMatch(/^D\d{2}S\d{2}C\d{2}$/);
        expect(f.properties.code.startsWith(f.properties.street_code)).toBe(true);
        expect(streetCodes.has(f.properties.street_code)).toBe(true);
        expect(f.properties.name).toMatch(/社区$/);
      }
      expect(new Set(city.communities.features.map((f) => f.properties.name)).size).toBe(300);
      // Every street has communities.
      expect(new Set(city.communities.features.map((f) => f.properties.street_code)).size).toBe(city.streets.length);
    });

    it('should keep households mostly within 1000–3000, population ≈ 2.6–3.0 per household, elderly 12–22 %', () => {
      const outside = city.communities.features.filter((f) => f.properties.households < 1000 || f.properties.households > 3000);
      expect(outside.length).toBeGreaterThanOrEqual(0.02 * 300);
      expect(outside.length).toBeLessThanOrEqual(0.04 * 300);
      for (const { properties: p } of city.communities.features) {
        expect(Number.isInteger(p.households) && p.households > 0).toBe(true);
        expect(p.population / p.households).toBeGreaterThanOrEqual(2.6 - 0.01);
        expect(p.population / p.households).toBeLessThanOrEqual(3.0 + 0.01);
        expect(p.elderly / p.population).toBeGreaterThanOrEqual(0.12 - 0.001);
        expect(p.elderly / p.population).toBeLessThanOrEqual(0.22 + 0.001);
      }
    });
  });

  describe('community polygons', () => {
    it('should be valid, closed and counter-clockwise, rounded to 7 decimals', () => {
      for (const f of city.communities.features) {
        expect(booleanValid(f)).toBe(true);
        for (const part of f.geometry.coordinates) {
          expect(part).toHaveLength(1);
          const ring = part[0] as Position[];
          expect(ring.length).toBeGreaterThanOrEqual(4);
          expect(ring[0]).toEqual(ring[ring.length - 1]);
          expect(booleanClockwise(ring)).toBe(false);
          for (const [x, y] of ring) {
            expect(Math.round((x as number) * 1e7) / 1e7).toBe(x);
            expect(Math.round((y as number) * 1e7) / 1e7).toBe(y);
          }
        }
      }
    });

    it('should share exact edges: every edge is used once or twice, and twice in opposite directions', () => {
      const uses = new Map<string, number>();
      for (const f of city.communities.features) {
        for (const ring of outerRings(f)) {
          for (let i = 0; i + 1 < ring.length; i++) {
            const key = `${String(ring[i])}|${String(ring[i + 1])}`;
            uses.set(key, (uses.get(key) ?? 0) + 1);
          }
        }
      }
      let shared = 0;
      for (const [key, count] of uses) {
        expect(count).toBe(1); // never the same directed edge twice (that would be an overlap)
        const [a, b] = key.split('|');
        if (uses.has(`${b}|${a}`)) shared += 1;
      }
      // Most edges are interior (shared by two neighbours); only the city outline is not.
      expect(shared / uses.size).toBeGreaterThan(0.75);
    });

    it('should not overlap (Turf intersect of bbox-neighbours has negligible area)', () => {
      const parts = city.communities.features.flatMap((f) =>
        outerRings(f).map((ring) => ({ code: f.properties.code, ring, box: bboxOf(ring) })),
      );
      let checked = 0;
      for (let i = 0; i < parts.length; i++) {
        for (let j = i + 1; j < parts.length; j++) {
          const p = parts[i] as (typeof parts)[number];
          const q = parts[j] as (typeof parts)[number];
          if (p.code === q.code || !bboxesOverlap(p.box, q.box)) continue;
          const overlap = intersect({ type: 'FeatureCollection', features: [polygon([p.ring]), polygon([q.ring])] });
          checked += 1;
          expect(overlap === null ? 0 : area(overlap)).toBeLessThan(1);
        }
      }
      expect(checked).toBeGreaterThan(300);
    });

    it('should have at least one MultiPolygon community with ≥ 2 parts', () => {
      const multi = city.communities.features.filter((f) => f.geometry.coordinates.length >= 2);
      expect(multi.length).toBeGreaterThanOrEqual(1);
    });
  });

  describe('buildings', () => {
    it('should lie inside their community, with integer households ≥ 1 and unique codes', () => {
      const byCode = new Map(city.communities.features.map((f) => [f.properties.code, f]));
      for (const b of city.buildings.features) {
        const community = byCode.get(b.properties.community_code);
        expect(community).toBeDefined();
        expect(b.id).toBe(b.properties.code);
        expect(Number.isInteger(b.properties.households) && b.properties.households >= 1).toBe(true);
        expect(booleanPointInPolygon(b, community as Feature<MultiPolygon>, { ignoreBoundary: true })).toBe(true);
      }
      expect(new Set(city.buildings.features.map((b) => b.properties.code)).size).toBe(city.buildings.features.length);
    });

    it('should sum to the community households exactly, except 1–3 communities with no buildings', () => {
      const sums = new Map<string, number>();
      for (const b of city.buildings.features) {
        sums.set(b.properties.community_code, (sums.get(b.properties.community_code) ?? 0) + b.properties.households);
      }
      const empty = city.communities.features.filter((f) => !sums.has(f.properties.code));
      expect(empty.length).toBeGreaterThanOrEqual(1);
      expect(empty.length).toBeLessThanOrEqual(3);
      for (const f of empty) expect(f.properties.households).toBeGreaterThan(0);
      for (const f of city.communities.features) {
        if (sums.has(f.properties.code)) expect(sums.get(f.properties.code)).toBe(f.properties.households);
      }
      const counts = [...new Set(city.buildings.features.map((b) => b.properties.community_code))].map(
        (code) => city.buildings.features.filter((b) => b.properties.community_code === code).length,
      );
      expect(Math.min(...counts)).toBeGreaterThanOrEqual(6);
      expect(Math.max(...counts)).toBeLessThanOrEqual(30);
      expect(city.buildings.features.length / 300).toBeGreaterThan(13);
      expect(city.buildings.features.length / 300).toBeLessThan(19);
    });
  });

  describe('facilities', () => {
    const ofType = (type: string) => city.facilities.features.filter((f) => f.properties.type === type);

    it('should include every catalogue type, with unique codes and known statuses', () => {
      const types = new Set(city.facilities.features.map((f) => f.properties.type));
      for (const type of catalogue.types) expect(types.has(type.code)).toBe(true);
      expect([...types].every((t) => catalogue.types.some((type) => type.code === t))).toBe(true);
      const codes = city.facilities.features.map((f) => f.properties.code);
      expect(new Set(codes).size).toBe(codes.length);
      for (const f of city.facilities.features) {
        expect(f.id).toBe(f.properties.code);
        expect(['open', 'planned', 'closed']).toContain(f.properties.status);
      }
    });

    it('should date openings 1995–2012, closings after openings, plans in 2027 or undated', () => {
      const statuses = new Map<string, number>();
      for (const { properties: p } of city.facilities.features) {
        statuses.set(p.status, (statuses.get(p.status) ?? 0) + 1);
        if (p.status === 'planned') {
          expect(p.opened_on === null || p.opened_on.startsWith('2027-')).toBe(true);
          expect(p.closed_on).toBeNull();
          continue;
        }
        expect(p.opened_on).toMatch(/^(199[5-9]|20(0\d|1[0-2]))-\d{2}-\d{2}$/);
        if (p.status === 'closed') {
          expect(p.closed_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect((p.closed_on as string) > (p.opened_on as string)).toBe(true);
          expect((p.closed_on as string) < '2026-01-01').toBe(true);
        } else expect(p.closed_on).toBeNull();
      }
      expect(statuses.get('closed') ?? 0).toBeGreaterThan(5);
      expect(statuses.get('planned') ?? 0).toBeGreaterThan(5);
      // Openings are spread, so evaluating in 2001 and in 2007 differs.
      const openBy = (date: string) =>
        city.facilities.features.filter((f) => f.properties.opened_on !== null && f.properties.opened_on <= date && (f.properties.closed_on ?? '9999') > date).length;
      expect(openBy('2007-12-31')).toBeGreaterThan(openBy('2001-12-31') * 1.3);
    });

    it('should lie inside the city (every facility in some community)', () => {
      const parts = city.communities.features.flatMap((f) => outerRings(f).map((ring) => ({ f, box: bboxOf(ring) })));
      for (const facility of city.facilities.features) {
        const [x, y] = facility.geometry.coordinates as [number, number];
        const inside = parts.some(
          ({ f, box }) => x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3] && booleanPointInPolygon(facility, f),
        );
        expect(inside).toBe(true);
      }
    });

    it('should leave 3–5 streets without an open health center, with closures and exactly one planned', () => {
      const centers = ofType('health_center');
      // Centers are named after their street (a center near a street's edge may stand in the next one).
      const namedStreets = new Set(
        city.streets.filter((s) => centers.some((c) => c.properties.status === 'open' && c.properties.name.startsWith(s.name))).map((s) => s.code),
      );
      const gaps = city.streets.length - namedStreets.size;
      expect(gaps).toBeGreaterThanOrEqual(3);
      expect(gaps).toBeLessThanOrEqual(5);
      expect(centers.filter((f) => f.properties.status === 'planned')).toHaveLength(1);
      expect(centers.filter((f) => f.properties.status === 'closed').length).toBeGreaterThanOrEqual(2);
      for (const c of centers) {
        expect(c.properties.gp_count).toBeGreaterThanOrEqual(2);
        expect(c.properties.gp_count).toBeLessThanOrEqual(12);
      }
    });

    it('should have the coverage shares and attributes the plan analysis expects', () => {
      const n = city.communities.features.length;
      const streets = city.streets.length;
      const share = (type: string, of: number) => ofType(type).length / of;
      expect(share('health_station', n)).toBeGreaterThan(0.6);
      expect(share('health_station', n)).toBeLessThan(0.8);
      const stations = ofType('health_station');
      expect(stations.filter((f) => f.properties.grade === 'A').length / stations.length).toBeGreaterThan(0.65);
      expect(stations.filter((f) => f.properties.grade === 'A').length / stations.length).toBeLessThan(0.85);
      expect(share('culture_room', n)).toBeGreaterThan(0.7);
      expect(share('police_office', n)).toBeGreaterThan(0.8);
      expect(share('employment_station', n)).toBeGreaterThan(0.45);
      expect(share('employment_station', n)).toBeLessThan(0.65);
      expect(ofType('culture_station')).toHaveLength(streets);
      const undersized = ofType('culture_station').filter((f) => (f.properties.floor_area_m2 as number) < 300).length;
      expect(undersized / streets).toBeGreaterThan(0.1);
      expect(undersized / streets).toBeLessThan(0.5);
      expect(ofType('district_service_center')).toHaveLength(city.districts.length);
      for (const f of ofType('district_service_center')) {
        expect(f.properties.floor_area_m2).toBeGreaterThanOrEqual(1500);
        expect(f.properties.service_items).toBeGreaterThanOrEqual(6);
      }
      expect(ofType('fitness_ground').some((f) => (f.properties.site_area_m2 as number) < 800)).toBe(true);
    });

    it('should have too few elderly beds (0.8–1.1 % of the elderly) and outlets (≈ 1.5 per 1000)', () => {
      const elderly = city.communities.features.reduce((s, f) => s + f.properties.elderly, 0);
      const population = city.communities.features.reduce((s, f) => s + f.properties.population, 0);
      const beds = city.facilities.features
        .filter((f) => f.properties.status === 'open' && (f.properties.type === 'elderly_home' || f.properties.type === 'elderly_daycare'))
        .reduce((s, f) => s + (f.properties.beds ?? 0), 0);
      expect(beds / elderly).toBeGreaterThanOrEqual(0.008);
      expect(beds / elderly).toBeLessThanOrEqual(0.011);
      const homes = ofType('elderly_home');
      expect(homes.some((f) => (f.properties.beds as number) < 30)).toBe(true);
      for (const f of homes) {
        expect(f.properties.beds).toBeGreaterThanOrEqual(20);
        expect(f.properties.beds).toBeLessThanOrEqual(200);
      }
      expect((ofType('convenience_outlet').length / population) * 1000).toBeCloseTo(1.5, 1);
    });
  });

  describe('network, river and railway', () => {
    it('should have lines of ≥ 2 distinct coordinates with known kinds', () => {
      const kinds = new Set(['primary', 'secondary', 'residential', 'unclassified', 'footway']);
      expect(city.network.features.length).toBeGreaterThan(1000);
      for (const f of city.network.features) {
        const coordinates = f.geometry.coordinates;
        expect(coordinates.length).toBeGreaterThanOrEqual(2);
        expect(coordinates[0]).not.toEqual(coordinates[1]);
        expect(kinds.has(f.properties.kind)).toBe(true);
      }
      for (const kind of kinds) expect(city.network.features.some((f) => f.properties.kind === kind)).toBe(true);
      expect(city.network.features.some((f) => f.properties.name === '人民路')).toBe(true);
    });

    it('should be pre-noded and connected: lines meet only at shared end points, one component', () => {
      const lines = city.network.features.map((f) => ({ c: f.geometry.coordinates, box: bboxOf(f.geometry.coordinates) }));
      for (let i = 0; i < lines.length; i++) {
        for (let j = i + 1; j < lines.length; j++) {
          const p = lines[i] as (typeof lines)[number];
          const q = lines[j] as (typeof lines)[number];
          if (!bboxesOverlap(p.box, q.box)) continue;
          expect(crossesPolyline(p.c, q.c)).toBe(false);
        }
      }
      const parent = new Map<string, string>();
      const find = (k: string): string => {
        while (parent.has(k) && parent.get(k) !== k) k = parent.get(k) as string;
        return k;
      };
      for (const { c } of lines) {
        const a = find(String(c[0]));
        const b = find(String(c[c.length - 1]));
        if (a !== b) parent.set(a, b);
      }
      const roots = new Set(lines.map(({ c }) => find(String(c[0]))));
      expect(roots.size).toBe(1);
    });

    it('should cross the river only at 3–4 named bridges and the railway only at ≥ 2 underpasses', () => {
      const river = city.river.features.find((f) => f.properties.kind === 'river');
      const rail = city.barriers.features.find((f) => f.properties.kind === 'rail');
      expect(river?.geometry.type).toBe('LineString');
      expect(rail?.geometry.type).toBe('LineString');
      const riverLine = river?.geometry.coordinates as Position[];
      const railLine = rail?.geometry.coordinates as Position[];
      const riverCrossings = city.network.features.filter((f) => crossesPolyline(f.geometry.coordinates, riverLine));
      const railCrossings = city.network.features.filter((f) => crossesPolyline(f.geometry.coordinates, railLine));
      expect(riverCrossings.length).toBeGreaterThanOrEqual(3);
      expect(riverCrossings.length).toBeLessThanOrEqual(4);
      for (const f of riverCrossings) expect(f.properties.name).toMatch(/桥$/);
      expect(railCrossings.length).toBeGreaterThanOrEqual(2);
      for (const f of railCrossings) expect(f.properties.name).toMatch(/(下穿通道|地道)$/);
    });

    it('should draw the river as a valid counter-clockwise polygon', () => {
      const water = city.river.features.find((f) => f.properties.kind === 'water');
      expect(water?.geometry.type).toBe('Polygon');
      expect(booleanValid(water as Feature)).toBe(true);
      expect(booleanClockwise((water?.geometry.coordinates as Position[][])[0] as Position[])).toBe(false);
    });
  });

  describe('input validation', () => {
    it.each([
      [{ communities: 5 }, /communities must be an integer 30–20000/],
      [{ communities: 300.5 }, /communities must be an integer/],
      [{ buildingsPerCommunity: 0 }, /buildingsPerCommunity must be 1–500/],
      [{ center: [200, 36] as [number, number] }, /center must be \[lon, lat\]/],
      [{ seed: Number.NaN }, /seed must be a finite number/],
      [{ facilitiesPerCommunity: 2 }, /facilitiesPerCommunity must be 6–1000/],
    ])('should reject %j', (options, message) => {
      expect(() => generateCity(options)).toThrow(message);
    });
  });
});

describe('generateCity at benchmark scale', () => {
  it('should give ~130 000 buildings and exactly 12 facilities per community for 3300 communities', () => {
    const city = generateCity({ communities: 3300, buildingsPerCommunity: 40, facilitiesPerCommunity: 12 });
    expect(city.communities.features).toHaveLength(3300);
    expect(city.buildings.features.length).toBeGreaterThan(130_000 * 0.85);
    expect(city.buildings.features.length).toBeLessThan(130_000 * 1.15);
    expect(city.facilities.features).toHaveLength(3300 * 12);
    expect(city.districts.filter((d) => d.kind === 'county').length).toBeGreaterThanOrEqual(1);
    expect(new Set(city.facilities.features.map((f) => f.properties.type)).size).toBe(catalogue.types.length);
  }, 120_000);
});
