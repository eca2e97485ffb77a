import { geodesicDistanceMetersLonLat } from '../geo/geodesic-distance.ts';
import { RAD, WGS84_A_METERS, WGS84_E2 } from '../geo/wgs84.ts';
import { wrapDegrees, type EdgeIndex } from './edge-index.ts';
import type { EdgeSnap, NodedNetwork } from './model.ts';

/** Bucketing plane vs local plane: distances agree within this factor over a city. */
const PLANE_SLACK = 0.9;

/**
 * Snaps a point to the nearest indexed edge at its projection point: the segment nearest in the
 * local tangent plane at the point (radii of curvature of WGS 84 at its latitude), then the
 * projection point linearly interpolated in lon/lat along that segment (a `LineString` segment in
 * EPSG:4326), and geodesic distances from the point to it and along the edge from it to both end
 * nodes. Returns null when no indexed segment lies within `maxSnapM`.
 *
 * @private
 */
export function snapPoint(network: NodedNetwork, index: EdgeIndex, lon: number, lat: number, maxSnapM: number): EdgeSnap | null {
  if (index.cols === 0) return null;
  const { vertexLon, vertexLat } = network;
  const s = Math.sin(lat * RAD);
  const w = 1 - WGS84_E2 * s * s;
  const n = WGS84_A_METERS / Math.sqrt(w);
  const lx = n * Math.cos(lat * RAD) * RAD;
  const ly = ((n * (1 - WGS84_E2)) / w) * RAD;

  const qx = wrapDegrees(lon - index.lon0) * index.kx;
  const qy = lat * index.ky;
  const qc = Math.floor((qx - index.minX) / index.cellM);
  const qr = Math.floor((qy - index.minY) / index.cellM);
  const stamp = ++index.query;
  let best = -1;
  let bestD2 = Infinity;
  // Every segment met, for the geodesic re-ranking of near-ties below.
  const seenV: number[] = [];
  const seenT: number[] = [];
  const seenD2: number[] = [];
  const maxRing = Math.ceil(maxSnapM / (index.cellM * PLANE_SLACK)) + 1;
  const visitCell = (c: number, r: number): void => {
    if (c < 0 || r < 0 || c >= index.cols || r >= index.rows) return;
    const cell = r * index.cols + c;
    for (let k = index.cellStart[cell] as number; k < (index.cellStart[cell + 1] as number); k++) {
      const v = index.cellSegment[k] as number;
      if (index.stamp[v] === stamp) continue;
      index.stamp[v] = stamp;
      const ax = wrapDegrees((vertexLon[v] as number) - lon) * lx;
      const ay = ((vertexLat[v] as number) - lat) * ly;
      const bx = wrapDegrees((vertexLon[v + 1] as number) - lon) * lx;
      const by = ((vertexLat[v + 1] as number) - lat) * ly;
      const dx = bx - ax;
      const dy = by - ay;
      const len2 = dx * dx + dy * dy;
      let t = len2 > 0 ? -(ax * dx + ay * dy) / len2 : 0;
      if (t < 0) t = 0;
      else if (t > 1) t = 1;
      const px = ax + t * dx;
      const py = ay + t * dy;
      const d2 = px * px + py * py;
      seenV.push(v);
      seenT.push(t);
      seenD2.push(d2);
      if (d2 < bestD2 || (d2 === bestD2 && v < best)) {
        bestD2 = d2;
        best = v;
      }
    }
  };
  for (let ring = 0; ring <= maxRing; ring++) {
    if (ring === 0) visitCell(qc, qr);
    else {
      for (let c = qc - ring; c <= qc + ring; c++) {
        visitCell(c, qr - ring);
        visitCell(c, qr + ring);
      }
      for (let r = qr - ring + 1; r <= qr + ring - 1; r++) {
        visitCell(qc - ring, r);
        visitCell(qc + ring, r);
      }
    }
    // Anything not yet seen is at least `ring` cells away.
    const floorM = ring * index.cellM * PLANE_SLACK;
    if (best >= 0 && Math.sqrt(bestD2) <= floorM) break;
    if (floorM > maxSnapM * 1.01 + index.cellM) break;
  }
  if (best < 0) return null;

  // The tangent plane is exact to ~1e-4 over a kilometre: segments within that of the best are
  // decided by the geodesic distance to their projection point (ties: lower segment).
  const limit = (Math.sqrt(bestD2) * 1.0002 + 0.02) ** 2;
  let v = -1;
  let bestT = 0;
  let snapM = Infinity;
  let pLon = 0;
  let pLat = 0;
  for (let k = 0; k < seenV.length; k++) {
    if ((seenD2[k] as number) > limit) continue;
    const u = seenV[k] as number;
    const t = seenT[k] as number;
    const aLon = vertexLon[u] as number;
    const aLat = vertexLat[u] as number;
    const bLon = aLon + wrapDegrees((vertexLon[u + 1] as number) - aLon);
    const bLat = vertexLat[u + 1] as number;
    const x = t === 1 ? bLon : aLon + t * (bLon - aLon);
    const y = t === 1 ? bLat : aLat + t * (bLat - aLat);
    const d = geodesicDistanceMetersLonLat(lon, lat, x, y);
    if (d < snapM || (d === snapM && u < v)) {
      [v, bestT, snapM, pLon, pLat] = [u, t, d, x, y];
    }
  }
  if (snapM > maxSnapM) return null;
  const e = index.vertexEdge[v] as number;
  const aLon = vertexLon[v] as number;
  const aLat = vertexLat[v] as number;
  const bLon = aLon + wrapDegrees((vertexLon[v + 1] as number) - aLon);
  const bLat = vertexLat[v + 1] as number;
  const headM = bestT === 0 ? 0 : geodesicDistanceMetersLonLat(aLon, aLat, pLon, pLat);
  const tailM = bestT === 1 ? 0 : geodesicDistanceMetersLonLat(pLon, pLat, bLon, bLat);
  const first = network.edgeVertexStart[e] as number;
  const cumA = network.vertexCumM[v] as number;
  const cumB = network.vertexCumM[v + 1] as number;
  return {
    edge: e,
    segment: v - first,
    lon: pLon,
    lat: pLat,
    snapM,
    fromSourceM: cumA + headM,
    toTargetM: (network.edgeLengthM[e] as number) - cumB + tailM,
    headM,
    tailM,
  };
}

/**
 * Walking distance along one edge between two points snapped onto it (projection to projection),
 * as a chain of geodesic legs through the vertices between them.
 *
 * @private
 */
export function alongEdgeM(network: NodedNetwork, a: EdgeSnap, b: EdgeSnap): number {
  if (a.segment === b.segment) return geodesicDistanceMetersLonLat(a.lon, a.lat, b.lon, b.lat);
  const [p, q] = a.segment < b.segment ? [a, b] : [b, a];
  const first = network.edgeVertexStart[p.edge] as number;
  const cum = network.vertexCumM;
  return p.tailM + ((cum[first + q.segment] as number) - (cum[first + p.segment + 1] as number)) + q.headM;
}
