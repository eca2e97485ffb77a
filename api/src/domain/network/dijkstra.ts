import FlatQueue from 'flatqueue';
import type { NetworkGraph } from './model.ts';

/** A source of a shortest-path search: a node reached at a starting distance (e.g. the walk from a
 * facility to the end of its edge), with a label that spreads to the nodes it is nearest to. */
export interface DijkstraSource {
  node: number;
  distanceM: number;
  /** Default: the source's index in the list. */
  label?: number;
}

/** Options of {@link shortestDistances}. */
export interface ShortestDistancesOptions {
  /** Stop at this distance: nodes farther away are left at Infinity. Default Infinity. */
  maxDistanceM?: number;
}

/** Result of {@link shortestDistances}. */
export interface ShortestDistances {
  /** Distance from the nearest source, metres; Infinity when farther than maxDistanceM or unconnected. */
  distanceM: Float64Array;
  /** Label of the nearest source; −1 where unreached. */
  label: Int32Array;
}

/**
 * Multi-source Dijkstra on an undirected graph: the distance from every node to its nearest
 * source, and which source that is, in one search. Sources may start at a distance > 0.
 *
 * @param {NetworkGraph} graph from `buildGraph`
 * @param {DijkstraSource[]} sources nodes with starting distances (and labels)
 * @param {Object} [options={}] Optional parameters
 * @param {number} [options.maxDistanceM=Infinity] search radius
 * @returns {ShortestDistances} distanceM and label per node
 * @example
 * const { distanceM, label } = shortestDistances(graph, [{ node: 0, distanceM: 0 }, { node: 9, distanceM: 12.5 }], { maxDistanceM: 1000 });
 */
export function shortestDistances(graph: NetworkGraph, sources: readonly DijkstraSource[], options: ShortestDistancesOptions = {}): ShortestDistances {
  // Input validation
  const maxDistanceM = options.maxDistanceM ?? Infinity;
  if (!(maxDistanceM >= 0)) throw new Error(`shortestDistances: options.maxDistanceM must be ≥ 0, got ${maxDistanceM}`);
  if (!Array.isArray(sources)) throw new Error('shortestDistances: sources must be an array');

  const distanceM = new Float64Array(graph.nodeCount).fill(Infinity);
  const label = new Int32Array(graph.nodeCount).fill(-1);
  const queue = new FlatQueue<number>();
  sources.forEach((s, i) => {
    if (!(Number.isInteger(s.node) && s.node >= 0 && s.node < graph.nodeCount)) throw new Error(`shortestDistances: sources[${i}].node out of range`);
    if (!(s.distanceM >= 0)) throw new Error(`shortestDistances: sources[${i}].distanceM must be ≥ 0`);
    if (s.distanceM <= maxDistanceM && s.distanceM < (distanceM[s.node] as number)) {
      distanceM[s.node] = s.distanceM;
      label[s.node] = s.label ?? i;
      queue.push(s.node, s.distanceM);
    }
  });
  settle(graph, queue, distanceM, label, maxDistanceM);
  return { distanceM, label };
}

/**
 * The Dijkstra loop on caller-owned arrays: pops the queue until empty, relaxing edges only when
 * they strictly lower a distance within `maxDistanceM`. Incremental updates seed the queue with
 * the nodes that changed and call this; `changed`, when given, receives every node whose
 * distance was lowered (a node may appear more than once).
 *
 * @private
 */
export function settle(
  graph: NetworkGraph,
  queue: FlatQueue<number>,
  distanceM: Float64Array,
  label: Int32Array,
  maxDistanceM: number,
  changed?: number[],
): number {
  const { adjStart, adjNode, adjEdge, edgeLengthM } = graph;
  let settled = 0;
  while (queue.length > 0) {
    const d = queue.peekValue() as number;
    const u = queue.pop() as number;
    if (d > (distanceM[u] as number)) continue; // stale entry
    settled++;
    const lu = label[u] as number;
    const end = adjStart[u + 1] as number;
    for (let k = adjStart[u] as number; k < end; k++) {
      const v = adjNode[k] as number;
      const nd = d + (edgeLengthM[adjEdge[k] as number] as number);
      if (nd < (distanceM[v] as number) && nd <= maxDistanceM) {
        distanceM[v] = nd;
        label[v] = lu;
        queue.push(v, nd);
        if (changed) changed.push(v);
      }
    }
  }
  return settled;
}

/** A reusable bounded search: one Dijkstra after another over the same graph without allocating per run. @private */
export interface BoundedSearch {
  /**
   * Runs from `sources` up to `maxDistanceM`. Returns the nodes reached; their distances are in
   * `distanceM` until the next run (every other entry is Infinity).
   */
  run(sources: readonly DijkstraSource[], maxDistanceM: number): number[];
  readonly distanceM: Float64Array;
}

/** Creates a {@link BoundedSearch} for a graph. @private */
export function createBoundedSearch(graph: NetworkGraph): BoundedSearch {
  const distanceM = new Float64Array(graph.nodeCount).fill(Infinity);
  const label = new Int32Array(graph.nodeCount).fill(-1);
  const queue = new FlatQueue<number>();
  let reached: number[] = [];
  return {
    distanceM,
    run(sources, maxDistanceM) {
      for (const u of reached) {
        distanceM[u] = Infinity;
        label[u] = -1;
      }
      reached = [];
      sources.forEach((s, i) => {
        if (s.distanceM <= maxDistanceM && s.distanceM < (distanceM[s.node] as number)) {
          if (distanceM[s.node] === Infinity) reached.push(s.node);
          distanceM[s.node] = s.distanceM;
          label[s.node] = s.label ?? i;
          queue.push(s.node, s.distanceM);
        }
      });
      settle(graph, queue, distanceM, label, maxDistanceM, reached);
      // A node lowered twice is listed twice.
      reached = [...new Set(reached)];
      return reached;
    },
  };
}
