import type { FeatureCollection, LineString } from 'geojson';
import { buildEdgeIndex, type EdgeIndex } from './edge-index.ts';
import { buildGraph } from './graph.ts';
import type { EdgeSnap, NetworkGraph, NetworkLineProperties, NodedNetwork } from './model.ts';
import { nodeNetwork, type NodeNetworkOptions } from './node-network.ts';
import { snapPoint } from './snap.ts';

/** Default maximum snap distance, metres: farther from every walkable edge is "unreachable". */
export const DEFAULT_MAX_SNAP_M = 500;

/** Options of {@link prepareWalkingNetwork}. */
export interface WalkingNetworkOptions extends NodeNetworkOptions {
  /**
   * Which edges points may snap to: 'main' (default) only the largest connected component, so a
   * building is never stranded on an isolated scrap (those are reported by the connectivity check);
   * 'all' any walkable edge.
   */
  snapTo?: 'main' | 'all';
}

/** A noded network ready for routing: graph, snapping index. */
export interface WalkingNetwork {
  network: NodedNetwork;
  graph: NetworkGraph;
  snapTo: 'main' | 'all';
  /** Nearest snappable edge at the projection point, or null beyond `maxSnapM`. */
  snap(lon: number, lat: number, maxSnapM: number): EdgeSnap | null;
}

/**
 * Nodes a network and prepares it for routing: CSR graph, a grid index over the segments of the
 * edges points may snap to.
 *
 * @param {FeatureCollection<LineString>} lines network lines (`properties.walkable === false` left out)
 * @param {Object} [options={}] Optional parameters
 * @param {'main'|'all'} [options.snapTo='main'] edges points may snap to
 * @param {number} [options.gridDegrees=1e-7] vertex identity grid (see `nodeNetwork`)
 * @returns {WalkingNetwork} network, graph and `snap(lon, lat, maxSnapM)`
 * @example
 * const walking = prepareWalkingNetwork(lines);
 * const snap = walking.snap(118.05, 36.8, 300); // { edge, snapM, fromSourceM, toTargetM, … } | null
 */
export function prepareWalkingNetwork(lines: FeatureCollection<LineString, NetworkLineProperties | null>, options: WalkingNetworkOptions = {}): WalkingNetwork {
  // Input validation
  const snapTo = options.snapTo ?? 'main';
  if (snapTo !== 'main' && snapTo !== 'all') throw new Error(`prepareWalkingNetwork: options.snapTo must be 'main' or 'all', got ${JSON.stringify(snapTo)}`);

  const network = nodeNetwork(lines, options.gridDegrees === undefined ? {} : { gridDegrees: options.gridDegrees });
  return fromNodedNetwork(network, snapTo);
}

/** {@link prepareWalkingNetwork} on an already noded network. @private */
export function fromNodedNetwork(network: NodedNetwork, snapTo: 'main' | 'all' = 'main'): WalkingNetwork {
  const graph = buildGraph(network);
  const index: EdgeIndex = buildEdgeIndex(network, snapTo === 'main' ? (e) => network.edgeComponent[e] === 0 : () => true);
  return {
    network,
    graph,
    snapTo,
    snap(lon, lat, maxSnapM) {
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw new Error('WalkingNetwork.snap: lon and lat must be finite numbers');
      if (!(maxSnapM >= 0)) throw new Error(`WalkingNetwork.snap: maxSnapM must be ≥ 0, got ${maxSnapM}`);
      return snapPoint(network, index, lon, lat, maxSnapM);
    },
  };
}
