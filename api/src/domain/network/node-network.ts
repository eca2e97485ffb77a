import type { FeatureCollection, LineString, Position } from 'geojson';
import { geodesicDistanceMetersLonLat } from '../geo/geodesic-distance.ts';
import type { NetworkLineProperties, NodedNetwork } from './model.ts';

/** Options of {@link nodeNetwork}. */
export interface NodeNetworkOptions {
  /** Vertices closer than this grid (degrees) are the same vertex. Default 1e-7 (≈ 1 cm). */
  gridDegrees?: number;
}

/**
 * Nodes a walking network: walkable lines are split at every vertex they share with another
 * line (or visit twice), so edges meet only at their end nodes; each edge's length is the sum of
 * the geodesic lengths of its segments on WGS 84. Lines cross only where they share a vertex:
 * that is how OpenStreetMap draws junctions, and how `addCrossingVertices` prepares other data;
 * two lines crossing without a shared vertex (a bridge over a street) do not meet.
 *
 * Components are numbered by total length, largest first (0 = the main network).
 *
 * @param {FeatureCollection<LineString>} lines the network; `properties.walkable === false` lines are left out
 * @param {Object} [options={}] Optional parameters
 * @param {number} [options.gridDegrees=1e-7] coordinates equal on this grid are one vertex
 * @returns {NodedNetwork} nodes, edges with geodesic lengths, components
 * @example
 * const network = nodeNetwork(featureCollection([lineString([[0, 0], [0, 0.001], [0.001, 0.001]])]));
 * network.edgeCount; // 1
 */
export function nodeNetwork(
  lines: FeatureCollection<LineString, NetworkLineProperties | null>,
  options: NodeNetworkOptions = {},
): NodedNetwork {
  // Input validation
  if (!lines || lines.type !== 'FeatureCollection' || !Array.isArray(lines.features)) {
    throw new Error('nodeNetwork: lines must be a FeatureCollection of LineStrings');
  }
  const grid = options.gridDegrees ?? 1e-7;
  if (!(grid > 0 && grid < 1)) throw new Error(`nodeNetwork: options.gridDegrees must be in (0, 1), got ${grid}`);

  // 1. Vertices: one id per grid position; cleaned lines as vertex-id lists.
  const vertexIds = new Map<string, number>();
  const vLon: number[] = [];
  const vLat: number[] = [];
  const uses: number[] = [];
  const isEnd: number[] = [];
  const cleaned: Array<{ line: number; ids: number[] }> = [];
  let notWalkable = 0;
  let degenerate = 0;
  const inv = 1 / grid;
  lines.features.forEach((feature, line) => {
    if (!feature?.geometry || feature.geometry.type !== 'LineString') throw new Error(`nodeNetwork: features[${line}] must be a LineString`);
    if (feature.properties?.walkable === false) {
      notWalkable++;
      return;
    }
    const ids: number[] = [];
    for (const position of feature.geometry.coordinates as Position[]) {
      const lon = position[0] as number;
      const lat = position[1] as number;
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw new Error(`nodeNetwork: features[${line}] has a non-finite coordinate`);
      const key = `${Math.round(lon * inv)},${Math.round(lat * inv)}`;
      let id = vertexIds.get(key);
      if (id === undefined) {
        id = vLon.length;
        vertexIds.set(key, id);
        vLon.push(lon);
        vLat.push(lat);
        uses.push(0);
        isEnd.push(0);
      }
      if (ids[ids.length - 1] !== id) ids.push(id);
    }
    if (ids.length < 2) {
      degenerate++;
      return;
    }
    for (const id of ids) uses[id] = (uses[id] as number) + 1;
    isEnd[ids[0] as number] = 1;
    isEnd[ids[ids.length - 1] as number] = 1;
    cleaned.push({ line, ids });
  });

  // 2. Nodes: line ends and vertices used more than once.
  const nodeOfVertex = new Int32Array(vLon.length).fill(-1);
  const nodeLonList: number[] = [];
  const nodeLatList: number[] = [];
  for (let v = 0; v < vLon.length; v++) {
    if (isEnd[v] === 1 || (uses[v] as number) > 1) {
      nodeOfVertex[v] = nodeLonList.length;
      nodeLonList.push(vLon[v] as number);
      nodeLatList.push(vLat[v] as number);
    }
  }

  // 3. Edges: split each line at its nodes.
  const source: number[] = [];
  const target: number[] = [];
  const lengthM: number[] = [];
  const edgeLine: number[] = [];
  const vertexStart: number[] = [0];
  const eLon: number[] = [];
  const eLat: number[] = [];
  const eCum: number[] = [];
  for (const { line, ids } of cleaned) {
    let start = 0;
    for (let k = 1; k < ids.length; k++) {
      if (nodeOfVertex[ids[k] as number] as number < 0) continue;
      let cum = 0;
      for (let j = start; j <= k; j++) {
        const v = ids[j] as number;
        if (j > start) {
          const u = ids[j - 1] as number;
          cum += geodesicDistanceMetersLonLat(vLon[u] as number, vLat[u] as number, vLon[v] as number, vLat[v] as number);
        }
        eLon.push(vLon[v] as number);
        eLat.push(vLat[v] as number);
        eCum.push(cum);
      }
      vertexStart.push(eLon.length);
      source.push(nodeOfVertex[ids[start] as number] as number);
      target.push(nodeOfVertex[ids[k] as number] as number);
      lengthM.push(cum);
      edgeLine.push(line);
      start = k;
    }
  }

  // 4. Components (union-find over edges), numbered by length, largest first.
  const nodeCount = nodeLonList.length;
  const parent = new Int32Array(nodeCount);
  for (let i = 0; i < nodeCount; i++) parent[i] = i;
  const find = (x: number): number => {
    let root = x;
    while (parent[root] !== root) root = parent[root] as number;
    while (parent[x] !== root) {
      const up = parent[x] as number;
      parent[x] = root;
      x = up;
    }
    return root;
  };
  for (let e = 0; e < source.length; e++) {
    const a = find(source[e] as number);
    const b = find(target[e] as number);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  }
  const rootStats = new Map<number, { edges: number; nodes: number; lengthM: number; first: number }>();
  for (let u = 0; u < nodeCount; u++) {
    const r = find(u);
    let s = rootStats.get(r);
    if (!s) rootStats.set(r, (s = { edges: 0, nodes: 0, lengthM: 0, first: u }));
    s.nodes++;
  }
  for (let e = 0; e < source.length; e++) {
    const s = rootStats.get(find(source[e] as number))!;
    s.edges++;
    s.lengthM += lengthM[e] as number;
  }
  const ordered = [...rootStats.entries()].sort((p, q) => q[1].lengthM - p[1].lengthM || p[1].first - q[1].first);
  const componentOfRoot = new Map(ordered.map(([root], i) => [root, i]));
  const nodeComponent = new Int32Array(nodeCount);
  for (let u = 0; u < nodeCount; u++) nodeComponent[u] = componentOfRoot.get(find(u)) as number;
  const edgeComponent = Int32Array.from(source, (u) => nodeComponent[u] as number);

  return {
    nodeCount,
    nodeLon: Float64Array.from(nodeLonList),
    nodeLat: Float64Array.from(nodeLatList),
    edgeCount: source.length,
    edgeSource: Int32Array.from(source),
    edgeTarget: Int32Array.from(target),
    edgeLengthM: Float64Array.from(lengthM),
    edgeLine: Int32Array.from(edgeLine),
    edgeVertexStart: Int32Array.from(vertexStart),
    vertexLon: Float64Array.from(eLon),
    vertexLat: Float64Array.from(eLat),
    vertexCumM: Float64Array.from(eCum),
    nodeComponent,
    edgeComponent,
    components: ordered.map(([, s]) => ({ edges: s.edges, nodes: s.nodes, lengthM: s.lengthM })),
    skippedLines: { notWalkable, degenerate },
  };
}
