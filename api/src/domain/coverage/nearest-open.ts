import type { Position } from 'geojson';
import { geodesicDistanceMetersLonLat } from '../geo/geodesic-distance.ts';
import { isOpenOnUnchecked, type CoverageFacility } from './model.ts';

/** A facility with its geodesic distance from a point. */
export interface RankedFacility<F extends CoverageFacility> {
  facility: F;
  distanceM: number;
}

/**
 * The k nearest facilities of a type open on a date (as coverage counts them: planned ones never),
 * by geodesic distance on WGS 84 (what PostGIS `ST_Distance` on geography gives), nearest first,
 * ties by code.
 *
 * @param {CoverageFacility[]} facilities candidates (any types)
 * @param {Position} point [lon, lat]
 * @param {Object} options
 * @param {string} options.type facility type
 * @param {string} options.asOf 'YYYY-MM-DD'
 * @param {number} options.k how many (≥ 1)
 * @returns {RankedFacility[]} at most k
 * @example
 * nearestOpen(facilities, [116.33, 39.99], { type: 'health_station', asOf: '2026-01-01', k: 3 });
 */
export function nearestOpen<F extends CoverageFacility>(
  facilities: readonly F[],
  point: Position,
  options: { type: string; asOf: string; k: number },
): Array<RankedFacility<F>> {
  // Input validation
  const [lon, lat] = point as [number, number];
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw new Error('nearestOpen: point must be [lon, lat] with finite numbers');
  if (!(Number.isInteger(options.k) && options.k >= 1)) throw new Error(`nearestOpen: options.k must be an integer ≥ 1, got ${options.k}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.asOf)) throw new Error(`nearestOpen: options.asOf must be 'YYYY-MM-DD', got ${JSON.stringify(options.asOf)}`);

  const ranked: Array<RankedFacility<F>> = [];
  for (const f of facilities) {
    if (f.type !== options.type || !isOpenOnUnchecked(f, options.asOf, false)) continue;
    ranked.push({ facility: f, distanceM: geodesicDistanceMetersLonLat(lon, lat, f.lon, f.lat) });
  }
  ranked.sort((a, b) => a.distanceM - b.distanceM || (a.facility.code < b.facility.code ? -1 : a.facility.code > b.facility.code ? 1 : 0));
  return ranked.slice(0, options.k);
}
