/**
 * The street network in the database: reading the walkable lines, and writing the noded tables
 * (`network_node`, `network_link`, `network_build`, migration 0011) with a connectivity report.
 */
import type { FeatureCollection, LineString } from 'geojson';
import type { Db } from '../db/connect.ts';
import { readNetworkBuild, truncateNodedNetwork } from '../db/repositories/network.ts';
import { bulkInsert, runQuery, type Querier } from '../db/sql-files.ts';
import { connectivityReport, type ConnectivityReport } from '../domain/network/connectivity.ts';
import type { NodedNetwork } from '../domain/network/model.ts';
import { nodeNetwork } from '../domain/network/node-network.ts';

export type NetworkLines = FeatureCollection<LineString, { kind: string; name: string | null }>;

/** The walkable lines of `network_edge`, in id order; each feature's id is the row id. */
export async function loadNetworkLines(q: Querier): Promise<NetworkLines> {
  const rows = await runQuery<{ id: string; kind: string; name: string | null; geometry: LineString }>(q, 'network_lines');
  return {
    type: 'FeatureCollection',
    features: rows.map((r) => ({ type: 'Feature', id: r.id, properties: { kind: r.kind, name: r.name }, geometry: r.geometry })),
  };
}

export interface NetworkBuild {
  report: ConnectivityReport;
  network: NodedNetwork;
}

/**
 * Nodes the walkable lines and replaces the noded tables with the result, in the caller's
 * transaction. The report (components, isolated pieces) is stored in `network_build`.
 */
export async function rebuildNetworkTables(q: Querier, options: { onProgress?: (message: string) => void } = {}): Promise<NetworkBuild> {
  const progress = options.onProgress ?? (() => {});
  const lines = await loadNetworkLines(q);
  progress(`noding ${lines.features.length} walkable lines`);
  const network = nodeNetwork(lines);
  const report = connectivityReport(network);
  const degree = new Int32Array(network.nodeCount);
  for (let e = 0; e < network.edgeCount; e++) {
    degree[network.edgeSource[e]!]!++;
    degree[network.edgeTarget[e]!]!++;
  }
  await truncateNodedNetwork(q);
  await bulkInsert(q, 'insert_network_nodes', Array.from({ length: network.nodeCount }, (_, u) => ({
    id: u, component: network.nodeComponent[u], degree: degree[u], lon: network.nodeLon[u], lat: network.nodeLat[u],
  })));
  const links = Array.from({ length: network.edgeCount }, (_, e) => {
    const coordinates: number[][] = [];
    for (let v = network.edgeVertexStart[e]!; v < network.edgeVertexStart[e + 1]!; v++) coordinates.push([network.vertexLon[v]!, network.vertexLat[v]!]);
    return {
      id: e,
      source: network.edgeSource[e],
      target: network.edgeTarget[e],
      edge_id: Number(lines.features[network.edgeLine[e]!]!.id),
      length_m: network.edgeLengthM[e],
      component: network.edgeComponent[e],
      geom: { type: 'LineString', coordinates },
    };
  });
  await bulkInsert(q, 'insert_network_links', links, { onBatch: (done, total) => progress(`network links ${done}/${total}`) });
  await runQuery(q, 'upsert_network_build', [report as never]);
  return { report, network };
}

/** When the noded tables were built, whether the lines changed since, and their report. */
export async function networkBuildStatus(db: Db): Promise<{ built_at: string; stale: boolean; report: ConnectivityReport } | null> {
  return readNetworkBuild(db.sql);
}
