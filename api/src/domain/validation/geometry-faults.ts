import { booleanValid, kinks } from '@turf/turf';
import type { Geometry, Position } from 'geojson';
import gjv from 'geojson-validation';

/** One reason a geometry cannot be stored, with the path inside the geometry. */
export interface GeometryFault {
  /** Path below the geometry, e.g. `coordinates[0][3]`; '' for the whole geometry. */
  path: string;
  reason: string;
}

export type GeometryKind = 'Point' | 'Polygon';

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
 * range or swapped, unclosed rings, self-intersections (Turf kinks).
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
  const crossings = kinks(g as never).features;
  if (crossings.length > 0) {
    const [x, y] = crossings[0]!.geometry.coordinates;
    return [{ path: 'coordinates', reason: `the ring intersects itself at [${x}, ${y}]${crossings.length > 1 ? ` (and ${crossings.length - 1} more places)` : ''}` }];
  }
  if (!booleanValid(g as never)) return [{ path: 'coordinates', reason: 'the polygon is not valid (rings overlap or a hole lies outside its shell)' }];
  return [];
}
