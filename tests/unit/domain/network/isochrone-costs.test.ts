import { booleanPointInPolygon, booleanValid } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { walkingCatchmentPairs } from '../../../../api/src/domain/network/walking-catchment.ts';
import {
  createWalkingEngine,
  prepareWalkingNetwork,
  walkingCosts,
  walkingIsochrones,
  walkingUncoveredArea,
} from '../../../../api/src/domain/network/index.ts';
import { H, V, loadNetworkFixture } from './fixture.ts';

const fixture = loadNetworkFixture('river-ladder');
const walking = prepareWalkingNetwork(fixture.lines);
const u = (x: number, y: number): [number, number] => [x * 0.001, y * 0.001];
const origins = (points: Array<[number, number]>): FeatureCollection<Point, { n: number }> => ({
  type: 'FeatureCollection',
  features: points.map((coordinates, n) => ({ type: 'Feature', properties: { n }, geometry: { type: 'Point', coordinates } })),
});

describe('walking isochrones', () => {
  // F1 at (0.5, −0.1): the south street up to 300 m of walking, nothing across the river.
  const [area] = walkingIsochrones(walking, origins([u(0.5, -0.1)]), 300, { widthM: 20 }).features;
  const inside = (p: [number, number]) => booleanPointInPolygon(p, area!.geometry as Polygon | MultiPolygon);

  it('should be a valid polygon holding the streets within reach, and not the streets beyond it or across the river', () => {
    expect(booleanValid(area!.geometry!)).toBe(true);
    // Along the south street: 0.1 V + x H ≤ 300 → x ≤ 2.59 units each way from x = 0.5.
    expect(inside(u(2.9, 0))).toBe(true);
    expect(inside(u(3.3, 0))).toBe(false);
    expect(inside(u(0, 0))).toBe(true);
    // The north street is 100 m away as the crow flies, 900 m on foot.
    expect(inside(u(0.5, 2))).toBe(false);
    expect(inside(u(0.5, 1))).toBe(false);
    expect(area!.properties.street_m).toBeCloseTo(0.5 * H + (300 - 0.1 * V), 0);
    expect(area!.properties).toMatchObject({ n: 0, mode: 'walk', reach_m: 300, width_m: 20 });
  });

  it('should give an origin beyond the snap limit a null geometry, and not change its input', () => {
    const input = origins([u(2.5, 5), u(0.5, -0.1)]);
    const before = JSON.stringify(input);
    const fc = walkingIsochrones(walking, input, 300, { maxSnapM: 300 });
    expect(fc.features[0]!.geometry).toBeNull();
    expect(fc.features[0]!.properties.snap_m).toBeNull();
    expect(fc.features[1]!.geometry).not.toBeNull();
    expect(JSON.stringify(input)).toBe(before);
  });

  it('should leave uncovered the part of a community the walks do not reach', () => {
    const community: Feature<Polygon> = { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[u(0, -0.5), u(5, -0.5), u(5, 2.5), u(0, 2.5), u(0, -0.5)]] } };
    const gap = walkingUncoveredArea(walking, community, [[...u(0.5, -0.1), 300]], { widthM: 20 })!;
    expect(booleanPointInPolygon(u(0.5, 2), gap.geometry)).toBe(true);
    expect(booleanPointInPolygon(u(1, 0), gap.geometry)).toBe(false);
    expect(gap.properties.area_m2).toBeGreaterThan(0);
  });
});

describe('walking costs for siting and catchments for accessibility', () => {
  const demand = fixture.input.buildings.map((b) => ({ id: b.code, lon: b.lon, lat: b.lat, weight: b.households }));
  const sites = fixture.input.facilities.map((f) => ({ id: f.code, lon: f.lon, lat: f.lat }));

  it('should give each site the walk to each demand point within the limit, as the engine walks it', () => {
    const costs = walkingCosts(walking, demand, sites, { maxCostM: 1000, maxSnapM: 300, existing: sites });
    const engine = createWalkingEngine(fixture.input, walking, { maxSnapM: 300 });
    expect(costs.unreachableDemand).toEqual(['B4']);
    // Site F2 (index 1): B1 4.7 H + 0.1 V, B3 4.2 H + 0.95 V, B5 0.7 H + 0.02 V (by hand, fixture README); B2 via the bridge.
    const pairs = (j: number) => new Map(Array.from({ length: costs.siteStart[j + 1]! - costs.siteStart[j]! }, (_, k) => {
      const at = costs.siteStart[j]! + k;
      return [costs.demandIds[costs.demandIndex[at]!]!, costs.cost[at]!] as const;
    }));
    const f2 = pairs(1);
    expect(f2.get('B1')).toBeCloseTo(4.7 * H + 0.1 * V, 3);
    expect(f2.get('B3')).toBeCloseTo(4.2 * H + 0.95 * V, 3);
    expect(f2.get('B5')).toBeCloseTo(0.7 * H + 0.02 * V, 3);
    expect(f2.has('B4')).toBe(false);
    // existingCost is the engine's nearest-facility walk.
    const { distanceM } = engine.buildingDistances([{ type: 'health_station', reachMeters: 300 }], { asOf: '2026-01-01' });
    expect([...costs.existingCost!]).toEqual([...distanceM]);
    // The nearest site's cost is the engine's walk to the nearest facility (all within 1000 m here but B4).
    demand.forEach((d, i) => {
      if (d.id === 'B4') return;
      expect(Math.min(pairs(0).get(d.id) ?? Infinity, f2.get(d.id) ?? Infinity), d.id).toBeCloseTo(distanceM[i]!, 6);
    });
  });

  it('should catch the demand points within each facility\'s walking reach, with E2SFCA zone weights by walked distance', () => {
    const pairsOf = walkingCatchmentPairs(walking, { maxSnapM: 300 });
    const points = { lon: demand.map((d) => d.lon), lat: demand.map((d) => d.lat) };
    const stats = { demandPoints: 5, pairs: 0, candidates: 0, approxDecisions: 0, exactCalls: 0 };
    const zones = [{ upToFraction: 1 / 3, weight: 1 }, { upToFraction: 1, weight: 0.5 }];
    const pairs = pairsOf(points, sites.map((s) => ({ ...s, reachMeters: 400 })), zones, stats);
    const got = Array.from(pairs.demandIndex, (i, k) => [demand[i]!.id, sites[pairs.supplyIndex[k]!]!.id, pairs.weight[k]]);
    // B2 is 350 m from F1 (second zone); B5 78 m from F2 (first zone); B1 at 534 m is beyond 400 m.
    expect(got).toEqual([['B2', 'F1', 0.5], ['B5', 'F2', 1]]);
    expect(stats.pairs).toBe(2);
  });
});
