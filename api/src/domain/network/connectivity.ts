import type { NodedNetwork } from './model.ts';

/** A connected piece of the network other than the main one. */
export interface IsolatedPiece {
  component: number;
  edges: number;
  nodes: number;
  lengthM: number;
  /** [west, south, east, north] of its nodes. */
  bbox: [number, number, number, number];
}

/** Result of {@link connectivityReport}. */
export interface ConnectivityReport {
  nodes: number;
  edges: number;
  lengthM: number;
  components: number;
  /** The largest component by length (number 0): its size and share of the network. */
  main: { edges: number; nodes: number; lengthM: number; lengthShare: number; nodeShare: number };
  /** Every other component, largest first (at most `listIsolated` of them). */
  isolated: IsolatedPiece[];
  /** Lines left out of the graph: not walkable, or degenerate (fewer than two distinct vertices). */
  skippedLines: { notWalkable: number; degenerate: number };
}

/**
 * How connected a noded network is: the main component's share, and the isolated pieces (a
 * footway drawn without touching any street, a campus network joined to nothing) that points will
 * not snap to by default.
 *
 * @param {NodedNetwork} network from `nodeNetwork`
 * @param {Object} [options={}] Optional parameters
 * @param {number} [options.listIsolated=100] most isolated pieces to list
 * @returns {ConnectivityReport} totals, main component, isolated pieces
 * @example
 * const { main, isolated } = connectivityReport(nodeNetwork(lines));
 * main.lengthShare; // 0.97
 */
export function connectivityReport(network: NodedNetwork, options: { listIsolated?: number } = {}): ConnectivityReport {
  // Input validation
  const listIsolated = options.listIsolated ?? 100;
  if (!(Number.isInteger(listIsolated) && listIsolated >= 0)) throw new Error(`connectivityReport: options.listIsolated must be an integer ≥ 0, got ${listIsolated}`);

  const { components } = network;
  const lengthM = components.reduce((s, c) => s + c.lengthM, 0);
  const first = components[0] ?? { edges: 0, nodes: 0, lengthM: 0 };
  const shown = Math.min(listIsolated, Math.max(0, components.length - 1));
  const boxes = Array.from({ length: shown }, () => [Infinity, Infinity, -Infinity, -Infinity] as [number, number, number, number]);
  for (let u = 0; u < network.nodeCount; u++) {
    const c = (network.nodeComponent[u] as number) - 1;
    if (c < 0 || c >= shown) continue;
    const box = boxes[c] as [number, number, number, number];
    const lon = network.nodeLon[u] as number;
    const lat = network.nodeLat[u] as number;
    if (lon < box[0]) box[0] = lon;
    if (lat < box[1]) box[1] = lat;
    if (lon > box[2]) box[2] = lon;
    if (lat > box[3]) box[3] = lat;
  }
  return {
    nodes: network.nodeCount,
    edges: network.edgeCount,
    lengthM,
    components: components.length,
    main: {
      edges: first.edges,
      nodes: first.nodes,
      lengthM: first.lengthM,
      lengthShare: lengthM > 0 ? first.lengthM / lengthM : 0,
      nodeShare: network.nodeCount > 0 ? first.nodes / network.nodeCount : 0,
    },
    isolated: boxes.map((bbox, i) => ({ component: i + 1, ...(components[i + 1] as { edges: number; nodes: number; lengthM: number }), bbox })),
    skippedLines: { ...network.skippedLines },
  };
}
