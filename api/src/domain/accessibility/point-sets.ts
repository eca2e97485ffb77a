import type { DemandPoints } from '../coverage/demand-points.ts';
import { createLonLatIndex, type LonLatIndex } from '../coverage/lon-lat-index.ts';
import { circularMeanLongitude } from '../geo/longitude.ts';
import { areaCentroid } from './area-centroid.ts';
import type { AccessibilityInput } from './model.ts';

/** Demand locations of one demand-points mode, indexed for catchment search. */
export interface PointSet {
  index: LonLatIndex;
  /** The community (its index in the input) of each point. */
  community: Int32Array;
  /** Households at the point. */
  households: Float64Array;
  /** Share of its community's demand at the point (Σ over a community's points = 1). */
  share: Float64Array;
}

/**
 * The 'buildings' points: the coverage engine's demand points (buildings with a community, then the
 * fallback grid), each carrying its community's demand by households share, evenly when the
 * community's points have no households.
 * @param {DemandPoints} demand the demand points of the snapshot
 * @returns {PointSet} the points, sharing `demand`'s arrays (never changed)
 * @example
 * const points = buildingPointSet(buildDemandPoints(input));
 */
export function buildingPointSet(demand: DemandPoints): PointSet {
  const table = demand.communities;
  const share = new Float64Array(demand.count);
  for (let c = 0; c < table.count; c++) {
    const start = table.pointStart[c] as number;
    const end = table.pointStart[c + 1] as number;
    const total = table.households[c] as number;
    for (let p = start; p < end; p++) share[p] = total > 0 ? (demand.weight[p] as number) / total : 1 / (end - start);
  }
  return { index: demand, community: demand.community, households: demand.weight, share };
}

/**
 * The 'centroid' points: one per community at its area centroid (as `ST_Centroid(geometry)`), with
 * all its demand and households (the classic zone-based 2SFCA).
 * @param {AccessibilityInput['communities']} communities the communities, in input order
 * @param {Float64Array} households each community's households, in the same order
 * @returns {PointSet} one point per community
 * @example
 * const points = centroidPointSet(input.communities, demand.communities.households);
 */
export function centroidPointSet(communities: AccessibilityInput['communities'], households: Float64Array): PointSet {
  const nc = communities.length;
  const lon = new Float64Array(nc);
  const lat = new Float64Array(nc);
  communities.forEach((c, i) => {
    const [x, y] = areaCentroid(c.geometry);
    lon[i] = x as number;
    lat[i] = y as number;
  });
  return {
    index: createLonLatIndex(lon, lat, circularMeanLongitude(lon)),
    community: Int32Array.from({ length: nc }, (_, i) => i),
    households: households.slice(),
    share: new Float64Array(nc).fill(1),
  };
}
