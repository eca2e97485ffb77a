/**
 * Placing points (buildings, facilities) strictly inside convex community cells, away from the
 * river and the railway.
 */
import { isInsideConvexRing, ringBounds, ringCentroid, type PlanePoint, type PolylineIndex } from './geometry.ts';
import type { Random } from './random.ts';

/** Keeps points inside convex rings and out of the barrier corridors. */
export interface PointSampler {
  /** Whether `point` is at least `marginMeters` inside `ring` and clear of river and railway. */
  isAllowed(ring: readonly PlanePoint[], point: PlanePoint, marginMeters?: number): boolean;
  /** A uniform allowed point of `ring`, or null if 400 tries found none. */
  uniform(ring: readonly PlanePoint[], random: Random, marginMeters?: number): PlanePoint | null;
  /** An allowed point near `target` (normal spread `spreadMeters`), else a uniform one. */
  near(ring: readonly PlanePoint[], target: PlanePoint, spreadMeters: number, random: Random, marginMeters?: number): PlanePoint;
}

/** Default distance kept from a community's boundary, metres. */
const DEFAULT_MARGIN_M = 8;

/**
 * Creates a point sampler for the given barriers.
 *
 * @param {Object} barriers river and railway centre lines and clearances
 * @param {PolylineIndex} barriers.river river centre line
 * @param {number} barriers.riverClearanceM no point closer to the river centre line
 * @param {PolylineIndex} barriers.rail railway centre line
 * @param {number} barriers.railClearanceM no point closer to the railway
 * @returns {PointSampler} the sampler
 * @example
 * const sampler = createPointSampler({ river, riverClearanceM: 60, rail, railClearanceM: 25 });
 * sampler.uniform(ring, random);
 */
export function createPointSampler(barriers: {
  river: PolylineIndex;
  riverClearanceM: number;
  rail: PolylineIndex;
  railClearanceM: number;
}): PointSampler {
  const { river, riverClearanceM, rail, railClearanceM } = barriers;
  const isAllowed = (ring: readonly PlanePoint[], point: PlanePoint, marginMeters = DEFAULT_MARGIN_M): boolean =>
    isInsideConvexRing(ring, point, marginMeters) &&
    river.distanceWithin(point, riverClearanceM) >= riverClearanceM &&
    rail.distanceWithin(point, railClearanceM) >= railClearanceM;

  const uniform = (ring: readonly PlanePoint[], random: Random, marginMeters = DEFAULT_MARGIN_M): PlanePoint | null => {
    const [minX, minY, maxX, maxY] = ringBounds(ring);
    for (let attempt = 0; attempt < 400; attempt++) {
      const point: PlanePoint = [random.float(minX, maxX), random.float(minY, maxY)];
      if (isAllowed(ring, point, marginMeters)) return point;
    }
    return null;
  };

  const near = (
    ring: readonly PlanePoint[],
    target: PlanePoint,
    spreadMeters: number,
    random: Random,
    marginMeters = DEFAULT_MARGIN_M,
  ): PlanePoint => {
    for (let attempt = 0; attempt < 60; attempt++) {
      const point: PlanePoint = [random.normal(target[0], spreadMeters), random.normal(target[1], spreadMeters)];
      if (isAllowed(ring, point, marginMeters)) return point;
    }
    const fallback = uniform(ring, random, marginMeters) ?? uniform(ring, random, DEFAULT_MARGIN_M);
    if (fallback) return fallback;
    const centroid = ringCentroid(ring);
    if (isInsideConvexRing(ring, centroid, 1)) return centroid;
    throw new Error('no room for a point in a community cell');
  };

  return { isAllowed, uniform, near };
}
