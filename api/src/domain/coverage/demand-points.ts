import { circularMeanLongitude } from '../geo/longitude.ts';
import { fallbackGrid } from './fallback-grid.ts';
import { createLonLatIndex, type LonLatIndex } from './lon-lat-index.ts';
import type { CoverageInput } from './model.ts';

/** Per-community constants of a snapshot, struct-of-arrays (index = position in input.communities). @private */
export interface CommunityTable {
  count: number;
  codes: string[];
  /** Demand households: sum over buildings, or the community's households when it has none. */
  households: Float64Array;
  population: Float64Array;
  elderly: Float64Array;
  buildings: Int32Array;
  /** Fallback grid points (0 when the community has buildings). */
  gridPoints: Int32Array;
  fallback: Uint8Array;
  /** Demand points of community c are ids pointStart[c] … pointStart[c + 1] − 1. */
  pointStart: Int32Array;
}

/** Demand points (buildings, then fallback grid points), grouped by community. @private */
export interface DemandPoints extends LonLatIndex {
  /** Households at the point (building households, or households / grid points). */
  weight: Float64Array;
  /** Community index of the point. */
  community: Int32Array;
  /** Index into input.buildings, or −1 for a fallback grid point. */
  building: Int32Array;
  communities: CommunityTable;
  /** Buildings with community_code null (not demand of any community). */
  unassignedBuildings: number;
}

/** Options of {@link buildDemandPoints}. @private */
export interface DemandOptions {
  fallbackTargetPoints?: number;
  fallbackMaxSpacingMeters?: number;
  fallbackMaxPoints?: number;
}

/**
 * Turns a snapshot into demand points: every building with a community, and, for each community
 * without buildings, its fallback grid. Points are grouped by community (counting sort, input
 * order kept within a community) and indexed in lon/lat unwrapped around the data's circular-mean
 * longitude.
 *
 * @private
 */
export function buildDemandPoints(input: CoverageInput, options: DemandOptions = {}): DemandPoints {
  const nc = input.communities.length;
  const indexOfCode = new Map<string, number>();
  input.communities.forEach((c, i) => indexOfCode.set(c.code, i));

  const table: CommunityTable = {
    count: nc,
    codes: input.communities.map((c) => c.code),
    households: new Float64Array(nc),
    population: Float64Array.from(input.communities, (c) => c.population),
    elderly: Float64Array.from(input.communities, (c) => c.elderly),
    buildings: new Int32Array(nc),
    gridPoints: new Int32Array(nc),
    fallback: new Uint8Array(nc),
    pointStart: new Int32Array(nc + 1),
  };

  const buildingCommunity = new Int32Array(input.buildings.length);
  let unassignedBuildings = 0;
  input.buildings.forEach((b, i) => {
    const c = b.community_code === null ? -1 : (indexOfCode.get(b.community_code) as number);
    buildingCommunity[i] = c;
    if (c < 0) {
      unassignedBuildings++;
      return;
    }
    table.buildings[c] = (table.buildings[c] as number) + 1;
    table.households[c] = (table.households[c] as number) + b.households;
  });

  const grids = new Map<number, Array<[number, number]>>();
  input.communities.forEach((c, i) => {
    if (table.buildings[i] !== 0) return;
    const grid = fallbackGrid(c.geometry, {
      targetPoints: options.fallbackTargetPoints,
      maxSpacingMeters: options.fallbackMaxSpacingMeters,
      maxPoints: options.fallbackMaxPoints,
    });
    grids.set(i, grid.points as Array<[number, number]>);
    table.fallback[i] = 1;
    table.gridPoints[i] = grid.points.length;
    table.households[i] = c.households;
  });

  for (let c = 0; c < nc; c++) {
    table.pointStart[c + 1] = (table.pointStart[c] as number) + (table.buildings[c] as number) + (table.gridPoints[c] as number);
  }
  const n = table.pointStart[nc] as number;
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  const weight = new Float64Array(n);
  const community = new Int32Array(n);
  const building = new Int32Array(n);
  const next = table.pointStart.slice(0, nc);

  input.buildings.forEach((b, i) => {
    const c = buildingCommunity[i] as number;
    if (c < 0) return;
    const id = next[c] as number;
    next[c] = id + 1;
    lon[id] = b.lon;
    lat[id] = b.lat;
    weight[id] = b.households;
    community[id] = c;
    building[id] = i;
  });
  for (const [c, points] of grids) {
    const w = (table.households[c] as number) / points.length;
    for (const [x, y] of points) {
      const id = next[c] as number;
      next[c] = id + 1;
      lon[id] = x;
      lat[id] = y;
      weight[id] = w;
      community[id] = c;
      building[id] = -1;
    }
  }

  const ix = createLonLatIndex(lon, lat, circularMeanLongitude(lon));
  return { ...ix, weight, community, building, communities: table, unassignedBuildings };
}
