import { createLonLatIndex, rangeQuery } from '../coverage/lon-lat-index.ts';
import { geodesicDistanceMetersLonLat } from '../geo/geodesic-distance.ts';
import { circularMeanLongitude } from '../geo/longitude.ts';
import { reachBoxDegrees } from '../geo/reach-box.ts';
import { SitingInputError } from './errors.ts';

/**
 * Pairs of candidates closer than a minimum spacing (geodesic metres, WGS 84): `[a, b]` with
 * a < b, indices into `candidates`, sorted. Two sites exactly `metres` apart do not conflict.
 *
 * @param {Array<{lon: number, lat: number}>} candidates candidate sites
 * @param {number} metres minimum spacing (> 0)
 * @returns {Array<[number, number]>} conflicting index pairs, for `SitingOptions.conflicts`
 * @example
 * const conflicts = minSpacingConflicts(candidates, 200);
 */
export function minSpacingConflicts(candidates: ReadonlyArray<{ lon: number; lat: number }>, metres: number): Array<[number, number]> {
  // Input validation
  if (!Array.isArray(candidates)) throw new SitingInputError('candidates', 'must be an array of points');
  if (!(metres > 0) || !Number.isFinite(metres)) throw new SitingInputError('min_spacing_m', `must be metres > 0, got ${metres}`);
  candidates.forEach((c, k) => {
    if (!c || !Number.isFinite(c.lon) || !Number.isFinite(c.lat)) throw new SitingInputError(`candidates[${k}]`, 'must have finite lon and lat');
  });

  const lon = Float64Array.from(candidates, (c) => c.lon);
  const lat = Float64Array.from(candidates, (c) => c.lat);
  const ix = createLonLatIndex(lon, lat, circularMeanLongitude(lon));
  const pairs: Array<[number, number]> = [];
  for (let a = 0; a < candidates.length; a++) {
    const others = rangeQuery(ix, lon[a] as number, lat[a] as number, reachBoxDegrees(lat[a] as number, metres)).filter((b) => b > a).sort((x, y) => x - y);
    for (const b of others) {
      if (geodesicDistanceMetersLonLat(lon[a] as number, lat[a] as number, lon[b] as number, lat[b] as number) < metres) pairs.push([a, b]);
    }
  }
  return pairs;
}

/**
 * Candidates closer than a minimum spacing (geodesic metres) to any existing facility: the ones to
 * exclude so that new sites keep the spacing from what is already built. Indices ascending.
 *
 * @param {Array<{lon: number, lat: number}>} candidates candidate sites
 * @param {Array<{lon: number, lat: number}>} existing existing facilities
 * @param {number} metres minimum spacing (> 0)
 * @returns {number[]} indices into `candidates`
 * @example
 * const excluded = spacedFromExisting(candidates, openClinics, 500);
 */
export function spacedFromExisting(candidates: ReadonlyArray<{ lon: number; lat: number }>, existing: ReadonlyArray<{ lon: number; lat: number }>, metres: number): number[] {
  // Input validation
  if (!Array.isArray(candidates) || !Array.isArray(existing)) throw new SitingInputError('candidates', 'must be an array of points');
  if (!(metres > 0) || !Number.isFinite(metres)) throw new SitingInputError('min_spacing_m', `must be metres > 0, got ${metres}`);
  existing.forEach((c, k) => {
    if (!c || !Number.isFinite(c.lon) || !Number.isFinite(c.lat)) throw new SitingInputError(`existing[${k}]`, 'must have finite lon and lat');
  });
  if (existing.length === 0 || candidates.length === 0) return [];
  const lon = Float64Array.from(existing, (c) => c.lon);
  const lat = Float64Array.from(existing, (c) => c.lat);
  const ix = createLonLatIndex(lon, lat, circularMeanLongitude(lon));
  const out: number[] = [];
  candidates.forEach((c, a) => {
    const near = rangeQuery(ix, c.lon, c.lat, reachBoxDegrees(c.lat, metres));
    if (near.some((b) => geodesicDistanceMetersLonLat(c.lon, c.lat, lon[b] as number, lat[b] as number) < metres)) out.push(a);
  });
  return out;
}
