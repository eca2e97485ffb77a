import { pointOnFeature } from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { geodesicAreaSquareMeters } from '../geo/geodesic-area.ts';
import { normalizeLongitudeDelta, unwrapLongitude } from '../geo/longitude.ts';
import { meridionalRadiusMeters, parallelRadiusMeters, RAD } from '../geo/wgs84.ts';

/** Result of {@link fallbackGrid}. */
export interface FallbackGrid {
  /** Grid points inside the area, [lon, lat] with lon in [-180, 180). Never empty. */
  points: Position[];
  /** Grid spacing used, metres (on the ground, east-west and north-south). */
  spacingMeters: number;
}

/**
 * Dasymetric fallback for a community without buildings: points on a regular grid inside its
 * (Multi)Polygon, over which its households are spread evenly (each point weighs
 * households / points.length).
 *
 * The spacing is √(area / targetPoints) (so about `targetPoints` points), but never coarser than
 * `maxSpacingMeters`; and never finer than needed for `maxPoints`. Each polygon part gets its own
 * grid centred on its lon/lat bounding box (so congruent parts get the same number of points), with
 * degree steps from the radii of curvature at the part's middle latitude. When no grid point falls
 * inside (a sliver), the single point is `turf.pointOnFeature`. Works across the antimeridian.
 *
 * @param {Polygon|MultiPolygon} geometry the community's area
 * @param {Object} [options={}] Optional parameters
 * @param {number} [options.targetPoints=200] points wanted when the spacing is not capped
 * @param {number} [options.maxSpacingMeters=25] coarsest spacing allowed
 * @param {number} [options.maxPoints=20000] cap for very large areas (the spacing grows instead)
 * @returns {FallbackGrid} the grid points and spacing
 * @example
 * const { points } = fallbackGrid(community.geometry); // ~200 points, or a 25 m grid
 */
export function fallbackGrid(
  geometry: Polygon | MultiPolygon,
  options: { targetPoints?: number; maxSpacingMeters?: number; maxPoints?: number } = {},
): FallbackGrid {
  // Input validation
  if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) {
    throw new Error(`fallbackGrid: geometry must be a Polygon or MultiPolygon, got ${(geometry as { type?: string } | undefined)?.type}`);
  }
  const targetPoints = options.targetPoints ?? 200;
  const maxSpacingMeters = options.maxSpacingMeters ?? 25;
  const maxPoints = options.maxPoints ?? 20_000;
  if (!(targetPoints >= 1)) throw new Error(`fallbackGrid: options.targetPoints must be ≥ 1, got ${targetPoints}`);
  if (!(maxSpacingMeters > 0)) throw new Error(`fallbackGrid: options.maxSpacingMeters must be > 0, got ${maxSpacingMeters}`);
  if (!(maxPoints >= targetPoints)) throw new Error(`fallbackGrid: options.maxPoints must be ≥ targetPoints, got ${maxPoints}`);

  const areaM2 = Math.max(0, geodesicAreaSquareMeters(geometry));
  let spacingMeters = Math.min(maxSpacingMeters, Math.sqrt(areaM2 / targetPoints));
  if (areaM2 / (spacingMeters * spacingMeters) > maxPoints) spacingMeters = Math.sqrt(areaM2 / maxPoints);
  if (!(spacingMeters > 0)) spacingMeters = maxSpacingMeters;

  const parts = unwrappedParts(geometry);
  const points: Position[] = [];
  for (const rings of parts) gridPart(rings, spacingMeters, points);
  if (points.length === 0) {
    const p = pointOnFeature({ type: 'MultiPolygon', coordinates: parts }).geometry.coordinates;
    points.push([normalizeLongitudeDelta(p[0] as number), p[1] as number]);
  }
  return { points, spacingMeters };
}

/** The polygon parts with longitudes unwrapped around the first vertex. @private */
function unwrappedParts(geometry: Polygon | MultiPolygon): Position[][][] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const ref = (polygons[0]?.[0]?.[0]?.[0] as number | undefined) ?? 0;
  return polygons.map((rings) => rings.map((ring) => ring.map((p) => [unwrapLongitude(p[0] as number, ref), p[1] as number])));
}

/** Appends the grid points of one part that fall inside it. @private */
function gridPart(rings: Position[][], spacingMeters: number, out: Position[]): void {
  const outer = rings[0];
  if (!outer || outer.length < 4) return;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of outer as Array<[number, number]>) {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const midLat = (minY + maxY) / 2;
  const parallel = parallelRadiusMeters(midLat);
  if (!(parallel > 0)) return;
  const dLat = spacingMeters / meridionalRadiusMeters(midLat) / RAD;
  const dLon = spacingMeters / parallel / RAD;
  const nx = Math.max(1, Math.ceil((maxX - minX) / dLon));
  const ny = Math.max(1, Math.ceil((maxY - minY) / dLat));
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  for (let j = 0; j < ny; j++) {
    const y = cy + (j - (ny - 1) / 2) * dLat;
    for (let i = 0; i < nx; i++) {
      const x = cx + (i - (nx - 1) / 2) * dLon;
      if (insideRings(x, y, rings)) out.push([normalizeLongitudeDelta(x), y]);
    }
  }
}

/** Even-odd point-in-polygon over all rings (outer ring and holes). @private */
function insideRings(x: number, y: number, rings: Position[][]): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const pi = ring[i] as Position;
      const pj = ring[j] as Position;
      const xi = pi[0] as number;
      const yi = pi[1] as number;
      const xj = pj[0] as number;
      const yj = pj[1] as number;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}
