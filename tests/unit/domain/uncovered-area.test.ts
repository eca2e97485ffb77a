import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { uncoveredArea } from '../../../api/src/domain/coverage/index.ts';
import { geodesicAreaSquareMeters } from '../../../api/src/domain/geo/geodesic-area.ts';
import { geodesicDistanceMeters } from '../../../api/src/domain/geo/geodesic-distance.ts';

const square = (x0: number, y0: number, side: number): Polygon => ({
  type: 'Polygon',
  coordinates: [[[x0, y0], [x0 + side, y0], [x0 + side, y0 + side], [x0, y0 + side], [x0, y0]]],
});

describe('uncoveredArea', () => {
  const community = square(118, 36.8, 0.01);
  const areaM2 = geodesicAreaSquareMeters(community);

  it('should return the whole community when no facility reaches it', () => {
    const gap = uncoveredArea(community, [[118.1, 36.8]], 300);
    expect(gap?.properties.area_m2).toBeCloseTo(areaM2, 3);
  });

  it('should return null when one circle covers everything', () => {
    expect(uncoveredArea(community, [[118.005, 36.805]], 1000)).toBeNull();
  });

  it('should subtract a circle inside the community: area ≈ community − π r² (on the ellipsoid)', () => {
    const gap = uncoveredArea({ type: 'Feature', properties: {}, geometry: community }, [[118.005, 36.805]], 200);
    const expected = areaM2 - Math.PI * 200 * 200;
    expect(gap).not.toBeNull();
    // The 64-gon is inscribed: it misses ≤ 0.24 % of the circle, so the gap is a bit larger.
    expect(gap!.properties.area_m2).toBeGreaterThan(expected);
    expect(gap!.properties.area_m2).toBeLessThan(expected + 0.0025 * Math.PI * 200 * 200);
    expect(gap!.geometry.type).toBe('Polygon');
  });

  it('should honour per-facility reach from a FeatureCollection', () => {
    const facilities = {
      type: 'FeatureCollection' as const,
      features: [{ type: 'Feature' as const, properties: { reachMeters: 1000 }, geometry: { type: 'Point' as const, coordinates: [118.005, 36.805] } }],
    };
    expect(uncoveredArea(community, facilities, 10)).toBeNull();
  });

  it('should clip a circle straddling the antimeridian out of a community split at 180°', () => {
    const rect = (x0: number): Polygon['coordinates'] => [[[x0, -17.01], [x0 + 0.01, -17.01], [x0 + 0.01, -16.99], [x0, -16.99], [x0, -17.01]]];
    const split = { type: 'MultiPolygon' as const, coordinates: [rect(179.99), rect(-180)] };
    const total = geodesicAreaSquareMeters(split);
    const circle = Math.PI * 500 * 500;
    const gap = uncoveredArea(split, [[-180, -17]], 500);
    expect(gap).not.toBeNull();
    expect(gap!.properties.area_m2).toBeGreaterThan(total - circle);
    expect(gap!.properties.area_m2).toBeLessThan(total - circle + 0.0025 * circle);
    // Whatever the facility's longitude spelling, the result is the same.
    expect(uncoveredArea(split, [[180, -17]], 500)!.properties.area_m2).toBeCloseTo(gap!.properties.area_m2, 3);
    expect(geodesicDistanceMeters([180, -17], [-180, -17])).toBe(0);
  });

  it('should reject bad input', () => {
    expect(() => uncoveredArea(community, [[118, 36.8]], 0)).toThrow(/reachMeters/);
    expect(() => uncoveredArea({ type: 'Point', coordinates: [0, 0] } as never, [], 10)).toThrow(/Polygon or MultiPolygon/);
    expect(() => uncoveredArea(community, [[118, 95]], 10)).toThrow(/facility 0/);
  });
});
