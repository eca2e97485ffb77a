import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { booleanPointInPolygon } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { insidePolygon, labelPoint, labelPoints } from '../../../map-client/src/map/label-points.ts';
import { placesOf, searchPlaces } from '../../../map-client/src/search/place-index.ts';

const square = (x: number, y: number, size: number): number[][] => [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]];
/** A U shape opening north: its centroid (x = 1.5) lies in the notch, outside the polygon. */
const U: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]] };

describe('labelPoint', () => {
  it('should use the area centroid of a convex polygon', () => {
    expect(labelPoint({ type: 'Polygon', coordinates: [square(0, 0, 2)] })).toEqual([1, 1]);
  });

  it('should find a point inside a U shape whose centroid falls in the notch', () => {
    const point = labelPoint(U)!;

    expect(booleanPointInPolygon([1.5, 1.7], U)).toBe(false); // the centroid region is outside…
    expect(booleanPointInPolygon(point, U)).toBe(true); // …the label point is not
  });

  it('should label the largest part of a multipolygon', () => {
    const multi: MultiPolygon = { type: 'MultiPolygon', coordinates: [[square(10, 10, 0.5)], [square(0, 0, 4)]] };

    expect(labelPoint(multi)).toEqual([2, 2]);
  });

  it('should keep out of holes', () => {
    const donut: Polygon = { type: 'Polygon', coordinates: [square(0, 0, 4), square(1, 1, 2)] };
    const point = labelPoint(donut)!;

    expect(booleanPointInPolygon(point, donut)).toBe(true);
    expect(insidePolygon(point, donut.coordinates)).toBe(true);
  });

  it('should build one labelled point per unit with its kind, without mutating the input', () => {
    const streets: FeatureCollection<Polygon, { code: string; name: string }> = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', geometry: U, properties: { code: 'S1', name: '和平街道' } }],
    };
    const before = structuredClone(streets);

    const points = labelPoints([{ kind: 'street', collection: streets }]);

    expect(points.features).toHaveLength(1);
    expect(points.features[0]!.properties).toEqual({ kind: 'street', code: 'S1', name: '和平街道' });
    expect(streets).toEqual(before);
  });
});

describe('place search', () => {
  const collection = (items: [string, string][]): FeatureCollection<Polygon, { code: string; name: string }> => ({
    type: 'FeatureCollection',
    features: items.map(([code, name], i) => ({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [square(i, 0, 1)] }, properties: { code, name } })),
  });
  const places = [
    ...placesOf('district', collection([['D01', '明德区']])),
    ...placesOf('street', collection([['D01S01', '和平街道'], ['D01S02', '东风街道']])),
    ...placesOf('community', collection([['D01S01C01', '和平里社区'], ['D01S02C05', '新和平社区'], ['D01S01C02', '兴旺苑社区']])),
  ];

  it('should give each place its bbox and an inside point', () => {
    const street = places.find((place) => place.code === 'D01S02')!;

    expect(street.bbox).toEqual([1, 0, 2, 1]);
    expect(street.point).toEqual([1.5, 0.5]);
  });

  it('should rank exact and prefix matches before contained ones, streets before communities', () => {
    expect(searchPlaces(places, '和平').map((place) => place.code)).toEqual(['D01S01', 'D01S01C01', 'D01S02C05']);
  });

  it('should match codes by prefix, case-insensitively', () => {
    expect(searchPlaces(places, 'd01s01c').map((place) => place.code)).toEqual(['D01S01C01', 'D01S01C02']);
    expect(searchPlaces(places, 'D01S02C05')[0]?.name).toBe('新和平社区');
  });

  it('should find nothing for an empty query and cap the results', () => {
    expect(searchPlaces(places, '  ')).toEqual([]);
    expect(searchPlaces(places, 'D', 2)).toHaveLength(2);
  });
});
