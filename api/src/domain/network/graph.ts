import type { NetworkGraph, NodedNetwork } from './model.ts';

/**
 * The undirected adjacency of a noded network in compressed sparse rows (typed arrays, no object
 * per edge), the form the shortest-path search walks. Neighbours of a node are listed in edge order.
 *
 * @param {NodedNetwork} network from `nodeNetwork`
 * @returns {NetworkGraph} adjacency: adjStart, adjNode, adjEdge, edgeLengthM
 * @example
 * const graph = buildGraph(nodeNetwork(lines));
 * for (let k = graph.adjStart[u]; k < graph.adjStart[u + 1]; k++) visit(graph.adjNode[k], graph.adjEdge[k]);
 */
export function buildGraph(network: Pick<NodedNetwork, 'nodeCount' | 'edgeCount' | 'edgeSource' | 'edgeTarget' | 'edgeLengthM'>): NetworkGraph {
  // Input validation
  const { nodeCount, edgeCount, edgeSource, edgeTarget, edgeLengthM } = network;
  if (!(Number.isInteger(nodeCount) && nodeCount >= 0)) throw new Error('buildGraph: network.nodeCount must be an integer ≥ 0');
  if (edgeSource.length !== edgeCount || edgeTarget.length !== edgeCount || edgeLengthM.length !== edgeCount) {
    throw new Error('buildGraph: edgeSource, edgeTarget and edgeLengthM must have edgeCount entries');
  }

  const adjStart = new Int32Array(nodeCount + 1);
  for (let e = 0; e < edgeCount; e++) {
    const a = edgeSource[e] as number;
    const b = edgeTarget[e] as number;
    if (!(a >= 0 && a < nodeCount && b >= 0 && b < nodeCount)) throw new Error(`buildGraph: edge ${e} has an end node out of range`);
    if (!(edgeLengthM[e]! >= 0)) throw new Error(`buildGraph: edge ${e} has a negative or missing length`);
    adjStart[a + 1]!++;
    adjStart[b + 1]!++;
  }
  for (let u = 0; u < nodeCount; u++) adjStart[u + 1] = (adjStart[u + 1] as number) + (adjStart[u] as number);
  const next = adjStart.slice(0, nodeCount);
  const adjNode = new Int32Array(2 * edgeCount);
  const adjEdge = new Int32Array(2 * edgeCount);
  for (let e = 0; e < edgeCount; e++) {
    const a = edgeSource[e] as number;
    const b = edgeTarget[e] as number;
    let k = next[a]!++;
    adjNode[k] = b;
    adjEdge[k] = e;
    k = next[b]!++;
    adjNode[k] = a;
    adjEdge[k] = e;
  }
  return { nodeCount, adjStart, adjNode, adjEdge, edgeLengthM };
}
