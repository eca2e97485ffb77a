import { describe, expect, it } from 'vitest';
import { APPROX_DISTANCE_ERROR_BOUND, approxDistanceMeters } from '../../../api/src/domain/geo/approx-distance.ts';
import { geodesicDestination } from '../../../api/src/domain/geo/geodesic-destination.ts';
import { geodesicDistanceMeters } from '../../../api/src/domain/geo/geodesic-distance.ts';
import { normalizeLongitudeDelta } from '../../../api/src/domain/geo/longitude.ts';
import { reachBoxDegrees } from '../../../api/src/domain/geo/reach-box.ts';
import { createRandom } from './random-input.ts';

const { RELATIVE, ABSOLUTE_METERS, MAX_ABS_LATITUDE_DEGREES } = APPROX_DISTANCE_ERROR_BOUND;

/** Max errors of the approximation over `n` random pairs within `maxMeters` (GeographicLib Direct, then Inverse). */
function measure(seed: number, n: number, maxMeters: number, lonOf: (r: () => number) => number) {
  const rnd = createRandom(seed);
  let maxRelative = 0;
  let maxExcess = -Infinity;
  for (let i = 0; i < n; i++) {
    const lat = -MAX_ABS_LATITUDE_DEGREES + rnd() * 2 * MAX_ABS_LATITUDE_DEGREES;
    const from: [number, number] = [lonOf(rnd), lat];
    const [lon2, lat2] = geodesicDestination(from, rnd() * 360, rnd() * maxMeters);
    const to: [number, number] = [normalizeLongitudeDelta(lon2 as number), lat2 as number];
    const exact = geodesicDistanceMeters(from, to);
    const error = Math.abs(approxDistanceMeters(from, to) - exact);
    if (exact >= 1) maxRelative = Math.max(maxRelative, error / exact);
    maxExcess = Math.max(maxExcess, error - (RELATIVE * exact + ABSOLUTE_METERS));
  }
  return { maxRelative, maxExcess };
}

describe('approxDistanceMeters error bound (vs GeographicLib)', () => {
  it('should stay within the bound for 100 000 random pairs within 5 km at latitudes −60…60', () => {
    const { maxRelative, maxExcess } = measure(1, 100_000, 5_000, (r) => -180 + r() * 360);
    expect(maxExcess).toBeLessThanOrEqual(0);
    expect(maxRelative).toBeLessThan(RELATIVE);
    // Measured ≈ 9e-8: the bound keeps a margin.
    expect(maxRelative).toBeLessThan(RELATIVE / 5);
  });

  it('should stay within the bound for 100 000 random pairs within 5 km near ±180° longitude', () => {
    const { maxRelative, maxExcess } = measure(2, 100_000, 5_000, (r) => (r() < 0.5 ? 180 - r() * 0.05 : -180 + r() * 0.05));
    expect(maxExcess).toBeLessThanOrEqual(0);
    expect(maxRelative).toBeLessThan(RELATIVE);
  });

  it('should stay within the bound for 100 000 random pairs within 10 km (the box diagonal of a 5 km reach)', () => {
    const { maxRelative, maxExcess } = measure(3, 100_000, APPROX_DISTANCE_ERROR_BOUND.MAX_DISTANCE_METERS, (r) => -180 + r() * 360);
    expect(maxExcess).toBeLessThanOrEqual(0);
    expect(maxRelative).toBeLessThan(RELATIVE);
  });

  it('should give ≈ 213 m across the antimeridian at 17° S', () => {
    const d = approxDistanceMeters([179.999, -17], [-179.999, -17]);
    expect(d).toBeCloseTo(geodesicDistanceMeters([179.999, -17], [-179.999, -17]), 6);
    expect(d).toBeGreaterThan(212);
    expect(d).toBeLessThan(214);
  });
});

describe('reachBoxDegrees', () => {
  it('should contain every point at the reach in every direction (conservative box)', () => {
    const rnd = createRandom(4);
    for (let i = 0; i < 20_000; i++) {
      const lat = -80 + rnd() * 160;
      const reach = 1 + rnd() * 20_000;
      const box = reachBoxDegrees(lat, reach);
      const [lon2, lat2] = geodesicDestination([0, lat], rnd() * 360, reach);
      expect(Math.abs(normalizeLongitudeDelta(lon2 as number))).toBeLessThanOrEqual(box.dLonDegrees);
      expect(Math.abs((lat2 as number) - lat)).toBeLessThanOrEqual(box.dLatDegrees);
    }
  });

  it('should wrap the whole parallel when the box reaches a pole', () => {
    expect(reachBoxDegrees(89.99, 5_000).dLonDegrees).toBe(180);
  });
});
