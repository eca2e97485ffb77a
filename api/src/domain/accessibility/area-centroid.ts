import type { MultiPolygon, Polygon, Position } from 'geojson';
import { normalizeLongitudeDelta, unwrapLongitude } from '../geo/longitude.ts';

/**
 * The planar area-weighted centroid of a (Multi)Polygon in lon/lat degrees, as PostGIS
 * `ST_Centroid(geometry)` computes it: each ring's centroid weighted by its area, holes subtracted,
 * all parts together. Longitudes are unwrapped around the first vertex (so a community across the
 * antimeridian works) and the result is normalised to [-180, 180). The centroid of a concave area
 * may lie outside it. A degenerate area (no extent) gives the mean of its outer-ring vertices.
 *
 * @param {Polygon|MultiPolygon} geometry the area
 * @returns {Position} [lon, lat] of the centroid
 * @example
 * areaCentroid({ type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 1], [0, 1], [0, 0]]] }); // [1, 0.5]
 */
export function areaCentroid(geometry: Polygon | MultiPolygon): Position {
  // Input validation
  if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) {
    throw new Error(`Invalid input to areaCentroid: geometry must be a Polygon or MultiPolygon, got ${String((geometry as { type?: unknown } | null)?.type)}`);
  }
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const first = polygons[0]?.[0]?.[0];
  if (!first || !Number.isFinite(first[0]) || !Number.isFinite(first[1])) throw new Error('Invalid input to areaCentroid: geometry has no vertices');

  // Coordinates relative to the first vertex keep the cross products precise.
  const x0 = first[0] as number;
  const y0 = first[1] as number;
  let area = 0;
  let sx = 0;
  let sy = 0;
  let vx = 0;
  let vy = 0;
  let vn = 0;
  for (const rings of polygons) {
    rings.forEach((ring, r) => {
      let a = 0;
      let cx = 0;
      let cy = 0;
      for (let k = 0; k + 1 < ring.length; k++) {
        const p = ring[k] as Position;
        const q = ring[k + 1] as Position;
        const px = unwrapLongitude(p[0] as number, x0) - x0;
        const py = (p[1] as number) - y0;
        const qx = unwrapLongitude(q[0] as number, x0) - x0;
        const qy = (q[1] as number) - y0;
        const cross = px * qy - qx * py;
        a += cross;
        cx += (px + qx) * cross;
        cy += (py + qy) * cross;
        if (r === 0) {
          vx += px;
          vy += py;
          vn++;
        }
      }
      if (a === 0) return;
      // Ring centroid = (cx, cy) / (3a); weighted by |a| / 2, outer rings add and holes subtract.
      const sign = (r === 0 ? 1 : -1) * Math.sign(a);
      area += sign * a;
      sx += (sign * cx) / 3;
      sy += (sign * cy) / 3;
    });
  }
  const [dx, dy] = area > 0 ? [sx / area, sy / area] : vn > 0 ? [vx / vn, vy / vn] : [0, 0];
  return [normalizeLongitudeDelta(x0 + dx), y0 + dy];
}
