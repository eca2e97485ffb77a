/**
 * Planar geometry helpers for the demo-city generator. Everything here works in a local metric
 * plane: x metres east, y metres north of the city centre. Only `createProjection` converts to
 * lon/lat (RFC 7946 order).
 */

/** A point in the local metric plane: [xMeters east, yMeters north]. */
export type PlanePoint = readonly [number, number];

/** Earth radius used by the equirectangular conversion (IUGG mean radius), metres. */
const EARTH_RADIUS_M = 6_371_008.8;

/** Rounds a coordinate to 7 decimals (about 1 cm), the precision of the generated GeoJSON. */
export function roundCoordinate(value: number): number {
  return Math.round(value * 1e7) / 1e7;
}

/**
 * Creates an equirectangular conversion from the local metric plane to lon/lat around `center`.
 * Good to well under a metre of distortion across a city; coordinates are rounded to 7 decimals.
 *
 * @param {[number, number]} center [lon, lat] of the plane's origin
 * @returns {(point: PlanePoint) => [number, number]} converter to [lon, lat]
 * @example
 * const toLonLat = createProjection([118.05, 36.8]);
 * toLonLat([1000, 0]); // [118.0612..., 36.8]
 */
export function createProjection(center: readonly [number, number]): (point: PlanePoint) => [number, number] {
  const [lon0, lat0] = center;
  const degreesPerMeterLat = 180 / (Math.PI * EARTH_RADIUS_M);
  const degreesPerMeterLon = degreesPerMeterLat / Math.cos((lat0 * Math.PI) / 180);
  return (point) => [
    roundCoordinate(lon0 + point[0] * degreesPerMeterLon),
    roundCoordinate(lat0 + point[1] * degreesPerMeterLat),
  ];
}

/** Shoelace signed area of an open ring (no repeated closing point); positive = counter-clockwise. */
export function signedAreaSquareMeters(ring: readonly PlanePoint[]): number {
  let twiceArea = 0;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i] as PlanePoint;
    const b = ring[(i + 1) % ring.length] as PlanePoint;
    twiceArea += a[0] * b[1] - b[0] * a[1];
  }
  return twiceArea / 2;
}

/** Area centroid of an open, simple ring. */
export function ringCentroid(ring: readonly PlanePoint[]): PlanePoint {
  let twiceArea = 0;
  let cx = 0;
  let cy = 0;
  const [ox, oy] = ring[0] as PlanePoint; // shift for numerical stability
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i] as PlanePoint;
    const b = ring[(i + 1) % ring.length] as PlanePoint;
    const ax = a[0] - ox;
    const ay = a[1] - oy;
    const bx = b[0] - ox;
    const by = b[1] - oy;
    const cross = ax * by - bx * ay;
    twiceArea += cross;
    cx += (ax + bx) * cross;
    cy += (ay + by) * cross;
  }
  return [ox + cx / (3 * twiceArea), oy + cy / (3 * twiceArea)];
}

/**
 * Whether `point` lies inside a convex counter-clockwise open ring, at least `marginMeters` from
 * every edge.
 */
export function isInsideConvexRing(ring: readonly PlanePoint[], point: PlanePoint, marginMeters: number): boolean {
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i] as PlanePoint;
    const b = ring[(i + 1) % ring.length] as PlanePoint;
    const ex = b[0] - a[0];
    const ey = b[1] - a[1];
    const length = Math.hypot(ex, ey);
    if (length === 0) continue;
    const leftDistance = (ex * (point[1] - a[1]) - ey * (point[0] - a[0])) / length;
    if (leftDistance < marginMeters) return false;
  }
  return true;
}

/** Axis-aligned bounds [minX, minY, maxX, maxY] of a ring. */
export function ringBounds(ring: readonly PlanePoint[]): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of ring) {
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}

/** Euclidean distance between two plane points, metres. */
export function distanceMeters(a: PlanePoint, b: PlanePoint): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

/** Segment parameter of the closest point found by the last {@link pointSegmentDistance} call. */
let lastSegmentParameter = 0;

/**
 * Distance from point (px, py) to segment (ax, ay)–(bx, by); the parameter of the closest point
 * is left in `lastSegmentParameter` (no allocation on this hot path).
 * @private
 */
function pointSegmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const ex = bx - ax;
  const ey = by - ay;
  const lengthSquared = ex * ex + ey * ey;
  let u = lengthSquared === 0 ? 0 : ((px - ax) * ex + (py - ay) * ey) / lengthSquared;
  if (u < 0) u = 0;
  else if (u > 1) u = 1;
  lastSegmentParameter = u;
  return Math.hypot(px - (ax + u * ex), py - (ay + u * ey));
}

/** Result of projecting a point onto a polyline. */
export interface PolylineProjection {
  /** Distance from the point to the polyline, metres. */
  distanceM: number;
  /** Position of the closest point along the polyline, metres from its start. */
  arcM: number;
  /** +1 if the point is left of the polyline's direction, -1 if right, 0 if on it. */
  side: -1 | 0 | 1;
  /** Unit tangent of the polyline at the closest point. */
  tangent: PlanePoint;
}

/** A polyline with a bucket index for fast nearest-segment queries. */
export interface PolylineIndex {
  readonly points: readonly PlanePoint[];
  /** Cumulative length at each vertex, metres. */
  readonly cumulativeM: readonly number[];
  /** Total length, metres. */
  readonly lengthM: number;
  /** Point at `arcM` metres along the polyline (clamped to its ends). */
  pointAt(arcM: number): PlanePoint;
  /** Unit normal (left of direction) at `arcM`. */
  normalAt(arcM: number): PlanePoint;
  /** Closest point of the polyline within `searchRadiusM`, or null if none is that close. */
  project(point: PlanePoint, searchRadiusM: number): PolylineProjection | null;
  /** Distance to the polyline, or Infinity when farther than `searchRadiusM`. */
  distanceWithin(point: PlanePoint, searchRadiusM: number): number;
  /**
   * Parameter intervals [t0, t1] ⊂ [0, 1] of segment a→b that lie closer than `radiusM` to the
   * polyline (its buffer), merged and sorted.
   */
  bufferIntervals(a: PlanePoint, b: PlanePoint, radiusM: number): Array<[number, number]>;
}

/**
 * Builds a bucket index over a polyline's segments.
 *
 * @param {PlanePoint[]} points polyline vertices (at least 2)
 * @param {Object} [options={}] Optional parameters
 * @param {number} [options.cellSizeMeters=250] bucket size
 * @returns {PolylineIndex} the index
 * @example
 * const river = createPolylineIndex([[0, 0], [1000, 0]]);
 * river.distanceWithin([500, 30], 100); // 30
 */
export function createPolylineIndex(
  points: readonly PlanePoint[],
  options: { cellSizeMeters?: number } = {},
): PolylineIndex {
  // Input validation
  if (points.length < 2) throw new Error('createPolylineIndex needs at least 2 points');
  const cellSizeM = options.cellSizeMeters ?? 250;
  if (!(cellSizeM > 0)) throw new Error(`cellSizeMeters must be > 0, got ${cellSizeM}`);

  const cumulativeM: number[] = [0];
  for (let i = 1; i < points.length; i++) {
    cumulativeM.push((cumulativeM[i - 1] as number) + distanceMeters(points[i - 1] as PlanePoint, points[i] as PlanePoint));
  }
  const lengthM = cumulativeM[cumulativeM.length - 1] as number;

  const buckets = new Map<number, number[]>();
  // Bucket keys are integers; cities span far fewer than 2^20 buckets in each direction.
  const key = (cx: number, cy: number): number => (cx + 0x80000) * 0x100000 + (cy + 0x80000);
  for (let i = 0; i + 1 < points.length; i++) {
    const [ax, ay] = points[i] as PlanePoint;
    const [bx, by] = points[i + 1] as PlanePoint;
    const x0 = Math.floor(Math.min(ax, bx) / cellSizeM);
    const x1 = Math.floor(Math.max(ax, bx) / cellSizeM);
    const y0 = Math.floor(Math.min(ay, by) / cellSizeM);
    const y1 = Math.floor(Math.max(ay, by) / cellSizeM);
    for (let cx = x0; cx <= x1; cx++) {
      for (let cy = y0; cy <= y1; cy++) {
        const k = key(cx, cy);
        const list = buckets.get(k);
        if (list) list.push(i);
        else buckets.set(k, [i]);
      }
    }
  }

  const segmentsNear = (minX: number, minY: number, maxX: number, maxY: number): number[] => {
    const found = new Set<number>();
    const x0 = Math.floor(minX / cellSizeM);
    const x1 = Math.floor(maxX / cellSizeM);
    const y0 = Math.floor(minY / cellSizeM);
    const y1 = Math.floor(maxY / cellSizeM);
    for (let cx = x0; cx <= x1; cx++) {
      for (let cy = y0; cy <= y1; cy++) {
        const list = buckets.get(key(cx, cy));
        if (list) for (const s of list) found.add(s);
      }
    }
    return [...found].sort((p, q) => p - q);
  };

  const locate = (arcM: number): { segment: number; u: number } => {
    const clamped = Math.min(Math.max(arcM, 0), lengthM);
    let lo = 0;
    let hi = points.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if ((cumulativeM[mid] as number) <= clamped) lo = mid;
      else hi = mid;
    }
    const segmentLength = (cumulativeM[lo + 1] as number) - (cumulativeM[lo] as number);
    return { segment: lo, u: segmentLength === 0 ? 0 : (clamped - (cumulativeM[lo] as number)) / segmentLength };
  };

  const tangentOf = (segment: number): PlanePoint => {
    const a = points[segment] as PlanePoint;
    const b = points[segment + 1] as PlanePoint;
    const length = distanceMeters(a, b) || 1;
    return [(b[0] - a[0]) / length, (b[1] - a[1]) / length];
  };

  /** Nearest segment within the radius (ties: lowest segment index), scanning buckets directly. */
  const nearest = (px: number, py: number, searchRadiusM: number): { distanceM: number; segment: number; u: number } | null => {
    let best: { distanceM: number; segment: number; u: number } | null = null;
    const x0 = Math.floor((px - searchRadiusM) / cellSizeM);
    const x1 = Math.floor((px + searchRadiusM) / cellSizeM);
    const y0 = Math.floor((py - searchRadiusM) / cellSizeM);
    const y1 = Math.floor((py + searchRadiusM) / cellSizeM);
    for (let cx = x0; cx <= x1; cx++) {
      for (let cy = y0; cy <= y1; cy++) {
        const list = buckets.get(key(cx, cy));
        if (!list) continue;
        for (const s of list) {
          const [ax, ay] = points[s] as PlanePoint;
          const [bx, by] = points[s + 1] as PlanePoint;
          const distanceM = pointSegmentDistance(px, py, ax, ay, bx, by);
          if (
            distanceM <= searchRadiusM &&
            (best === null || distanceM < best.distanceM || (distanceM === best.distanceM && s < best.segment))
          ) {
            best = { distanceM, segment: s, u: lastSegmentParameter };
          }
        }
      }
    }
    return best;
  };

  const project = (point: PlanePoint, searchRadiusM: number): PolylineProjection | null => {
    const [px, py] = point;
    const best = nearest(px, py, searchRadiusM);
    if (best === null) return null;
    const a = points[best.segment] as PlanePoint;
    const tangent = tangentOf(best.segment);
    const cross = tangent[0] * (py - a[1]) - tangent[1] * (px - a[0]);
    const segmentLength = (cumulativeM[best.segment + 1] as number) - (cumulativeM[best.segment] as number);
    return {
      distanceM: best.distanceM,
      arcM: (cumulativeM[best.segment] as number) + best.u * segmentLength,
      side: cross > 0 ? 1 : cross < 0 ? -1 : 0,
      tangent,
    };
  };

  return {
    points,
    cumulativeM,
    lengthM,
    pointAt(arcM) {
      const { segment, u } = locate(arcM);
      const a = points[segment] as PlanePoint;
      const b = points[segment + 1] as PlanePoint;
      return [a[0] + u * (b[0] - a[0]), a[1] + u * (b[1] - a[1])];
    },
    normalAt(arcM) {
      const [tx, ty] = tangentOf(locate(arcM).segment);
      return [-ty, tx];
    },
    project,
    distanceWithin(point, searchRadiusM) {
      const hit = nearest(point[0], point[1], searchRadiusM);
      return hit === null ? Infinity : hit.distanceM;
    },
    bufferIntervals(a, b, radiusM) {
      const [ax, ay] = a;
      const [bx, by] = b;
      const intervals: Array<[number, number]> = [];
      const candidates = segmentsNear(
        Math.min(ax, bx) - radiusM,
        Math.min(ay, by) - radiusM,
        Math.max(ax, bx) + radiusM,
        Math.max(ay, by) + radiusM,
      );
      for (const s of candidates) {
        const [cx, cy] = points[s] as PlanePoint;
        const [dx, dy] = points[s + 1] as PlanePoint;
        // The distance from a + t(b - a) to segment cd is convex in t: find its minimum by
        // ternary search, then the two ends of the sub-level set {t : distance < radius} by bisection.
        const f = (t: number): number => pointSegmentDistance(ax + t * (bx - ax), ay + t * (by - ay), cx, cy, dx, dy);
        let lo = 0;
        let hi = 1;
        for (let iteration = 0; iteration < 60; iteration++) {
          const m1 = lo + (hi - lo) / 3;
          const m2 = hi - (hi - lo) / 3;
          if (f(m1) <= f(m2)) hi = m2;
          else lo = m1;
        }
        const tMin = (lo + hi) / 2;
        if (f(tMin) >= radiusM) continue;
        let start = 0;
        if (f(0) >= radiusM) {
          let outside = 0;
          let inside = tMin;
          for (let iteration = 0; iteration < 50; iteration++) {
            const mid = (outside + inside) / 2;
            if (f(mid) < radiusM) inside = mid;
            else outside = mid;
          }
          start = outside;
        }
        let end = 1;
        if (f(1) >= radiusM) {
          let inside = tMin;
          let outside = 1;
          for (let iteration = 0; iteration < 50; iteration++) {
            const mid = (outside + inside) / 2;
            if (f(mid) < radiusM) inside = mid;
            else outside = mid;
          }
          end = outside;
        }
        intervals.push([start, end]);
      }
      intervals.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
      const merged: Array<[number, number]> = [];
      for (const interval of intervals) {
        const last = merged[merged.length - 1];
        if (last && interval[0] <= last[1]) last[1] = Math.max(last[1], interval[1]);
        else merged.push([interval[0], interval[1]]);
      }
      return merged;
    },
  };
}
