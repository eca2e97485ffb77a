import type { Position } from 'geojson';
import { RAD, WGS84_A_METERS, WGS84_E2 } from './wgs84.ts';

// Module-local copies: the hot path below reads them ~10⁶ times per computation, and imported
// bindings can cost a getter call each when the module is transpiled to CommonJS.
const A = WGS84_A_METERS;
const E2 = WGS84_E2;
const DEG = RAD;

/**
 * Tested error bound of {@link approxDistanceMeters} against GeographicLib:
 * |approx − geodesic| ≤ RELATIVE · geodesic + ABSOLUTE_METERS
 * whenever the geodesic distance is ≤ MAX_DISTANCE_METERS and both latitudes are within
 * ±MAX_ABS_LATITUDE_DEGREES. Any longitudes, including pairs straddling ±180°.
 *
 * Measured (tests/unit/domain/approx-distance.test.ts, 100 000 pairs each): the relative error
 * grows like 0.15·(d/R)², i.e. ≤ 9e-8 within 5 km and ≤ 3.6e-7 within 10 km at |lat| ≤ 60°; the
 * absolute floor (coordinate rounding near ±180°, where a longitude ulp is ~3 nm) is ≤ 6e-9 m.
 * The bound keeps a margin of about 3× on the relative and 100× on the absolute term.
 */
export const APPROX_DISTANCE_ERROR_BOUND = {
  RELATIVE: 1e-6,
  ABSOLUTE_METERS: 1e-6,
  MAX_DISTANCE_METERS: 10_000,
  MAX_ABS_LATITUDE_DEGREES: 60,
} as const;

/**
 * Fast approximate distance on the WGS 84 ellipsoid: the mid-latitude flat-earth formula with
 * the ellipsoid's radii of curvature at the mean latitude φm,
 * d = √((M(φm)·Δφ)² + (N(φm)·cos φm·Δλ)²), with Δλ normalised to [-180, 180) so pairs across the
 * antimeridian work. Error bound: {@link APPROX_DISTANCE_ERROR_BOUND} (≤ 1e-6 relative + 1 µm
 * within 10 km at |lat| ≤ 60°). Outside that domain it is only a rough estimate.
 *
 * @param {Position} from [lon, lat] in degrees
 * @param {Position} to [lon, lat] in degrees
 * @returns {number} approximate distance in metres
 * @example
 * approxDistanceMeters([179.999, -17], [-179.999, -17]); // ≈ 213.0 m
 */
export function approxDistanceMeters(from: Position, to: Position): number {
  // Input validation
  const [lon1, lat1] = from;
  const [lon2, lat2] = to;
  if (!Number.isFinite(lon1) || !Number.isFinite(lat1)) throw new Error('approxDistanceMeters: from must be [lon, lat] with finite numbers');
  if (!Number.isFinite(lon2) || !Number.isFinite(lat2)) throw new Error('approxDistanceMeters: to must be [lon, lat] with finite numbers');

  return approxDistanceMetersLonLat(lon1 as number, lat1 as number, lon2 as number, lat2 as number);
}

/**
 * Same as {@link approxDistanceMeters} on plain numbers, without checks (hot paths).
 *
 * @private
 */
export function approxDistanceMetersLonLat(lon1: number, lat1: number, lon2: number, lat2: number): number {
  let dLonDegrees = lon2 - lon1;
  if (dLonDegrees < -180 || dLonDegrees >= 180) {
    // Δλ normalised to [-180, 180), as normalizeLongitudeDelta (inlined: hot path).
    dLonDegrees -= 360 * Math.floor((dLonDegrees + 180) / 360);
    if (dLonDegrees >= 180) dLonDegrees -= 360;
  }
  const dLon = dLonDegrees * DEG;
  const dLat = (lat2 - lat1) * DEG;
  const phiM = (lat1 + lat2) * 0.5 * DEG;
  const s = Math.sin(phiM);
  const w = 1 - E2 * s * s;
  const n = A / Math.sqrt(w);
  const m = (n * (1 - E2)) / w;
  const dx = n * Math.cos(phiM) * dLon;
  const dy = m * dLat;
  return Math.sqrt(dx * dx + dy * dy);
}
