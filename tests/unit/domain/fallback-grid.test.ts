import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { fallbackGrid } from '../../../api/src/domain/coverage/index.ts';
import { geodesicAreaSquareMeters } from '../../../api/src/domain/geo/geodesic-area.ts';

const square = (x0: number, y0: number, side: number): Polygon => ({
  type: 'Polygon',
  coordinates: [[[x0, y0], [x0 + side, y0], [x0 + side, y0 + side], [x0, y0 + side], [x0, y0]]],
});

describe('fallbackGrid', () => {
  it('should use a 25 m grid on a community-sized area (0.5 km²)', () => {
    const area = square(118, 36.8, 0.007);
    const { points, spacingMeters } = fallbackGrid(area);
    expect(spacingMeters).toBe(25);
    expect(points.length).toBeGreaterThan(0.9 * (geodesicAreaSquareMeters(area) / 625));
    expect(points.length).toBeLessThan(1.1 * (geodesicAreaSquareMeters(area) / 625));
  });

  it('should give about 200 points on a small area', () => {
    const { points, spacingMeters } = fallbackGrid(square(118, 36.8, 0.001));
    expect(spacingMeters).toBeLessThan(25);
    expect(points.length).toBeGreaterThan(170);
    expect(points.length).toBeLessThan(230);
  });

  it('should keep every point inside and respect holes', () => {
    const outer = square(118, 36.8, 0.004).coordinates[0]!;
    const hole = [[118.001, 36.801], [118.003, 36.801], [118.003, 36.803], [118.001, 36.803], [118.001, 36.801]];
    const { points } = fallbackGrid({ type: 'Polygon', coordinates: [outer, hole] });
    for (const [x, y] of points as Array<[number, number]>) {
      expect(x > 118 && x < 118.004 && y > 36.8 && y < 36.804).toBe(true);
      expect(x > 118.001 && x < 118.003 && y > 36.801 && y < 36.803).toBe(false);
    }
  });

  it('should grid a community split at the antimeridian into points on both sides', () => {
    const parts: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [square(179.998, -17, 0.002).coordinates, square(-180, -17, 0.002).coordinates],
    };
    const { points } = fallbackGrid(parts);
    expect(points.some((p) => (p[0] as number) > 179.998)).toBe(true);
    expect(points.some((p) => (p[0] as number) < -179.998)).toBe(true);
    for (const p of points) expect(Math.abs(p[0] as number)).toBeLessThanOrEqual(180);
  });

  it('should still give one point for a degenerate (zero-area) polygon, so its households are not lost', () => {
    const { points } = fallbackGrid({ type: 'Polygon', coordinates: [[[118, 36.8], [118.001, 36.8], [118.002, 36.8], [118, 36.8]]] });
    expect(points).toHaveLength(1);
    expect(points[0]![1]).toBeCloseTo(36.8, 9);
  });
});
