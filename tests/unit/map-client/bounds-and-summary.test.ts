import type { FeatureCollection, Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import { bboxOf } from '../../../map-client/src/map/bounds.ts';
import { countFacilitiesByType, summarize } from '../../../map-client/src/summary.ts';
import type { CommunityCollection, FacilityCollection } from '../../../map-client/src/types.ts';

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

describe('summary', () => {
  it('should count facilities per type', () => {
    const facilities = {
      type: 'FeatureCollection',
      features: ['a', 'b', 'a'].map((type) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [0, 0] }, properties: { type } })),
    } as unknown as FacilityCollection;

    expect(countFacilitiesByType(facilities)).toEqual({ a: 2, b: 1 });
  });

  it('should total population and count features', () => {
    const communities = {
      type: 'FeatureCollection',
      features: [100, 250].map((population) => ({ type: 'Feature', geometry: null, properties: { population } })),
    } as unknown as CommunityCollection;
    const facilities = { type: 'FeatureCollection', features: [] } as unknown as FacilityCollection;

    expect(summarize(communities, facilities)).toEqual({ communities: 2, facilities: 0, population: 350 });
  });
});
