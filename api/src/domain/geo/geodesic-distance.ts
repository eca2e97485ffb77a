import type { Position } from 'geojson';
import { GEODESIC_MASK, WGS84 } from './wgs84.ts';

/**
 * Geodesic distance on the WGS 84 ellipsoid (GeographicLib `Inverse`, Karney 2013): the distance
 * PostGIS computes for `geography` and uses in `ST_DWithin(a::geography, b::geography, d)`.
 * Accurate to about 15 nm; works across the antimeridian and at the poles.
 *
 * Argument order matters only at the last-bit level; the coverage engine always passes
 * (demand point, facility), the order of `ST_DWithin(building, facility, …)`.
 *
 * @param {Position} from [lon, lat] in degrees
 * @param {Position} to [lon, lat] in degrees
 * @returns {number} distance in metres
 * @example
 * geodesicDistanceMeters([118, 36.8], [118, 36.81]); // 1109.5… m
 */
export function geodesicDistanceMeters(from: Position, to: Position): number {
  // Input validation
  const [lon1, lat1] = from;
  const [lon2, lat2] = to;
  if (!Number.isFinite(lon1) || !Number.isFinite(lat1)) throw new Error('geodesicDistanceMeters: from must be [lon, lat] with finite numbers');
  if (!Number.isFinite(lon2) || !Number.isFinite(lat2)) throw new Error('geodesicDistanceMeters: to must be [lon, lat] with finite numbers');

  return geodesicDistanceMetersLonLat(lon1 as number, lat1 as number, lon2 as number, lat2 as number);
}

/**
 * Same as {@link geodesicDistanceMeters} on plain numbers, without checks or allocation of
 * input arrays (hot paths).
 *
 * @private
 */
export function geodesicDistanceMetersLonLat(lon1: number, lat1: number, lon2: number, lat2: number): number {
  return WGS84.Inverse(lat1, lon1, lat2, lon2, GEODESIC_MASK.DISTANCE).s12 as number;
}
