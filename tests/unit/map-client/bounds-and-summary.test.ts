import type { FeatureCollection, Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import { bboxOf } from '../../../map-client/src/map/bounds.ts';

const collection = (geometries: (Geometry | null)[]): FeatureCollection<Geometry | null> => ({
  type: 'FeatureCollection',
  features: geometries.map((geometry) => ({ type: 'Feature', geometry, properties: {} })),
});

describe('bboxOf', () => {
  it('should span points and multipolygons across collections', () => {
    const points = collection([{ type: 'Point', coordinates: [118.1, 36.9] }]);
    const polygons = collection([
      { type: 'MultiPolygon', coordinates: [[[[118, 36.8], [118.05, 36.8], [118.05, 36.85], [118, 36.8]]]] },
    ]);

    expect(bboxOf([points, polygons])).toEqual([118, 36.8, 118.1, 36.9]);
  });

  it('should return null when there are no coordinates', () => {
    expect(bboxOf([])).toBeNull();
    expect(bboxOf([collection([null])])).toBeNull();
  });

  it('should not mutate its input', () => {
    const input = collection([{ type: 'LineString', coordinates: [[1, 2], [3, 4]] }]);
    const before = structuredClone(input);

    bboxOf([input]);

    expect(input).toEqual(before);
  });
});
