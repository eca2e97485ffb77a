import type { EdgeSnap } from './model.ts';
import type { WalkingNetwork } from './walking-network.ts';

/** Points snapped onto a walking network, struct-of-arrays, with the points of each edge. @private */
export interface SnappedPoints {
  count: number;
  maxSnapM: number;
  /** Snap of each point; null when no snappable edge lies within maxSnapM (unreachable). */
  snaps: Array<EdgeSnap | null>;
  /** Edge of each point (−1 = unreachable), snap distance and along-edge distances to both ends. */
  edge: Int32Array;
  snapM: Float64Array;
  fromSourceM: Float64Array;
  toTargetM: Float64Array;
  /** Points on edge e are entries edgeStart[e] … edgeStart[e + 1] − 1 of edgePoints. */
  edgeStart: Int32Array;
  edgePoints: Int32Array;
}

/**
 * Snaps every point to the walking network once (the expensive part of a walking computation
 * that does not depend on the facilities).
 *
 * @private
 */
export function snapPoints(walking: WalkingNetwork, lon: ArrayLike<number>, lat: ArrayLike<number>, maxSnapM: number): SnappedPoints {
  const count = lon.length;
  const edgeCount = walking.network.edgeCount;
  const snaps: Array<EdgeSnap | null> = new Array(count);
  const edge = new Int32Array(count).fill(-1);
  const snapM = new Float64Array(count).fill(Infinity);
  const fromSourceM = new Float64Array(count);
  const toTargetM = new Float64Array(count);
  const edgeStart = new Int32Array(edgeCount + 1);
  for (let i = 0; i < count; i++) {
    const s = walking.snap(lon[i] as number, lat[i] as number, maxSnapM);
    snaps[i] = s;
    if (!s) continue;
    edge[i] = s.edge;
    snapM[i] = s.snapM;
    fromSourceM[i] = s.fromSourceM;
    toTargetM[i] = s.toTargetM;
    edgeStart[s.edge + 1]!++;
  }
  for (let e = 0; e < edgeCount; e++) edgeStart[e + 1] = (edgeStart[e + 1] as number) + (edgeStart[e] as number);
  const next = edgeStart.slice(0, edgeCount);
  const edgePoints = new Int32Array(edgeStart[edgeCount] as number);
  for (let i = 0; i < count; i++) {
    const e = edge[i] as number;
    if (e >= 0) edgePoints[next[e]!++] = i;
  }
  return { count, maxSnapM, snaps, edge, snapM, fromSourceM, toTargetM, edgeStart, edgePoints };
}
