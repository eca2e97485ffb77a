import FlatQueue from 'flatqueue';
import { settle } from './dijkstra.ts';
import type { EdgeSnap } from './model.ts';
import { alongEdgeM } from './snap.ts';
import type { SnappedPoints } from './snapped-points.ts';
import type { WalkingNetwork } from './walking-network.ts';

/** A facility as a walking field sees it: a code and where it meets the network (null: it does not). @private */
export interface FieldFacility {
  code: string;
  snap: EdgeSnap | null;
}

/**
 * The walking distance from every node and every snapped point to the nearest of a set of
 * facilities, up to `reachM` (farther = Infinity), kept up to date as facilities are added and
 * removed. Distance of a point = its snap leg + min(via either end node of its edge, or straight
 * along the edge to a facility on the same edge) — facilities' own snap legs included.
 *
 * @private
 */
export interface WalkField {
  readonly reachM: number;
  /** Per node: distance to the nearest facility, and its slot (−1: none within reach). */
  readonly nodeM: Float64Array;
  readonly label: Int32Array;
  /** Per point: walking distance to the nearest facility (Infinity beyond reach or unreachable). */
  readonly pointM: Float64Array;
  /** Per point: slot of that facility (−1: none). */
  readonly pointLabel: Int32Array;
  /** Facilities by slot; removed ones are null. */
  readonly slots: Array<FieldFacility | null>;
  /** Adds facilities; returns the points whose distance changed. */
  add(facilities: readonly FieldFacility[]): number[];
  /** Removes the facility in a slot; returns the points whose distance changed. */
  remove(slot: number): number[];
}

/** Creates an empty field (every distance Infinity). @private */
export function createWalkField(walking: WalkingNetwork, points: SnappedPoints, reachM: number): WalkField {
  const { network, graph } = walking;
  const { edgeSource, edgeTarget, edgeLengthM } = network;
  const { adjStart, adjNode, adjEdge } = graph;
  const nodeM = new Float64Array(network.nodeCount).fill(Infinity);
  const label = new Int32Array(network.nodeCount).fill(-1);
  const pointM = new Float64Array(points.count).fill(Infinity);
  const pointLabel = new Int32Array(points.count).fill(-1);
  const slots: Array<FieldFacility | null> = [];
  const edgeSlots = new Map<number, number[]>();
  const queue = new FlatQueue<number>();

  /** Recomputes one point; true when its distance changed. */
  const updatePoint = (i: number): boolean => {
    const e = points.edge[i] as number;
    if (e < 0) return false;
    let best = Infinity;
    let bestLabel = -1;
    const viaSource = (nodeM[edgeSource[e] as number] as number) + (points.fromSourceM[i] as number);
    if (viaSource < best) {
      best = viaSource;
      bestLabel = label[edgeSource[e] as number] as number;
    }
    const viaTarget = (nodeM[edgeTarget[e] as number] as number) + (points.toTargetM[i] as number);
    if (viaTarget < best) {
      best = viaTarget;
      bestLabel = label[edgeTarget[e] as number] as number;
    }
    const same = edgeSlots.get(e);
    if (same) {
      const snap = points.snaps[i] as EdgeSnap;
      for (const slot of same) {
        const f = (slots[slot] as FieldFacility).snap as EdgeSnap;
        const direct = f.snapM + alongEdgeM(network, f, snap);
        if (direct < best || (direct === best && slot < bestLabel)) {
          best = direct;
          bestLabel = slot;
        }
      }
    }
    let total = best + (points.snapM[i] as number);
    if (!(total <= reachM)) {
      total = Infinity;
      bestLabel = -1;
    }
    if (total === pointM[i] && bestLabel === pointLabel[i]) return false;
    const changed = total !== pointM[i];
    pointM[i] = total;
    pointLabel[i] = bestLabel;
    return changed;
  };

  /** Recomputes the points on the edges around `nodes` and on `extraEdges`. */
  const refresh = (nodes: readonly number[], extraEdges: readonly number[]): number[] => {
    const changed: number[] = [];
    const seen = new Set<number>();
    const visitEdge = (e: number): void => {
      if (seen.has(e)) return;
      seen.add(e);
      for (let k = points.edgeStart[e] as number; k < (points.edgeStart[e + 1] as number); k++) {
        const i = points.edgePoints[k] as number;
        if (updatePoint(i)) changed.push(i);
      }
    };
    for (const u of nodes) for (let k = adjStart[u] as number; k < (adjStart[u + 1] as number); k++) visitEdge(adjEdge[k] as number);
    for (const e of extraEdges) visitEdge(e);
    return changed;
  };

  /** Offers a node a distance from a facility slot; queues it when that is an improvement. */
  const offer = (u: number, d: number, slot: number, changedNodes: number[]): void => {
    if (d < (nodeM[u] as number) && d <= reachM) {
      nodeM[u] = d;
      label[u] = slot;
      queue.push(u, d);
      changedNodes.push(u);
    }
  };

  return {
    reachM,
    nodeM,
    label,
    pointM,
    pointLabel,
    slots,
    add(facilities) {
      const changedNodes: number[] = [];
      const edges: number[] = [];
      for (const f of facilities) {
        const slot = slots.length;
        slots.push(f);
        const s = f.snap;
        if (!s) continue;
        let list = edgeSlots.get(s.edge);
        if (!list) edgeSlots.set(s.edge, (list = []));
        list.push(slot);
        edges.push(s.edge);
        offer(edgeSource[s.edge] as number, s.snapM + s.fromSourceM, slot, changedNodes);
        offer(edgeTarget[s.edge] as number, s.snapM + s.toTargetM, slot, changedNodes);
      }
      settle(graph, queue, nodeM, label, reachM, changedNodes);
      if (facilities.length > 64) {
        // Bulk start: every point once.
        const changed: number[] = [];
        for (let i = 0; i < points.count; i++) if (updatePoint(i)) changed.push(i);
        return changed;
      }
      return refresh(changedNodes, edges);
    },
    remove(slot) {
      const f = slots[slot];
      if (!f) throw new Error(`WalkField.remove: slot ${slot} is empty`);
      slots[slot] = null;
      const s = f.snap;
      if (!s) return [];
      const list = edgeSlots.get(s.edge) as number[];
      list.splice(list.indexOf(slot), 1);
      if (list.length === 0) edgeSlots.delete(s.edge);
      // Nodes it was nearest to lose their distance; their unaffected neighbours and the
      // facilities on their edges offer new ones.
      const affected: number[] = [];
      for (let u = 0; u < nodeM.length; u++) {
        if (label[u] === slot) {
          affected.push(u);
          nodeM[u] = Infinity;
          label[u] = -1;
        }
      }
      const changedNodes: number[] = [];
      for (const u of affected) {
        for (let k = adjStart[u] as number; k < (adjStart[u + 1] as number); k++) {
          const v = adjNode[k] as number;
          const e = adjEdge[k] as number;
          if (label[v] as number >= 0) offer(u, (nodeM[v] as number) + (edgeLengthM[e] as number), label[v] as number, changedNodes);
          const same = edgeSlots.get(e);
          if (!same) continue;
          for (const other of same) {
            const o = (slots[other] as FieldFacility).snap as EdgeSnap;
            offer(u, o.snapM + (u === edgeSource[e] ? o.fromSourceM : o.toTargetM), other, changedNodes);
          }
        }
      }
      settle(graph, queue, nodeM, label, reachM, changedNodes);
      return refresh(affected.concat(changedNodes), [s.edge]);
    },
  };
}
