import type { ArterialClaim } from './arterials.ts';
import { ringCentroid, type PlanePoint } from './geometry.ts';
import { buildLanes } from './lanes.ts';
import type { Mesh } from './mesh.ts';
import type { Segment } from './network-parts.ts';
import type { Random } from './random.ts';

/**
 * The network's single-segment lines before the barriers cut them: every mesh edge (an arterial's
 * kind and name where claimed), then either footways from each cell's centroid to two or three
 * of its corners, or compound lanes that split the streets they meet.
 */

/** Options of {@link networkSegments}. */
export interface SegmentOptions {
  mesh: Mesh;
  claims: ReadonlyMap<number, ArterialClaim>;
  /** The network's stream (footway corners; lanes fork their own). */
  random: Random;
  /** Lanes this far apart instead of footways; unset: footways. */
  laneSpacingM: number | undefined;
}

/**
 * Builds the segments. Node keys: mesh vertices, then cell centroids, then lane nodes.
 *
 * @param {SegmentOptions} options the mesh, the arterial claims, the stream and the lane spacing
 * @returns {{ segments: Segment[]; laneKeys: number }} the segments and how many lane keys were used
 * @example
 * const { segments } = networkSegments({ mesh, claims, random, laneSpacingM: undefined });
 */
export function networkSegments({ mesh, claims, random, laneSpacingM }: SegmentOptions): { segments: Segment[]; laneKeys: number } {
  const { vertices, edges, cells } = mesh;
  const vertexCount = vertices.length;
  const vertex = (v: number): PlanePoint => vertices[v] as PlanePoint;
  const streets: Segment[] = edges.map((edge, e) => {
    const claim = claims.get(e);
    const urban = edge.cells.some((c) => cells[c]?.zone === 'urban');
    return {
      a: vertex(edge.a),
      b: vertex(edge.b),
      keyA: edge.a,
      keyB: edge.b,
      kind: claim?.kind ?? (urban ? 'residential' : 'unclassified'),
      name: claim?.name ?? null,
      arterial: claim?.arterial ?? -1,
    };
  });
  if (laneSpacingM !== undefined) {
    // Lanes split the streets they meet, and replace the footways (which would cross them).
    const lanes = buildLanes(mesh, random.fork('lanes'), laneSpacingM, vertexCount + cells.length);
    const segments: Segment[] = [];
    streets.forEach((segment, e) => {
      const cuts = (lanes.splits.get(e) ?? []).sort((p, q) => p.t - q.t);
      if (cuts.length === 0) {
        segments.push(segment);
        return;
      }
      const stops = [{ point: segment.a, key: segment.keyA }, ...cuts.map((c) => ({ point: c.point, key: c.key })), { point: segment.b, key: segment.keyB }];
      for (let k = 0; k + 1 < stops.length; k++) {
        segments.push({ ...segment, a: stops[k]!.point, b: stops[k + 1]!.point, keyA: stops[k]!.key, keyB: stops[k + 1]!.key });
      }
    });
    for (const lane of lanes.pieces) segments.push({ ...lane, kind: 'service', name: null, arterial: -1 });
    return { segments, laneKeys: lanes.keyCount };
  }
  const segments = streets;
  cells.forEach((cell, c) => {
    const ringPoints = cell.ring.map(vertex);
    const centroid = ringCentroid(ringPoints);
    const count = random.int(2, 3);
    const start = random.int(0, cell.ring.length - 1);
    const chosen = new Set<number>();
    for (let i = 0; i < count; i++) {
      chosen.add(cell.ring[(start + Math.floor((i * cell.ring.length) / count)) % cell.ring.length] as number);
    }
    for (const v of chosen) {
      segments.push({ a: centroid, b: vertex(v), keyA: vertexCount + c, keyB: v, kind: 'footway', name: null, arterial: -1 });
    }
  });
  return { segments, laneKeys: 0 };
}
