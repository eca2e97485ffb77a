import { geodesicDistanceMetersLonLat } from '../geo/geodesic-distance.ts';
import { reachBoxDegrees } from '../geo/reach-box.ts';
import type { ActiveFacility } from './active-facilities.ts';
import type { DemandPoints } from './demand-points.ts';
import { createLonLatIndex, rangeQuery, type LonLatIndex } from './lon-lat-index.ts';
import type { CoverageStats } from './model.ts';
import { undecidedBandMeters, withinReach } from './reach-decision.ts';
import { weightedQuantile } from './weighted-quantile.ts';

/** An uncovered demand point and how far its nearest counted facility is. */
export interface GapPoint {
  /** 'building', or 'grid' for a fallback grid point. */
  kind: 'building' | 'grid';
  /** Building code; null for a grid point. */
  code: string | null;
  lon: number;
  lat: number;
  /** Households at the point. */
  households: number;
  /** Geodesic distance to the nearest counted facility of the rule's types; null when there is none. */
  distanceMeters: number | null;
  facilityCode: string | null;
}

/** Result of `engine.nearestDistances`. */
export interface NearestDistances {
  community: string;
  fallback: boolean;
  /** Uncovered demand points of the community, in demand order. */
  points: GapPoint[];
}

/** Household-weighted summary of gap distances. */
export interface GapDistanceSummary {
  /** Households at the uncovered points. */
  households: number;
  /** Household-weighted (lower) median distance, metres; null when no households or no facility. */
  medianMeters: number | null;
  /** Household-weighted (lower) 90th percentile, metres; null likewise. */
  p90Meters: number | null;
}

/**
 * The uncovered demand points of one community with the geodesic distance to the nearest counted
 * facility of any of the rule's types. Coverage is decided exactly as in `compute`; the nearest
 * facility is found with a kdbush over the counted facilities and a box that grows ×4 until the
 * best exact (GeographicLib) distance lies within it, which proves it is the nearest.
 *
 * @private
 */
export function nearestDistancesIn(
  demand: DemandPoints,
  facilities: readonly ActiveFacility[],
  communityIndex: number,
  buildingCodes: readonly string[],
): NearestDistances {
  const fix = createLonLatIndex(
    Float64Array.from(facilities, (f) => f.lon),
    Float64Array.from(facilities, (f) => f.lat),
    demand.centerLon,
  );
  let maxReach = 0;
  for (const f of facilities) maxReach = Math.max(maxReach, f.reachMeters);
  const stats: CoverageStats = { facilities: 0, candidates: 0, approxDecisions: 0, exactCalls: 0 };
  const points: GapPoint[] = [];
  const t = demand.communities;
  for (let id = t.pointStart[communityIndex] as number; id < (t.pointStart[communityIndex + 1] as number); id++) {
    const pLon = demand.lon[id] as number;
    const pLat = demand.lat[id] as number;
    if (maxReach > 0 && isCovered(fix, facilities, pLon, pLat, maxReach, stats)) continue;
    const nearest = nearestFacility(fix, facilities, pLon, pLat, Math.max(1, maxReach));
    const b = demand.building[id] as number;
    points.push({
      kind: b >= 0 ? 'building' : 'grid',
      code: b >= 0 ? (buildingCodes[b] as string) : null,
      lon: pLon,
      lat: pLat,
      households: demand.weight[id] as number,
      distanceMeters: nearest ? nearest.distanceMeters : null,
      facilityCode: nearest ? (facilities[nearest.index] as ActiveFacility).code : null,
    });
  }
  return { community: t.codes[communityIndex] as string, fallback: t.fallback[communityIndex] === 1, points };
}

/** Covered by any facility within its own reach (same decision as compute). @private */
function isCovered(fix: LonLatIndex, facilities: readonly ActiveFacility[], pLon: number, pLat: number, maxReach: number, stats: CoverageStats): boolean {
  for (const j of rangeQuery(fix, pLon, pLat, reachBoxDegrees(pLat, maxReach))) {
    const f = facilities[j] as ActiveFacility;
    const band = undecidedBandMeters(f.lat, f.reachMeters, reachBoxDegrees(f.lat, f.reachMeters).dLatDegrees);
    if (withinReach(pLon, pLat, f.lon, f.lat, f.reachMeters, band, stats)) return true;
  }
  return false;
}

/** Nearest facility by exact geodesic distance (ties: lower index). @private */
function nearestFacility(
  fix: LonLatIndex,
  facilities: readonly ActiveFacility[],
  pLon: number,
  pLat: number,
  startMeters: number,
): { index: number; distanceMeters: number } | null {
  if (fix.count === 0) return null;
  for (let r = startMeters; ; r *= 4) {
    let best = -1;
    let bestD = Infinity;
    for (const j of rangeQuery(fix, pLon, pLat, reachBoxDegrees(pLat, r))) {
      const f = facilities[j] as ActiveFacility;
      const d = geodesicDistanceMetersLonLat(pLon, pLat, f.lon, f.lat);
      if (d < bestD || (d === bestD && j < best)) {
        bestD = d;
        best = j;
      }
    }
    // Every facility within r is in the box, so a best ≤ r is the nearest overall.
    // r ≥ 2.1e7 m exceeds any distance on the ellipsoid, so the loop ends.
    if (best >= 0 && (bestD <= r || r > 1e8)) return { index: best, distanceMeters: bestD };
  }
}

/**
 * Household-weighted median and 90th percentile of gap distances (points with no facility at all
 * count as infinitely far; a quantile that lands there is null).
 *
 * @param {GapPoint[]} points uncovered points from `engine.nearestDistances`
 * @returns {GapDistanceSummary} households, medianMeters, p90Meters
 * @example
 * const { medianMeters, p90Meters } = gapDistanceSummary(engine.nearestDistances(rule, { asOf }, 'D01S03C07').points);
 */
export function gapDistanceSummary(points: readonly GapPoint[]): GapDistanceSummary {
  // Input validation
  if (!Array.isArray(points)) throw new Error('gapDistanceSummary: points must be an array');

  const values = points.map((p) => p.distanceMeters ?? Infinity);
  const weights = points.map((p) => p.households);
  const finite = (v: number | null): number | null => (v === null || v === Infinity ? null : v);
  return {
    households: weights.reduce((a, b) => a + b, 0),
    medianMeters: finite(weightedQuantile(values, weights, 0.5)),
    p90Meters: finite(weightedQuantile(values, weights, 0.9)),
  };
}
