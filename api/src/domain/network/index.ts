/**
 * The walking network: noding, a CSR graph, multi-source Dijkstra, snapping points to the nearest
 * walkable edge, connectivity, walking coverage (same result shape as straight-line coverage),
 * isochrones and siting costs. Pure functions: no I/O, no SQL, no express. Import from here.
 */
export type { EdgeSnap, NetworkGraph, NetworkLineProperties, NodedNetwork, WalkingReport } from './model.ts';
export { nodeNetwork, type NodeNetworkOptions } from './node-network.ts';
export { buildGraph } from './graph.ts';
export { shortestDistances, type DijkstraSource, type ShortestDistances, type ShortestDistancesOptions } from './dijkstra.ts';
export { prepareWalkingNetwork, DEFAULT_MAX_SNAP_M, type WalkingNetwork, type WalkingNetworkOptions } from './walking-network.ts';
export { connectivityReport, type ConnectivityReport, type IsolatedPiece } from './connectivity.ts';
export {
  createWalkingEngine,
  type WalkingCoverageResult,
  type WalkingEngine,
  type WalkingEngineOptions,
} from './walking-engine.ts';
export { walkingIsochrones, type IsochroneProperties, type WalkingIsochroneOptions } from './isochrone.ts';
export { walkingCosts, type CostDemand, type CostPlace, type WalkingCostOptions, type WalkingCosts } from './walking-costs.ts';
export { walkingUncoveredArea } from './walking-uncovered-area.ts';
export { walkingCatchmentPairs, type CatchmentPairsFunction, type CatchmentPoints } from './walking-catchment.ts';
