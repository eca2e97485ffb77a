import type { FeatureCollection, Polygon } from 'geojson';
import geodesic from 'geographiclib-geodesic';
import { booleanPointInPolygon } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { coverageProblem, featureCandidates, gridCandidates, minSpacingConflicts, SitingInputError, type DemandPoint, type SitePoint } from '../../../../api/src/domain/siting/index.ts';

const WGS84 = geodesic.Geodesic.WGS84;
/** Independent truth: GeographicLib Inverse, demand point first (PostGIS's ST_DWithin order). */
const metres = (a: { lon: number; lat: number }, b: { lon: number; lat: number }): number => WGS84.Inverse(a.lat, a.lon, b.lat, b.lon).s12 as number;
const destination = (o: { lon: number; lat: number }, azimuth: number, d: number) => {
  const r = WGS84.Direct(o.lat, o.lon, azimuth, d);
  return { lon: r.lon2 as number, lat: r.lat2 as number };
};

/** A seeded generator (LCG), so the cases are the same on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const CENTER = { lon: 118.05, lat: 36.8 }; // Zibo
const REACH = 300;

function scene(seed: number): { demand: DemandPoint[]; candidates: SitePoint[]; existing: Array<{ lon: number; lat: number }> } {
  const r = random(seed);
  const candidates: SitePoint[] = Array.from({ length: 25 }, (_, j) => ({ id: `S${j}`, ...destination(CENTER, r() * 360, r() * 1500) }));
  const demand: DemandPoint[] = Array.from({ length: 400 }, (_, i) => ({ id: `D${i}`, ...destination(CENTER, r() * 360, r() * 1800), weight: Math.floor(r() * 40) }));
  // Points a hair inside and outside the reach of some candidates (the approximation's hard case).
  candidates.slice(0, 8).forEach((c, k) => {
    for (const delta of [-2e-6, -1e-7, 1e-7, 2e-6]) demand.push({ id: `E${k}_${delta}`, ...destination(c, 37 * k, REACH + delta), weight: 3 });
  });
  const existing = Array.from({ length: 4 }, () => destination(CENTER, r() * 360, r() * 1500));
  return { demand, candidates, existing };
}

describe('coverageProblem', () => {
  it.each([1, 2, 3])('should list every pair within maxCostM with its geodesic metres, deciding "≤ reach" exactly (seed %i)', (seed) => {
    const { demand, candidates, existing } = scene(seed);
    const maxCostM = 800;
    const problem = coverageProblem({ demand, candidates, existing, reachM: REACH, maxCostM });
    expect(problem.unlistedCost).toBe(maxCostM);
    let boundaryPairs = 0;
    candidates.forEach((c, j) => {
      const listed = new Map<number, number>();
      for (let k = problem.siteStart[j]!; k < problem.siteStart[j + 1]!; k++) listed.set(problem.demandIndex[k]!, problem.cost[k]!);
      demand.forEach((d, i) => {
        const truth = metres(d, c);
        if (Math.abs(truth - REACH) < 1e-5) boundaryPairs++;
        if (truth <= maxCostM) {
          expect(listed.has(i)).toBe(true);
          const cost = listed.get(i)!;
          expect(Math.abs(cost - truth)).toBeLessThanOrEqual(1e-6 * truth + 1e-6);
          expect(cost <= REACH).toBe(truth <= REACH);
        } else expect(listed.has(i)).toBe(false);
      });
    });
    expect(boundaryPairs).toBeGreaterThanOrEqual(32);
    demand.forEach((d, i) => {
      const nearest = Math.min(...existing.map((e) => metres(d, e)));
      const got = problem.existingCost![i]!;
      if (nearest > maxCostM) expect(got).toBe(Infinity);
      else {
        expect(Math.abs(got - nearest)).toBeLessThanOrEqual(1e-6 * nearest + 1e-6);
        expect(got <= REACH).toBe(nearest <= REACH);
      }
    });
  });

  it('should keep the demand and candidate order and ids', () => {
    const { demand, candidates } = scene(4);
    const problem = coverageProblem({ demand, candidates, reachM: REACH });
    expect(problem.demandIds).toEqual(demand.map((d) => d.id));
    expect(problem.siteIds).toEqual(candidates.map((c) => c.id));
    expect([...problem.weights]).toEqual(demand.map((d) => d.weight));
    expect([...problem.existingCost!].every((v) => v === Infinity)).toBe(true);
  });

  it.each([
    ['a repeated demand id', { demand: [{ id: 'a', lon: 118, lat: 36, weight: 1 }, { id: 'a', lon: 118, lat: 36, weight: 1 }] }, 'demand[1].id'],
    ['a latitude out of range', { candidates: [{ id: 's', lon: 118, lat: 95 }] }, 'candidates[0]'],
    ['a negative weight', { demand: [{ id: 'a', lon: 118, lat: 36, weight: -1 }] }, 'demand[0].weight'],
    ['a cut-off below the reach', { maxCostM: 100 }, 'maxCostM'],
    ['no reach', { reachM: 0 }, 'reachM'],
  ])('When given %s, then it throws a SitingInputError naming %s', (_, patch, field) => {
    const input = { demand: [{ id: 'a', lon: 118, lat: 36, weight: 1 }], candidates: [{ id: 's', lon: 118, lat: 36 }], reachM: 300, ...patch };
    expect(() => coverageProblem(input)).toThrow(expect.objectContaining({ field }));
  });
});

describe('minSpacingConflicts', () => {
  it('should give exactly the pairs closer than the spacing (geodesic), a < b, sorted', () => {
    const r = random(7);
    const points = Array.from({ length: 120 }, () => destination(CENTER, r() * 360, r() * 2000));
    points.push(destination(points[0]!, 90, 200 - 1e-6), destination(points[1]!, 45, 200 + 1e-6));
    const got = minSpacingConflicts(points, 200);
    const truth: Array<[number, number]> = [];
    for (let a = 0; a < points.length; a++) for (let b = a + 1; b < points.length; b++) if (metres(points[a]!, points[b]!) < 200) truth.push([a, b]);
    expect(truth.length).toBeGreaterThan(10);
    expect(got).toEqual(truth);
  });

  it('When the spacing is not positive, then it names min_spacing_m', () => {
    expect(() => minSpacingConflicts([], 0)).toThrow(SitingInputError);
  });
});

const square = (id: string, lon: number, lat: number, size: number): FeatureCollection<Polygon>['features'][number] => ({
  type: 'Feature',
  properties: { code: id },
  geometry: { type: 'Polygon', coordinates: [[[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]] },
});

describe('featureCandidates', () => {
  it('should keep points and put an area at its centroid, with ids from the given property', () => {
    const fc: FeatureCollection = {
      type: 'FeatureCollection',
      features: [square('C1', 118, 36.8, 0.01), { type: 'Feature', properties: { code: 'B7' }, geometry: { type: 'Point', coordinates: [118.1, 36.9] } }],
    };
    const got = featureCandidates(fc, { idProperty: 'code' });
    expect(got[0]!.id).toBe('C1');
    expect(got[0]!.lon).toBeCloseTo(118.005, 12);
    expect(got[0]!.lat).toBeCloseTo(36.805, 12);
    expect(got[1]).toEqual({ id: 'B7', lon: 118.1, lat: 36.9 });
  });

  it('When two features share an id, then it says which', () => {
    const fc: FeatureCollection = { type: 'FeatureCollection', features: [square('C1', 118, 36.8, 0.01), square('C1', 118.1, 36.8, 0.01)] };
    expect(() => featureCandidates(fc, { idProperty: 'code' })).toThrow(expect.objectContaining({ field: 'candidates.features[1]' }));
  });

  it('When a feature has no id, then it names the property', () => {
    const fc: FeatureCollection = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [118, 36] } }] };
    expect(() => featureCandidates(fc)).toThrow(expect.objectContaining({ field: 'candidates.features[0].properties.id' }));
  });
});

describe('gridCandidates', () => {
  it('should fill each area with points inside it, the given spacing apart', () => {
    // ≈ 890 m × 1110 m at 36.8°N.
    const area = square('C1', 118, 36.8, 0.01);
    const got = gridCandidates({ type: 'FeatureCollection', features: [area] }, 100, { idProperty: 'code' });
    expect(got.length).toBeGreaterThanOrEqual(80);
    expect(got.length).toBeLessThanOrEqual(110);
    expect(got[0]!.id).toBe('C1#0');
    for (const p of got) expect(booleanPointInPolygon([p.lon, p.lat], area.geometry)).toBe(true);
    // Nearest neighbour of every point: one grid step (100 m) within 1 %.
    for (const p of got) {
      const nearest = Math.min(...got.filter((q) => q !== p).map((q) => metres(p, q)));
      expect(nearest).toBeGreaterThan(99);
      expect(nearest).toBeLessThan(101);
    }
  });

  it('When an area is smaller than one cell, then it still gets one candidate inside it', () => {
    const tiny = square('T', 118, 36.8, 0.0002);
    const got = gridCandidates({ type: 'FeatureCollection', features: [tiny] }, 200, { idProperty: 'code' });
    expect(got.length).toBeGreaterThanOrEqual(1);
    expect(booleanPointInPolygon([got[0]!.lon, got[0]!.lat], tiny.geometry)).toBe(true);
  });

  it('When the grid would be too large, then it asks for a larger spacing', () => {
    const big = square('B', 118, 36.8, 0.5);
    expect(() => gridCandidates({ type: 'FeatureCollection', features: [big] }, 10, { idProperty: 'code', maxPoints: 1000 })).toThrow(expect.objectContaining({ field: 'grid_spacing_m' }));
  });
});
