import type { CatchmentPairArrays } from '../accessibility/catchment-pairs.ts';
import type { AccessibilityStats, DecayZone } from '../accessibility/model.ts';
import { createBoundedSearch } from './dijkstra.ts';
import type { EdgeSnap } from './model.ts';
import { alongEdgeM } from './snap.ts';
import { snapPoints, type SnappedPoints } from './snapped-points.ts';
import { DEFAULT_MAX_SNAP_M, type WalkingNetwork } from './walking-network.ts';

/** Demand locations as the accessibility engine holds them (struct-of-arrays lon/lat). */
export interface CatchmentPoints {
  readonly lon: ArrayLike<number>;
  readonly lat: ArrayLike<number>;
}

/** The shape of the accessibility engine's `catchmentPairs`, for its `pairs` option. */
export type CatchmentPairsFunction = (
  points: CatchmentPoints,
  facilities: ReadonlyArray<{ lon: number; lat: number; reachMeters: number }>,
  zones: readonly DecayZone[],
  stats: AccessibilityStats,
) => CatchmentPairArrays;

/**
 * Catchments on walking distances for the accessibility engine (2SFCA, E2SFCA, capacitated): a
 * (demand point, facility) pair is in when the walk between them (snap legs included, as in
 * walking coverage) is ≤ the facility's reach, in the first decay zone whose bound it does not
 * exceed. One Dijkstra per facility bounded by its reach; demand points are snapped once per
 * point set (cached). Pairs come grouped by facility, in facility order, as `catchmentPairs` gives them.
 *
 * @param {WalkingNetwork} walking the network from `prepareWalkingNetwork`
 * @param {Object} [options={}] Optional parameters
 * @param {number} [options.maxSnapM=500] maximum snap distance, metres
 * @returns {CatchmentPairsFunction} a drop-in for `catchmentPairs`
 * @example
 * const engine = createAccessibilityEngine(input, { pairs: walkingCatchmentPairs(walking) });
 */
export function walkingCatchmentPairs(walking: WalkingNetwork, options: { maxSnapM?: number } = {}): CatchmentPairsFunction {
  // Input validation
  if (!walking || typeof walking.snap !== 'function') throw new Error('walkingCatchmentPairs: walking must come from prepareWalkingNetwork');
  const maxSnapM = options.maxSnapM ?? DEFAULT_MAX_SNAP_M;

  const snapped = new WeakMap<CatchmentPoints, SnappedPoints>();
  const search = createBoundedSearch(walking.graph);
  const { network, graph } = walking;
  return (points, facilities, zones, stats) => {
    let sp = snapped.get(points);
    if (!sp) snapped.set(points, (sp = snapPoints(walking, points.lon, points.lat, maxSnapM)));
    const pts = sp;
    const demandIndex: number[] = [];
    const supplyIndex: number[] = [];
    const weight: number[] = [];
    const distanceMeters: number[] = [];
    const nz = zones.length;
    facilities.forEach((f, j) => {
      const reach = f.reachMeters;
      const s = walking.snap(f.lon, f.lat, maxSnapM);
      if (!s || s.snapM > reach) return;
      const reached = search.run(
        [
          { node: network.edgeSource[s.edge] as number, distanceM: s.snapM + s.fromSourceM },
          { node: network.edgeTarget[s.edge] as number, distanceM: s.snapM + s.toTargetM },
        ],
        reach,
      );
      const dist = search.distanceM;
      const best = new Map<number, number>();
      const offer = (e: number): void => {
        const src = dist[network.edgeSource[e] as number] as number;
        const tgt = dist[network.edgeTarget[e] as number] as number;
        for (let k = pts.edgeStart[e] as number; k < (pts.edgeStart[e + 1] as number); k++) {
          const i = pts.edgePoints[k] as number;
          let d = Math.min(src + (pts.fromSourceM[i] as number), tgt + (pts.toTargetM[i] as number));
          if (e === s.edge) d = Math.min(d, s.snapM + alongEdgeM(network, s, pts.snaps[i] as EdgeSnap));
          d += pts.snapM[i] as number;
          if (d <= reach && d < (best.get(i) ?? Infinity)) best.set(i, d);
        }
      };
      offer(s.edge);
      for (const u of reached) for (let k = graph.adjStart[u] as number; k < (graph.adjStart[u + 1] as number); k++) offer(graph.adjEdge[k] as number);
      stats.candidates += best.size;
      for (const i of [...best.keys()].sort((a, b) => a - b)) {
        const d = best.get(i) as number;
        let z = 0;
        while (z < nz - 1 && d > (zones[z] as DecayZone).upToFraction * reach) z++;
        demandIndex.push(i);
        supplyIndex.push(j);
        weight.push((zones[z] as DecayZone).weight);
        distanceMeters.push(d);
      }
    });
    stats.pairs += demandIndex.length;
    return {
      demandIndex: Int32Array.from(demandIndex),
      supplyIndex: Int32Array.from(supplyIndex),
      weight: Float64Array.from(weight),
      distanceMeters: Float64Array.from(distanceMeters),
    };
  };
}
