import KDBush from 'kdbush';
import type { ReachBoxDegrees } from '../geo/reach-box.ts';
import { unwrapLongitude } from '../geo/longitude.ts';

/**
 * A static 2-D index (kdbush) of points in lon/lat, struct-of-arrays. Longitudes are kept twice:
 * as given (for distances) and unwrapped around `centerLon` (the index's x), so a city on the
 * antimeridian has one continuous x range.
 *
 * @private
 */
export interface LonLatIndex {
  count: number;
  /** Longitude as given, degrees. */
  lon: Float64Array;
  lat: Float64Array;
  /** Longitude unwrapped to [centerLon − 180, centerLon + 180]: the kdbush x. */
  lonU: Float64Array;
  centerLon: number;
  index: KDBush;
}

/**
 * Builds the index over the given coordinates (which it keeps; the caller must not change them).
 *
 * @private
 */
export function createLonLatIndex(lon: Float64Array, lat: Float64Array, centerLon: number): LonLatIndex {
  const count = lon.length;
  const lonU = new Float64Array(count);
  const index = new KDBush(Math.max(1, count), 64, Float64Array);
  for (let i = 0; i < count; i++) {
    const x = unwrapLongitude(lon[i] as number, centerLon);
    lonU[i] = x;
    index.add(x, lat[i] as number);
  }
  // kdbush needs at least one item; rangeQuery never queries an empty index.
  if (count === 0) index.add(centerLon, 0);
  index.finish();
  return { count, lon, lat, lonU, centerLon, index };
}

/**
 * Ids of the points in the box ±box around (lon, lat): the box is taken modulo 360° in longitude.
 * Each id appears once.
 *
 * @private
 */
export function rangeQuery(ix: LonLatIndex, lon: number, lat: number, box: ReachBoxDegrees): number[] {
  if (ix.count === 0) return [];
  const c = ix.centerLon;
  const minY = lat - box.dLatDegrees;
  const maxY = lat + box.dLatDegrees;
  if (box.dLonDegrees >= 180) return ix.index.range(c - 181, minY, c + 181, maxY);
  const x = unwrapLongitude(lon, c);
  const minX = x - box.dLonDegrees;
  const maxX = x + box.dLonDegrees;
  let ids = ix.index.range(minX, minY, maxX, maxY);
  // The box is narrower than 360°, so the shifted copies never overlap it: no duplicates.
  if (minX < c - 180 + 1e-9) ids = ids.concat(ix.index.range(minX + 360, minY, maxX + 360, maxY));
  if (maxX > c + 180 - 1e-9) ids = ids.concat(ix.index.range(minX - 360, minY, maxX - 360, maxY));
  return ids;
}

/** Boxes (minX, minY, maxX, maxY in the index's x) that {@link rangeQuery} searches for a box around (lon, lat). @private */
export function queryBoxes(ix: LonLatIndex, lon: number, lat: number, box: ReachBoxDegrees): number[][] {
  if (ix.count === 0) return [];
  const c = ix.centerLon;
  const minY = lat - box.dLatDegrees;
  const maxY = lat + box.dLatDegrees;
  if (box.dLonDegrees >= 180) return [[c - 181, minY, c + 181, maxY]];
  const x = unwrapLongitude(lon, c);
  const minX = x - box.dLonDegrees;
  const maxX = x + box.dLonDegrees;
  const out = [[minX, minY, maxX, maxY]];
  if (minX < c - 180 + 1e-9) out.push([minX + 360, minY, maxX + 360, maxY]);
  if (maxX > c + 180 - 1e-9) out.push([minX - 360, minY, maxX - 360, maxY]);
  return out;
}
