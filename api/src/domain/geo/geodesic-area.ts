import type { MultiPolygon, Polygon, Position } from 'geojson';
import { WGS84 } from './wgs84.ts';

/**
 * Area of a Polygon or MultiPolygon on the WGS 84 ellipsoid, in m² (GeographicLib `PolygonArea`,
 * the ellipsoidal area `ST_Area(geom::geography)` reports). Outer rings count positive and holes
 * negative whatever their orientation. Edges are taken as geodesics, which for community-sized
 * polygons differs from straight lon/lat edges by far less than a square metre.
 *
 * @param {Polygon|MultiPolygon} geometry the area
 * @returns {number} area in square metres
 * @example
 * geodesicAreaSquareMeters({ type: 'Polygon', coordinates: [[[118, 36.8], [118.01, 36.8], [118.01, 36.81], [118, 36.81], [118, 36.8]]] }); // ≈ 993 000
 */
export function geodesicAreaSquareMeters(geometry: Polygon | MultiPolygon): number {
  // Input validation
  if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) {
    throw new Error(`geodesicAreaSquareMeters: geometry must be a Polygon or MultiPolygon, got ${(geometry as { type?: string } | undefined)?.type}`);
  }

  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let total = 0;
  for (const rings of polygons) {
    rings.forEach((ring, i) => {
      const a = ringAreaSquareMeters(ring);
      total += i === 0 ? a : -a;
    });
  }
  return total;
}

/** Unsigned area of one ring. @private */
function ringAreaSquareMeters(ring: readonly Position[]): number {
  const poly = WGS84.Polygon(false);
  const n = ring.length;
  // A closed ring repeats its first vertex; PolygonArea closes rings itself.
  const last = n > 1 && ring[0]?.[0] === ring[n - 1]?.[0] && ring[0]?.[1] === ring[n - 1]?.[1] ? n - 1 : n;
  if (last < 3) return 0;
  for (let i = 0; i < last; i++) {
    const p = ring[i] as Position;
    poly.AddPoint(p[1] as number, p[0] as number);
  }
  return Math.abs(poly.Compute(false, true).area ?? 0);
}
