import type { Position } from 'geojson';
import { GEODESIC_MASK, WGS84 } from './wgs84.ts';

/**
 * The point reached by travelling `distanceMeters` along a geodesic of the WGS 84 ellipsoid
 * from `origin` at `azimuthDegrees` (clockwise from north): GeographicLib `Direct`.
 * The longitude is unrolled: it is continuous with the origin's (it may leave [-180, 180]).
 *
 * @param {Position} origin [lon, lat] in degrees
 * @param {number} azimuthDegrees initial azimuth, clockwise from north
 * @param {number} distanceMeters distance along the geodesic, metres (may be negative)
 * @returns {Position} [lon, lat] of the destination
 * @example
 * geodesicDestination([179.999, -17], 90, 300); // [180.0018…, -17.0000…]
 */
export function geodesicDestination(origin: Position, azimuthDegrees: number, distanceMeters: number): Position {
  // Input validation
  const [lon, lat] = origin;
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw new Error('geodesicDestination: origin must be [lon, lat] with finite numbers');
  if (!Number.isFinite(azimuthDegrees)) throw new Error(`geodesicDestination: azimuthDegrees must be finite, got ${azimuthDegrees}`);
  if (!Number.isFinite(distanceMeters)) throw new Error(`geodesicDestination: distanceMeters must be finite, got ${distanceMeters}`);

  const r = WGS84.Direct(lat as number, lon as number, azimuthDegrees, distanceMeters, GEODESIC_MASK.STANDARD | GEODESIC_MASK.LONG_UNROLL);
  return [r.lon2 as number, r.lat2 as number];
}
