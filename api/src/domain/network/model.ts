/**
 * Types of the walking network: a noded, undirected graph held in typed arrays (a city has
 * 10⁵–10⁶ edges, so no object per edge). Coordinates are WGS 84 lon/lat; lengths are geodesic
 * metres on the ellipsoid (GeographicLib), as PostGIS `ST_Length(geom::geography)`.
 */

/** Properties a network line may carry (GeoJSON in). */
export interface NetworkLineProperties {
  /** False for lines nobody may walk (motorways, railways): left out of the graph. Default true. */
  walkable?: boolean | null;
  [key: string]: unknown;
}

/**
 * A noded network: lines were split at every vertex shared with another line (or visited twice
 * by one line), so edges meet only at their end nodes.
 *
 * Edge e runs from node `edgeSource[e]` to `edgeTarget[e]` along vertices
 * `edgeVertexStart[e]` … `edgeVertexStart[e + 1] − 1` of `vertexLon`/`vertexLat`; `vertexCumM` is the
 * geodesic length from the edge's first vertex to each vertex, so `edgeLengthM[e]` equals the
 * `vertexCumM` of its last vertex.
 */
export interface NodedNetwork {
  nodeCount: number;
  nodeLon: Float64Array;
  nodeLat: Float64Array;
  edgeCount: number;
  edgeSource: Int32Array;
  edgeTarget: Int32Array;
  edgeLengthM: Float64Array;
  /** Index of the input line each edge came from. */
  edgeLine: Int32Array;
  edgeVertexStart: Int32Array;
  vertexLon: Float64Array;
  vertexLat: Float64Array;
  vertexCumM: Float64Array;
  /** Connected component of each node and edge: 0 is the largest (by length), 1 the next… */
  nodeComponent: Int32Array;
  edgeComponent: Int32Array;
  /** Per component (same numbering): edges, nodes and total length. */
  components: Array<{ edges: number; nodes: number; lengthM: number }>;
  /** Input lines left out: not walkable, or fewer than two distinct vertices. */
  skippedLines: { notWalkable: number; degenerate: number };
}

/** Undirected adjacency in compressed sparse rows: the neighbours of node u are entries
 * `adjStart[u]` … `adjStart[u + 1] − 1` of `adjNode` (the other end) and `adjEdge` (the edge). */
export interface NetworkGraph {
  nodeCount: number;
  adjStart: Int32Array;
  adjNode: Int32Array;
  adjEdge: Int32Array;
  /** Edge lengths, metres (the same array as the network's `edgeLengthM`). */
  edgeLengthM: Float64Array;
}

/** Where a point meets the network: the nearest walkable edge at the projection point. */
export interface EdgeSnap {
  edge: number;
  /** Segment of the edge (vertex k to k + 1) the projection lies on. */
  segment: number;
  /** Projection point. */
  lon: number;
  lat: number;
  /** Geodesic distance from the point to the projection point, metres. */
  snapM: number;
  /** Along the edge from its source node to the projection point, metres. */
  fromSourceM: number;
  /** Along the edge from the projection point to its target node, metres. */
  toTargetM: number;
  /** Geodesic distance from the segment's first vertex to the projection, and from it to the second. */
  headM: number;
  tailM: number;
}

/** What the walking computation could not reach. */
export interface WalkingReport {
  maxSnapM: number;
  /** Demand buildings farther than maxSnapM from the network (never covered), and their households. */
  unreachableBuildings: number;
  unreachableHouseholds: number;
  /** Counted facilities farther than maxSnapM from the network (they cover nothing). */
  unsnappedFacilities: string[];
}
