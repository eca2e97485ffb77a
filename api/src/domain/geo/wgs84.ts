/**
 * WGS 84 ellipsoid constants and radii of curvature, shared by the geodesic helpers.
 * Values come from GeographicLib so that every module agrees with `Geodesic.WGS84` bit for bit.
 */
import geodesic from 'geographiclib-geodesic';

/** The WGS 84 geodesic solver (Karney's algorithm; the one PostGIS uses for `geography`). */
export const WGS84 = geodesic.Geodesic.WGS84;

/** `Inverse`/`Direct` output masks re-exported with readable names. */
export const GEODESIC_MASK = {
  DISTANCE: geodesic.Geodesic.DISTANCE,
  STANDARD: geodesic.Geodesic.STANDARD,
  LONG_UNROLL: geodesic.Geodesic.LONG_UNROLL,
  AREA: geodesic.Geodesic.AREA,
} as const;

/** Equatorial radius, metres. */
export const WGS84_A_METERS = WGS84.a;
/** Flattening. */
export const WGS84_F = WGS84.f;
/** First eccentricity squared. */
export const WGS84_E2 = WGS84_F * (2 - WGS84_F);
/** Degrees to radians. */
export const RAD = Math.PI / 180;

/**
 * Meridional radius of curvature M(φ) in metres.
 *
 * @param {number} latDegrees latitude in degrees
 * @returns {number} M(φ) = a(1−e²)/(1−e² sin²φ)^{3/2}
 * @example
 * meridionalRadiusMeters(0); // 6335439.327… (the smallest value, at the equator)
 */
export function meridionalRadiusMeters(latDegrees: number): number {
  const s = Math.sin(latDegrees * RAD);
  const w = 1 - WGS84_E2 * s * s;
  return (WGS84_A_METERS * (1 - WGS84_E2)) / (w * Math.sqrt(w));
}

/**
 * Radius of the parallel at latitude φ, N(φ)·cos φ, in metres.
 *
 * @param {number} latDegrees latitude in degrees
 * @returns {number} N(φ)·cos φ (0 at the poles)
 * @example
 * parallelRadiusMeters(36.8); // ≈ 5.117e6
 */
export function parallelRadiusMeters(latDegrees: number): number {
  const phi = latDegrees * RAD;
  const s = Math.sin(phi);
  return (WGS84_A_METERS * Math.max(0, Math.cos(phi))) / Math.sqrt(1 - WGS84_E2 * s * s);
}
