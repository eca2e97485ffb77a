import { createBoundedSearch } from './dijkstra.ts';
import type { EdgeSnap } from './model.ts';
import { alongEdgeM } from './snap.ts';
import { snapPoints } from './snapped-points.ts';
import { createWalkField } from './walk-field.ts';
import { DEFAULT_MAX_SNAP_M, type WalkingNetwork } from './walking-network.ts';

/** A weighted demand point (a building, a community centroid…). */
export interface CostDemand {
  id: string;
  lon: number;
  lat: number;
  weight: number;
}

/** A place: a candidate site or an existing facility. */
export interface CostPlace {
  id: string;
  lon: number;
  lat: number;
}

/** Options of {@link walkingCosts}. */
export interface WalkingCostOptions {
  /** Pairs farther than this walk are left out (unreachable for the model). */
  maxCostM: number;
  /** Points farther than this from every snappable edge are unreachable. Default 500. */
  maxSnapM?: number;
  /** Existing facilities: `existingCost` is the walk from each demand point to the nearest of them (unbounded). */
  existing?: readonly CostPlace[];
}

/**
 * The siting problem's cost matrix on walking distances (the arrays of `SitingProblem` in
 * `domain/siting/model.ts`), plus what could not be reached. Costs are metres of walking: the
 * demand point's snap leg + network + the site's snap leg, as in walking coverage.
 */
export interface WalkingCosts {
  demandIds: string[];
  weights: Float64Array;
  siteIds: string[];
  /** Pairs of site j are entries siteStart[j] … siteStart[j + 1] − 1 of demandIndex/cost (demand ascending). */
  siteStart: Uint32Array;
  demandIndex: Uint32Array;
  cost: Float64Array;
  /** Walk to the nearest existing facility; Infinity when none is reachable. Only with `existing`. */
  existingCost?: Float64Array;
  /** Demand points and sites beyond maxSnapM of the network. */
  unreachableDemand: string[];
  unsnappedSites: string[];
}

/**
 * Walking costs from candidate sites to demand points, for the siting models: one Dijkstra per
 * site bounded by `maxCostM` (a reusable search, nothing allocated per site), and one unbounded
 * multi-source Dijkstra from the existing facilities.
 *
 * @param {WalkingNetwork} walking the network from `prepareWalkingNetwork`
 * @param {CostDemand[]} demand weighted demand points
 * @param {CostPlace[]} sites candidate sites
 * @param {Object} options
 * @param {number} options.maxCostM longest walk kept, metres
 * @param {number} [options.maxSnapM=500] maximum snap distance, metres
 * @param {CostPlace[]} [options.existing] existing facilities (for existingCost)
 * @returns {WalkingCosts} sparse cost matrix by site, existing costs, unreachable points
 * @example
 * const costs = walkingCosts(walking, buildings, candidates, { maxCostM: 1000, existing: stations });
 * const problem: SitingProblem = { ...costs };
 */
export function walkingCosts(
  walking: WalkingNetwork,
  demand: readonly CostDemand[],
  sites: readonly CostPlace[],
  options: WalkingCostOptions,
): WalkingCosts {
  // Input validation
  if (!walking || typeof walking.snap !== 'function') throw new Error('walkingCosts: walking must come from prepareWalkingNetwork');
  if (!Array.isArray(demand) || !Array.isArray(sites)) throw new Error('walkingCosts: demand and sites must be arrays');
  const { maxCostM } = options;
  const maxSnapM = options.maxSnapM ?? DEFAULT_MAX_SNAP_M;
  if (!(maxCostM > 0)) throw new Error(`walkingCosts: options.maxCostM must be > 0, got ${maxCostM}`);
  if (!(maxSnapM >= 0)) throw new Error(`walkingCosts: options.maxSnapM must be ≥ 0, got ${maxSnapM}`);
  demand.forEach((d, i) => {
    if (!Number.isFinite(d.lon) || !Number.isFinite(d.lat)) throw new Error(`walkingCosts: demand[${i}] needs finite lon and lat`);
    if (!(d.weight >= 0)) throw new Error(`walkingCosts: demand[${i}].weight must be ≥ 0`);
  });

  const { network, graph } = walking;
  const points = snapPoints(walking, demand.map((d) => d.lon), demand.map((d) => d.lat), maxSnapM);
  const search = createBoundedSearch(graph);
  const siteStart = new Uint32Array(sites.length + 1);
  const demandIndex: number[] = [];
  const cost: number[] = [];
  const unsnappedSites: string[] = [];
  const best = new Map<number, number>();
  sites.forEach((site, j) => {
    const s = walking.snap(site.lon, site.lat, maxSnapM);
    best.clear();
    if (!s) unsnappedSites.push(site.id);
    else if (s.snapM <= maxCostM) {
      const e0 = s.edge;
      const reached = search.run(
        [
          { node: network.edgeSource[e0] as number, distanceM: s.snapM + s.fromSourceM },
          { node: network.edgeTarget[e0] as number, distanceM: s.snapM + s.toTargetM },
        ],
        maxCostM,
      );
      const dist = search.distanceM;
      const offerEdge = (e: number): void => {
        const src = dist[network.edgeSource[e] as number] as number;
        const tgt = dist[network.edgeTarget[e] as number] as number;
        for (let k = points.edgeStart[e] as number; k < (points.edgeStart[e + 1] as number); k++) {
          const i = points.edgePoints[k] as number;
          let d = Math.min(src + (points.fromSourceM[i] as number), tgt + (points.toTargetM[i] as number));
          if (e === e0) d = Math.min(d, s.snapM + alongEdgeM(network, s, points.snaps[i] as EdgeSnap));
          d += points.snapM[i] as number;
          if (d <= maxCostM && d < (best.get(i) ?? Infinity)) best.set(i, d);
        }
      };
      offerEdge(e0);
      for (const u of reached) for (let k = graph.adjStart[u] as number; k < (graph.adjStart[u + 1] as number); k++) offerEdge(graph.adjEdge[k] as number);
    }
    for (const i of [...best.keys()].sort((a, b) => a - b)) {
      demandIndex.push(i);
      cost.push(best.get(i) as number);
    }
    siteStart[j + 1] = demandIndex.length;
  });

  const result: WalkingCosts = {
    demandIds: demand.map((d) => d.id),
    weights: Float64Array.from(demand, (d) => d.weight),
    siteIds: sites.map((s) => s.id),
    siteStart,
    demandIndex: Uint32Array.from(demandIndex),
    cost: Float64Array.from(cost),
    unreachableDemand: demand.filter((_, i) => points.edge[i] === -1).map((d) => d.id),
    unsnappedSites,
  };
  if (options.existing) {
    const field = createWalkField(walking, points, Infinity);
    field.add(options.existing.map((f) => ({ code: f.id, snap: walking.snap(f.lon, f.lat, maxSnapM) })));
    result.existingCost = Float64Array.from(field.pointM);
  }
  return result;
}
