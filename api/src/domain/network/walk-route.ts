import FlatQueue from 'flatqueue';
import type { LineString, Position } from 'geojson';
import { subLine } from './isochrone.ts';
import type { EdgeSnap } from './model.ts';
import { alongEdgeM } from './snap.ts';
import type { WalkingNetwork } from './walking-network.ts';

/** A place to walk to: where it is and where it meets the network (null: beyond the snap limit). */
export interface WalkTarget {
  lon: number;
  lat: number;
  snap: EdgeSnap | null;
}

/** The walk to one target: metres by the coverage engine's rule, and the way as a line. */
export interface WalkRoute {
  /** Snap leg + along the edges + the target's snap leg; null when either end is off the network or unconnected. */
  walkM: number | null;
  /** Origin → its projection → along the streets → the target's projection → the target; null with walkM. */
  route: LineString | null;
}

/** Options of {@link walkRoutes}. */
export interface WalkRoutesOptions {
  /** Stop searching beyond this many metres of network distance (targets farther get null). Default Infinity. */
  maxDistanceM?: number;
}

/**
 * Walking distance and route from one point to each of several targets, by the same rule as the
 * walking coverage engine: the origin's snap leg, the way along its edge to an end node (or
 * straight along the edge to a target on the same edge), the shortest network path, the way along
 * the target's edge and its snap leg. One single-source Dijkstra with predecessors, stopped once
 * every target's edge ends are settled.
 *
 * @param {WalkingNetwork} walking from `prepareWalkingNetwork`
 * @param {Position} origin [lon, lat]
 * @param {EdgeSnap|null} originSnap where the origin meets the network (`walking.snap`), null = off the network
 * @param {WalkTarget[]} targets places with their snaps
 * @param {Object} [options={}] Optional parameters
 * @param {number} [options.maxDistanceM=Infinity] search radius on the network
 * @returns {WalkRoute[]} one per target, in order
 * @example
 * const [toClinic] = walkRoutes(walking, [116.33, 39.99], walking.snap(116.33, 39.99, 500), [{ lon, lat, snap: walking.snap(lon, lat, 500) }]);
 */
export function walkRoutes(
  walking: WalkingNetwork,
  origin: Position,
  originSnap: EdgeSnap | null,
  targets: readonly WalkTarget[],
  options: WalkRoutesOptions = {},
): WalkRoute[] {
  // Input validation
  const [olon, olat] = origin as [number, number];
  if (!Number.isFinite(olon) || !Number.isFinite(olat)) throw new Error('walkRoutes: origin must be [lon, lat] with finite numbers');
  if (!Array.isArray(targets)) throw new Error('walkRoutes: targets must be an array');
  const maxDistanceM = options.maxDistanceM ?? Infinity;
  if (!(maxDistanceM >= 0)) throw new Error(`walkRoutes: options.maxDistanceM must be ≥ 0, got ${maxDistanceM}`);

  const none: WalkRoute = { walkM: null, route: null };
  if (!originSnap) return targets.map(() => none);
  const { network, graph } = walking;
  const { edgeSource, edgeTarget, edgeLengthM } = network;
  const o = originSnap;

  // Dijkstra from the origin's projection, entering the graph at both ends of its edge.
  const dist = new Map<number, number>();
  const pred = new Map<number, { node: number; edge: number } | null>();
  const settled = new Set<number>();
  const queue = new FlatQueue<number>();
  const offer = (u: number, d: number, from: { node: number; edge: number } | null) => {
    if (d <= maxDistanceM && d < (dist.get(u) ?? Infinity)) {
      dist.set(u, d);
      pred.set(u, from);
      queue.push(u, d);
    }
  };
  offer(edgeSource[o.edge] as number, o.fromSourceM, null);
  offer(edgeTarget[o.edge] as number, o.toTargetM, null);
  const wanted = new Set<number>();
  for (const t of targets) {
    if (!t.snap) continue;
    wanted.add(edgeSource[t.snap.edge] as number);
    wanted.add(edgeTarget[t.snap.edge] as number);
  }
  let waiting = [...wanted].filter((u) => !settled.has(u)).length;
  while (queue.length > 0 && waiting > 0) {
    const d = queue.peekValue() as number;
    const u = queue.pop() as number;
    if (settled.has(u) || d > (dist.get(u) ?? Infinity)) continue;
    settled.add(u);
    if (wanted.has(u)) waiting--;
    for (let k = graph.adjStart[u] as number; k < (graph.adjStart[u + 1] as number); k++) {
      const e = graph.adjEdge[k] as number;
      offer(graph.adjNode[k] as number, d + (edgeLengthM[e] as number), { node: u, edge: e });
    }
  }

  /** The edges from the origin's edge end to node u, as line parts walked in order. */
  const pathTo = (u: number): Position[] => {
    const parts: Position[][] = [];
    let v = u;
    for (let step = pred.get(v); step; step = pred.get(v)) {
      const e = step.edge;
      const line = subLine(network, e, 0, edgeLengthM[e] as number);
      // Walked from step.node to v: source → target unless v is the source.
      parts.push(edgeSource[e] === step.node ? line : line.reverse());
      v = step.node;
    }
    // v is now one end of the origin's edge: walk from the projection to it first.
    const start = v === edgeSource[o.edge] ? subLine(network, o.edge, 0, o.fromSourceM).reverse() : subLine(network, o.edge, o.fromSourceM, edgeLengthM[o.edge] as number);
    return join([start, ...parts.reverse()]);
  };

  return targets.map((t): WalkRoute => {
    const s = t.snap;
    if (!s) return none;
    const viaSource = (dist.get(edgeSource[s.edge] as number) ?? Infinity) + s.fromSourceM;
    const viaTarget = (dist.get(edgeTarget[s.edge] as number) ?? Infinity) + s.toTargetM;
    const direct = s.edge === o.edge ? alongEdgeM(network, o, s) : Infinity;
    const best = Math.min(viaSource, viaTarget, direct);
    if (!Number.isFinite(best)) return none;
    let way: Position[];
    if (best === direct) {
      way = o.fromSourceM <= s.fromSourceM ? subLine(network, s.edge, o.fromSourceM, s.fromSourceM) : subLine(network, s.edge, s.fromSourceM, o.fromSourceM).reverse();
    } else if (best === viaSource) {
      way = join([pathTo(edgeSource[s.edge] as number), subLine(network, s.edge, 0, s.fromSourceM)]);
    } else {
      way = join([pathTo(edgeTarget[s.edge] as number), subLine(network, s.edge, s.fromSourceM, edgeLengthM[s.edge] as number).reverse()]);
    }
    const coordinates = join([[[olon, olat], [o.lon, o.lat]], way, [[s.lon, s.lat], [t.lon, t.lat]]]);
    return { walkM: o.snapM + best + s.snapM, route: { type: 'LineString', coordinates: coordinates.length >= 2 ? coordinates : [[olon, olat], [t.lon, t.lat]] } };
  });
}

/** Concatenates line parts, dropping a vertex repeated where two parts meet. */
function join(parts: readonly Position[][]): Position[] {
  const out: Position[] = [];
  for (const part of parts) {
    for (const p of part) {
      const last = out[out.length - 1];
      if (last && last[0] === p[0] && last[1] === p[1]) continue;
      out.push(p);
    }
  }
  return out;
}
