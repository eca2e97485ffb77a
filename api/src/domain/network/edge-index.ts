import { RAD, WGS84_A_METERS, WGS84_E2 } from '../geo/wgs84.ts';
import type { NodedNetwork } from './model.ts';

/**
 * A uniform grid over the segments of a network's edges, in an equirectangular plane around the
 * data's centre (metres, for bucketing only: distances are measured elsewhere). Each segment is
 * listed in every cell its bounding box touches, in compressed sparse rows.
 *
 * @private
 */
export interface EdgeIndex {
  lon0: number;
  kx: number;
  ky: number;
  minX: number;
  minY: number;
  cellM: number;
  cols: number;
  rows: number;
  /** Segments of cell c are entries cellStart[c] … cellStart[c + 1] − 1 of cellSegment. */
  cellStart: Int32Array;
  /** A segment is named by its first vertex (vertex k to k + 1 of the network's vertex arrays). */
  cellSegment: Int32Array;
  /** Edge of each vertex (so of each segment). */
  vertexEdge: Int32Array;
  /** Per-segment stamp for de-duplicating cells in one query. */
  stamp: Int32Array;
  query: number;
}

const MAX_CELLS = 4_000_000;

/** Longitude difference normalised to [-180, 180). @private */
export function wrapDegrees(d: number): number {
  return d < -180 || d >= 180 ? d - 360 * Math.floor((d + 180) / 360) : d;
}

/**
 * Builds the grid over the segments of the edges for which `include(edge)` is true.
 *
 * @private
 */
export function buildEdgeIndex(network: NodedNetwork, include: (edge: number) => boolean): EdgeIndex {
  const { edgeCount, edgeVertexStart, vertexLon, vertexLat } = network;
  const vertexCount = vertexLon.length;
  const vertexEdge = new Int32Array(vertexCount);
  for (let e = 0; e < edgeCount; e++) vertexEdge.fill(e, edgeVertexStart[e] as number, edgeVertexStart[e + 1] as number);

  // Plane around the mean position of the vertices.
  let sx = 0;
  let sy = 0;
  let sLat = 0;
  for (let v = 0; v < vertexCount; v++) {
    sx += Math.cos((vertexLon[v] as number) * RAD);
    sy += Math.sin((vertexLon[v] as number) * RAD);
    sLat += vertexLat[v] as number;
  }
  const lon0 = vertexCount > 0 ? Math.atan2(sy, sx) / RAD : 0;
  const lat0 = vertexCount > 0 ? sLat / vertexCount : 0;
  const kx = (WGS84_A_METERS * Math.cos(lat0 * RAD) * RAD) / Math.sqrt(1 - WGS84_E2 * Math.sin(lat0 * RAD) ** 2);
  const ky = 111_000;
  const xOf = (v: number): number => wrapDegrees((vertexLon[v] as number) - lon0) * kx;
  const yOf = (v: number): number => (vertexLat[v] as number) * ky;

  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  let segments = 0;
  for (let e = 0; e < edgeCount; e++) {
    if (!include(e)) continue;
    for (let v = edgeVertexStart[e] as number; v < (edgeVertexStart[e + 1] as number); v++) {
      const x = xOf(v);
      const y = yOf(v);
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    segments += (edgeVertexStart[e + 1] as number) - (edgeVertexStart[e] as number) - 1;
  }
  if (segments === 0) {
    return { lon0, kx, ky, minX: 0, minY: 0, cellM: 1, cols: 0, rows: 0, cellStart: new Int32Array(1), cellSegment: new Int32Array(0), vertexEdge, stamp: new Int32Array(vertexCount), query: 0 };
  }
  const area = Math.max(1, (maxX - minX) * (maxY - minY));
  let cellM = Math.min(200, Math.max(20, Math.sqrt(area / segments)));
  while (((maxX - minX) / cellM + 1) * ((maxY - minY) / cellM + 1) > MAX_CELLS) cellM *= 1.5;
  const cols = Math.floor((maxX - minX) / cellM) + 1;
  const rows = Math.floor((maxY - minY) / cellM) + 1;

  const forEachCell = (v: number, visit: (cell: number) => void): void => {
    const x1 = xOf(v);
    const y1 = yOf(v);
    const x2 = xOf(v + 1);
    const y2 = yOf(v + 1);
    const c0 = Math.floor((Math.min(x1, x2) - minX) / cellM);
    const c1 = Math.floor((Math.max(x1, x2) - minX) / cellM);
    const r0 = Math.floor((Math.min(y1, y2) - minY) / cellM);
    const r1 = Math.floor((Math.max(y1, y2) - minY) / cellM);
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) visit(r * cols + c);
  };
  const cellStart = new Int32Array(cols * rows + 1);
  const eachSegment = (visit: (v: number) => void): void => {
    for (let e = 0; e < edgeCount; e++) {
      if (!include(e)) continue;
      for (let v = edgeVertexStart[e] as number; v < (edgeVertexStart[e + 1] as number) - 1; v++) visit(v);
    }
  };
  eachSegment((v) => forEachCell(v, (cell) => void cellStart[cell + 1]!++));
  for (let c = 0; c < cols * rows; c++) cellStart[c + 1] = (cellStart[c + 1] as number) + (cellStart[c] as number);
  const next = cellStart.slice(0, cols * rows);
  const cellSegment = new Int32Array(cellStart[cols * rows] as number);
  eachSegment((v) => forEachCell(v, (cell) => { cellSegment[next[cell]!++] = v; }));
  return { lon0, kx, ky, minX, minY, cellM, cols, rows, cellStart, cellSegment, vertexEdge, stamp: new Int32Array(vertexCount), query: 0 };
}
