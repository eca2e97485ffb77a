import { APPROX_DISTANCE_ERROR_BOUND, approxDistanceMetersLonLat } from '../geo/approx-distance.ts';
import { geodesicDistanceMetersLonLat } from '../geo/geodesic-distance.ts';
import type { CoverageStats } from './model.ts';

// Module-local copies of the imported functions and bound (hot path; see approx-distance.ts).
const approx = approxDistanceMetersLonLat;
const exact = geodesicDistanceMetersLonLat;
const BOUND = APPROX_DISTANCE_ERROR_BOUND;

/** Largest reach decided with the approximate distance: its lon/lat box (diagonal ≤ 1.43·reach)
 * stays within the tested distance of the error bound. @private */
export const APPROX_MAX_REACH_METERS = 5_000;

/**
 * Half-width of the band around the reach where the approximate distance cannot decide
 * (twice the tested bound), or Infinity when the approximation is not used for this facility
 * (reach above 5 km or latitudes beyond the tested ±60°): then every candidate is exact.
 *
 * @private
 */
export function undecidedBandMeters(facilityLat: number, reachMeters: number, dLatDegrees: number): number {
  const { RELATIVE, ABSOLUTE_METERS, MAX_ABS_LATITUDE_DEGREES } = BOUND;
  if (reachMeters > APPROX_MAX_REACH_METERS) return Infinity;
  if (Math.abs(facilityLat) + dLatDegrees > MAX_ABS_LATITUDE_DEGREES) return Infinity;
  return 2 * (RELATIVE * reachMeters + ABSOLUTE_METERS);
}

/**
 * Whether the geodesic (GeographicLib) distance from a demand point to a facility is ≤ reach,
 * decided by the approximate distance when it is clearly inside or outside
 * reach ± `bandMeters`, and by GeographicLib otherwise. The answer always equals
 * `Inverse(demand, facility).s12 <= reach`: with |approx − d| ≤ B·d + ABS (the tested bound, for
 * d ≤ 10 km, which covers the whole box of a reach ≤ 5 km) and band = 2(B·reach + ABS),
 * approx ≤ reach − band implies d < reach, and approx > reach + band implies d > reach.
 * Updates `stats`.
 *
 * @private
 */
export function withinReach(
  pLon: number,
  pLat: number,
  fLon: number,
  fLat: number,
  reachMeters: number,
  bandMeters: number,
  stats: CoverageStats,
): boolean {
  if (bandMeters !== Infinity) {
    const d = approx(pLon, pLat, fLon, fLat);
    if (d <= reachMeters - bandMeters) {
      stats.approxDecisions++;
      return true;
    }
    if (d > reachMeters + bandMeters) {
      stats.approxDecisions++;
      return false;
    }
  }
  stats.exactCalls++;
  return exact(pLon, pLat, fLon, fLat) <= reachMeters;
}
