import selfIntersections from 'geojson-polygon-self-intersections';
import type { Geometry, Position } from 'geojson';
import gjv from 'geojson-validation';
import type { GeometryKind } from './geometry-kind.ts';

/** One reason a geometry cannot be stored, with the path inside the geometry. */
export interface GeometryFault {
  /** Path below the geometry, e.g. `coordinates[0][3]`; '' for the whole geometry. */
  path: string;
  reason: string;
  /** Set when a size budget was exceeded (the budget). */
  limit?: number;
}

/**
 * Most positions one geometry may have. The JSON body limit (2 MiB) allows about as many; the
 * self-intersection test below takes ~0.2 s at 20 000 positions, so one request never holds the server long.
 */
export const MAX_GEOMETRY_VERTICES = 50_000;

/** Counts positions without trusting the structure (it is checked afterwards). @private */
function vertexCount(coordinates: unknown, depth: number): number {
  if (!Array.isArray(coordinates)) return 0;
  if (depth === 0) return 1;
  let n = 0;
  for (const c of coordinates) n += vertexCount(c, depth - 1);
  return n;
}

export type { GeometryKind };

/** geojson-validation's messages for ring closure and ring length (checked here with a precise path). */
const RING_SHAPE_FAULT = /(first and last positions must be equivalent|must have at least four positions)$/;

const ACCEPTED: Record<GeometryKind, readonly string[]> = {
  Point: ['Point'],
  Polygon: ['Polygon', 'MultiPolygon'],
};

function positionFaults(p: Position, path: string): GeometryFault[] {
  const [lon, lat] = p;
  if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
    return [{ path, reason: 'a position must be two finite numbers [longitude, latitude]' }];
  }
  if (Math.abs(lat) > 90 && Math.abs(lon) <= 90) {
    return [{ path, reason: `latitude ${lat} is out of range; the coordinates look swapped (GeoJSON order is [longitude, latitude])` }];
  }
  if (Math.abs(lon) > 180) return [{ path, reason: `longitude ${lon} is out of range −180…180` }];
  if (Math.abs(lat) > 90) return [{ path, reason: `latitude ${lat} is out of range −90…90` }];
  return [];
}

function ringFaults(ring: Position[], path: string): GeometryFault[] {
  if (ring.length < 4) return [{ path, reason: `a ring needs at least 4 positions (closed), got ${ring.length}` }];
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) return [{ path, reason: 'the ring is not closed: its last position must equal its first' }];
  return [];
}

/**
 * Everything wrong with a geometry that should be of `kind` (Point, or Polygon/MultiPolygon),
 * in WGS 84 longitude/latitude: invalid GeoJSON (geojson-validation), wrong type, positions out of
 * range or swapped, unclosed rings, too many positions, self-intersections (an R-tree of segments).
 *
 * @param {unknown} geometry the geometry as received
 * @param {string} kind 'Point' | 'Polygon' (Polygon accepts MultiPolygon)
 * @returns {GeometryFault[]} empty when the geometry can be stored
 * @example
 * geometryFaults({ type: 'Point', coordinates: [39.9, 116.4] }, 'Point');
 * // → [{ path: 'coordinates', reason: 'latitude 116.4 is out of range; the coordinates look swapped …' }]
 */
export function geometryFaults(geometry: unknown, kind: GeometryKind): GeometryFault[] {
  if (geometry === null || typeof geometry !== 'object') return [{ path: '', reason: `must be a GeoJSON ${ACCEPTED[kind].join(' or ')} geometry` }];
  const g = geometry as Geometry;
  if (!ACCEPTED[kind].includes(g.type)) {
    return [{ path: 'type', reason: `must be ${ACCEPTED[kind].join(' or ')}, got ${JSON.stringify((g as { type?: unknown }).type)}` }];
  }
  if (g.type !== 'Point') {
    const vertices = vertexCount((g as { coordinates?: unknown }).coordinates, g.type === 'Polygon' ? 2 : 3);
    if (vertices > MAX_GEOMETRY_VERTICES) {
      return [{ path: 'coordinates', reason: `has ${vertices} positions; at most ${MAX_GEOMETRY_VERTICES} are accepted per geometry (simplify it first)`, limit: MAX_GEOMETRY_VERTICES }];
    }
  }
  const structural = gjv.valid(g, true) as string[] | boolean;
  // Unclosed or too-short rings are reported below with the ring's path; anything else stops here.
  if (Array.isArray(structural) && structural.some((m) => !RING_SHAPE_FAULT.test(m))) return [{ path: '', reason: `invalid GeoJSON: ${structural.join('; ')}` }];
  const faults: GeometryFault[] = [];
  if (g.type === 'Point') return positionFaults(g.coordinates, 'coordinates');
  const polygons = g.type === 'Polygon' ? [g.coordinates] : (g as { coordinates: Position[][][] }).coordinates;
  polygons.forEach((rings, pi) => {
    rings.forEach((ring, ri) => {
      const base = g.type === 'Polygon' ? `coordinates[${ri}]` : `coordinates[${pi}][${ri}]`;
      ring.forEach((p, i) => faults.push(...positionFaults(p, `${base}[${i}]`)));
      faults.push(...ringFaults(ring, base));
    });
  });
  if (faults.length > 0) return faults;
  // Indexed segments (an R-tree of edges, geojson-polygon-self-intersections), not Turf kinks (all pairs,
  // O(n²): 14–24 s for 20 000 positions on the main thread). Rings overlapping each other and holes outside
  // their shell are left to PostGIS (ST_IsValid), which every write checks in its transaction.
  for (const [pi, rings] of polygons.entries()) {
    const found: number[][] = selfIntersections({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: rings } }, (point: number[]) => point);
    if (found.length > 0) {
      const [x, y] = found[0]!;
      const where = g.type === 'Polygon' ? 'coordinates' : `coordinates[${pi}]`;
      return [{ path: where, reason: `the ring intersects itself at [${x}, ${y}]${found.length > 1 ? ` (and ${found.length - 1} more places)` : ''}` }];
    }
  }
  return [];
}
