import { area as sphericalArea, booleanClockwise } from '@turf/turf';
import type { Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { geodesicAreaSquareMeters } from '../../../api/src/domain/geo/geodesic-area.ts';
import { geodesicCircle } from '../../../api/src/domain/geo/geodesic-circle.ts';
import { geodesicDestination } from '../../../api/src/domain/geo/geodesic-destination.ts';
import { geodesicDistanceMeters } from '../../../api/src/domain/geo/geodesic-distance.ts';
import { circularMeanLongitude, normalizeLongitudeDelta, unwrapLongitude } from '../../../api/src/domain/geo/longitude.ts';

describe('geodesicDistanceMeters', () => {
  it('should match GeographicLib reference values (Wellington → Salamanca)', () => {
    expect(geodesicDistanceMeters([174.81, -41.32], [-5.5, 40.96])).toBeCloseTo(19959679.267, 3);
  });

  it('should measure one thousandth of a degree of latitude at 36.8° N as ≈ 110.98 m', () => {
    expect(geodesicDistanceMeters([118, 36.8], [118, 36.801])).toBeCloseTo(110.98, 1);
  });

  it('should work across the antimeridian', () => {
    expect(geodesicDistanceMeters([179.999, -17], [-179.999, -17])).toBeCloseTo(geodesicDistanceMeters([-0.001, -17], [0.001, -17]), 6);
  });

  it('should reject non-numeric coordinates', () => {
    expect(() => geodesicDistanceMeters([Number.NaN, 0], [0, 0])).toThrow(/from must be/);
  });
});

describe('geodesicDestination', () => {
  it('should land at exactly the distance (to GeographicLib round-off)', () => {
    const to = geodesicDestination([118.05, 36.8], 37, 300);
    expect(geodesicDistanceMeters([118.05, 36.8], to)).toBeCloseTo(300, 8);
  });

  it('should unroll the longitude across the antimeridian', () => {
    const [lon] = geodesicDestination([179.999, -17], 90, 300);
    expect(lon).toBeGreaterThan(180);
  });
});

describe('geodesicCircle', () => {
  it('should put every vertex at the radius, in a closed counter-clockwise ring', () => {
    const circle = geodesicCircle([118.05, 36.8], 300, { steps: 32, properties: { name: 'reach' } });
    const ring = circle.geometry.coordinates[0] as Position[];
    expect(ring).toHaveLength(33);
    expect(ring[0]).toEqual(ring[32]);
    for (const p of ring) expect(geodesicDistanceMeters([118.05, 36.8], p)).toBeCloseTo(300, 6);
    expect(booleanClockwise(ring)).toBe(false);
    expect(circle.properties).toEqual({ name: 'reach' });
  });

  it('should stay one continuous polygon on the antimeridian', () => {
    const ring = geodesicCircle([179.9995, -17], 300).geometry.coordinates[0] as Position[];
    const lons = ring.map((p) => p[0] as number);
    expect(Math.max(...lons) - Math.min(...lons)).toBeLessThan(0.01);
    expect(Math.max(...lons)).toBeGreaterThan(180);
  });

  it('should reject a non-positive radius and too few steps', () => {
    expect(() => geodesicCircle([0, 0], 0)).toThrow(/radiusMeters/);
    expect(() => geodesicCircle([0, 0], 10, { steps: 2 })).toThrow(/steps/);
  });
});

describe('geodesicAreaSquareMeters', () => {
  const square: Polygon = { type: 'Polygon', coordinates: [[[118, 36.8], [118.01, 36.8], [118.01, 36.81], [118, 36.81], [118, 36.8]]] };

  it('should be close to the spherical turf.area but not equal (ellipsoid vs sphere)', () => {
    const a = geodesicAreaSquareMeters(square);
    const s = sphericalArea(square);
    expect(Math.abs(a - s) / a).toBeLessThan(0.01);
    expect(a).not.toBe(s);
  });

  it('should subtract holes whatever their orientation and ignore ring orientation', () => {
    const reversed: Polygon = { type: 'Polygon', coordinates: [[...(square.coordinates[0] as Position[])].reverse()] };
    expect(geodesicAreaSquareMeters(reversed)).toBeCloseTo(geodesicAreaSquareMeters(square), 3);
    const hole = [[118.004, 36.804], [118.006, 36.804], [118.006, 36.806], [118.004, 36.806], [118.004, 36.804]];
    const withHole: Polygon = { type: 'Polygon', coordinates: [square.coordinates[0] as Position[], hole] };
    const holeArea = geodesicAreaSquareMeters({ type: 'Polygon', coordinates: [hole] });
    expect(geodesicAreaSquareMeters(withHole)).toBeCloseTo(geodesicAreaSquareMeters(square) - holeArea, 3);
  });
});

describe('longitude helpers', () => {
  it('should normalise differences to [-180, 180)', () => {
    expect(normalizeLongitudeDelta(180)).toBe(-180);
    expect(normalizeLongitudeDelta(-180)).toBe(-180);
    expect(normalizeLongitudeDelta(359)).toBeCloseTo(-1, 12);
    expect(normalizeLongitudeDelta(-359.998)).toBeCloseTo(0.002, 12);
  });

  it('should unwrap around a reference and average across the antimeridian', () => {
    expect(unwrapLongitude(-179.999, 179.5)).toBeCloseTo(180.001, 12);
    expect(Math.abs(circularMeanLongitude([179.9, -179.9]))).toBeCloseTo(180, 9);
    expect(circularMeanLongitude([10, 20])).toBeCloseTo(15, 12);
  });
});
