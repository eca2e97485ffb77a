// One label point per district/street/community (so a name is drawn once per unit, not once per
// tile piece as labels straight from polygon tiles are): inside its largest polygon, at the area centroid when
// that lies inside, else the middle of the widest interior run of the horizontal line through
// the centroid (the point-on-surface idea of PostGIS). GeoJSON in, GeoJSON out; no mutation.
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon, Position } from 'geojson';

export interface LabelProperties {
  kind: 'district' | 'street' | 'community';
  code: string;
  name: string;
}

type Ring = Position[];

/** Signed shoelace area of a ring (degrees², x scaled by cos φ so east-west is comparable). */
function ringArea(ring: Ring, cosLat: number): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const [xi = 0, yi = 0] = ring[i]!;
    const [xj = 0, yj = 0] = ring[j]!;
    sum += (xj * cosLat) * yi - (xi * cosLat) * yj;
  }
  return sum / 2;
}

function polygonArea(rings: Ring[], cosLat: number): number {
  const [outer, ...holes] = rings;
  if (!outer) return 0;
  return Math.abs(ringArea(outer, cosLat)) - holes.reduce((sum, hole) => sum + Math.abs(ringArea(hole, cosLat)), 0);
}

/** Area centroid of the outer ring (holes ignored: the inside test catches the rare miss). */
function ringCentroid(ring: Ring): Position | null {
  let area = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const [xi = 0, yi = 0] = ring[i]!;
    const [xj = 0, yj = 0] = ring[j]!;
    const cross = xj * yi - xi * yj;
    area += cross;
    cx += (xj + xi) * cross;
    cy += (yj + yi) * cross;
  }
  if (area === 0) return null;
  return [cx / (3 * area), cy / (3 * area)];
}

/** Even-odd point-in-polygon over all rings (holes exclude). */
export function insidePolygon(point: Position, rings: readonly Ring[]): boolean {
  const [x = 0, y = 0] = point;
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
      const [xi = 0, yi = 0] = ring[i]!;
      const [xj = 0, yj = 0] = ring[j]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** Middle of the widest inside run of the horizontal line at `y`, or null when it misses. */
function widestRunMiddle(rings: readonly Ring[], y: number): Position | null {
  const xs: number[] = [];
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
      const [xi = 0, yi = 0] = ring[i]!;
      const [xj = 0, yj = 0] = ring[j]!;
      if (yi > y !== yj > y) xs.push(((xj - xi) * (y - yi)) / (yj - yi) + xi);
    }
  }
  xs.sort((a, b) => a - b);
  let best: Position | null = null;
  let width = 0;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    const w = xs[i + 1]! - xs[i]!;
    if (w > width) {
      width = w;
      best = [(xs[i]! + xs[i + 1]!) / 2, y];
    }
  }
  return best;
}

/**
 * A point inside the (multi)polygon's largest part, or null for an empty geometry.
 *
 * @example
 * labelPoint({ type: 'Polygon', coordinates: [[[0,0],[2,0],[2,2],[0,2],[0,0]]] }) // → [1, 1]
 */
export function labelPoint(geometry: Polygon | MultiPolygon): Position | null {
  const polygons: Ring[][] = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const firstY = polygons[0]?.[0]?.[0]?.[1] ?? 0;
  const cosLat = Math.cos((firstY * Math.PI) / 180);
  let largest: Ring[] | null = null;
  let largestArea = -Infinity;
  for (const polygon of polygons) {
    const area = polygonArea(polygon, cosLat);
    if (area > largestArea) {
      largestArea = area;
      largest = polygon;
    }
  }
  if (!largest || !largest[0] || largest[0].length < 4) return null;
  const centroid = ringCentroid(largest[0]);
  if (centroid && insidePolygon(centroid, largest)) return centroid;
  const ys = largest[0].map((p) => p[1] ?? 0);
  const midY = centroid?.[1] ?? (Math.min(...ys) + Math.max(...ys)) / 2;
  // A line through a vertex can mis-pair crossings; nudge it off the vertices.
  const span = Math.max(...ys) - Math.min(...ys);
  for (const offset of [0, 1e-7, -1e-7, span / 7, -span / 7, span / 3, -span / 3]) {
    const point = widestRunMiddle(largest, midY + offset);
    if (point && insidePolygon(point, largest)) return point;
  }
  return largest[0][0] ?? null;
}

/** Label points of districts and streets, for the labels source. */
export function labelPoints(
  sets: readonly { kind: LabelProperties['kind']; collection: FeatureCollection<Polygon | MultiPolygon | null, { code: string; name: string }> }[],
): FeatureCollection<Point, LabelProperties> {
  const features: Feature<Point, LabelProperties>[] = [];
  for (const { kind, collection } of sets) {
    for (const feature of collection.features) {
      if (!feature.geometry || !feature.properties) continue;
      const point = labelPoint(feature.geometry);
      if (!point) continue;
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [point[0]!, point[1]!] },
        properties: { kind, code: feature.properties.code, name: feature.properties.name },
      });
    }
  }
  return { type: 'FeatureCollection', features };
}
