import { createLonLatIndex, rangeQuery } from '../coverage/lon-lat-index.ts';
import { undecidedBandMeters } from '../coverage/reach-decision.ts';
import { approxDistanceMetersLonLat } from '../geo/approx-distance.ts';
import { geodesicDistanceMetersLonLat } from '../geo/geodesic-distance.ts';
import { circularMeanLongitude } from '../geo/longitude.ts';
import { reachBoxDegrees } from '../geo/reach-box.ts';
import { SitingInputError } from './errors.ts';
import type { SitingProblem } from './model.ts';

/** A weighted demand point (a building's households, a grid point's share…). */
export interface DemandPoint {
  id: string;
  lon: number;
  lat: number;
  weight: number;
}

/** A candidate site, or an existing facility (id optional there). */
export interface SitePoint {
  id: string;
  lon: number;
  lat: number;
}

function checkPoints(points: ReadonlyArray<{ id?: string; lon: number; lat: number }>, field: string, needId: boolean): void {
  if (!Array.isArray(points)) throw new SitingInputError(field, 'must be an array of points');
  const ids = new Set<string>();
  points.forEach((p, k) => {
    if (!p || !Number.isFinite(p.lon) || !Number.isFinite(p.lat) || p.lon < -180 || p.lon > 180 || p.lat < -90 || p.lat > 90) {
      throw new SitingInputError(`${field}[${k}]`, `must have lon in [-180, 180] and lat in [-90, 90], got ${JSON.stringify(p && [p.lon, p.lat])}`);
    }
    if (!needId) return;
    if (typeof p.id !== 'string' || p.id === '') throw new SitingInputError(`${field}[${k}].id`, 'must be a non-empty string');
    if (ids.has(p.id)) throw new SitingInputError(`${field}[${k}].id`, `${JSON.stringify(p.id)} appears twice`);
    ids.add(p.id);
  });
}

/**
 * A siting problem from points: geodesic metres (WGS 84, as PostGIS `geography`) from every demand
 * point to every candidate and existing facility within `maxCostM`. Costs come from the tested
 * ellipsoidal approximation (≤ 1e-6 relative error), and from GeographicLib whenever the
 * approximation cannot decide "≤ reachM" or "≤ maxCostM" (the coverage engine's rule), so
 * `cost ≤ reachM` is exactly `ST_DWithin(demand::geography, site::geography, reachM)`.
 * Pairs farther than `maxCostM` are not listed, and `unlistedCost` is set to `maxCostM` (a
 * truncated matrix: pmedian/pcenter count a demand point with nothing within maxCostM at maxCostM).
 *
 * @param {Object} input demand, candidates, existing facilities, reach and cut-off
 * @param {DemandPoint[]} input.demand weighted demand points (unique ids)
 * @param {SitePoint[]} input.candidates candidate sites (unique ids)
 * @param {Array<{lon: number, lat: number}>} [input.existing=[]] open facilities of the type (count as built)
 * @param {number} input.reachM coverage reach in metres
 * @param {number} [input.maxCostM=reachM] cut-off for listed pairs (≥ reachM; pmedian/pcenter want more)
 * @returns {SitingProblem} the problem, demand and sites in the given order
 * @example
 * const problem = coverageProblem({ demand, candidates, existing, reachM: 300 });
 * const s = await solve(problem, { model: 'mclp', p: 12, reach: 300 });
 */
export function coverageProblem(input: {
  demand: readonly DemandPoint[];
  candidates: readonly SitePoint[];
  existing?: ReadonlyArray<{ lon: number; lat: number }> | undefined;
  reachM: number;
  maxCostM?: number | undefined;
}): SitingProblem {
  // Input validation
  const { demand, candidates, reachM } = input;
  const existing = input.existing ?? [];
  checkPoints(demand, 'demand', true);
  checkPoints(candidates, 'candidates', true);
  checkPoints(existing, 'existing', false);
  demand.forEach((d, k) => {
    if (!(d.weight >= 0) || !Number.isFinite(d.weight)) throw new SitingInputError(`demand[${k}].weight`, `must be finite and ≥ 0, got ${d.weight}`);
  });
  if (!(reachM > 0) || !Number.isFinite(reachM)) throw new SitingInputError('reachM', `must be metres > 0, got ${reachM}`);
  const maxCostM = input.maxCostM ?? reachM;
  if (!(maxCostM >= reachM) || !Number.isFinite(maxCostM)) throw new SitingInputError('maxCostM', `must be metres ≥ reachM (${reachM}), got ${maxCostM}`);

  const n = demand.length;
  const lon = Float64Array.from(demand, (d) => d.lon);
  const lat = Float64Array.from(demand, (d) => d.lat);
  const ix = createLonLatIndex(lon, lat, circularMeanLongitude(lon));

  /** Calls visit(i, metres) for every demand point within maxCostM of (sLon, sLat), ids ascending. */
  const near = (sLon: number, sLat: number, visit: (i: number, metres: number) => void): void => {
    const box = reachBoxDegrees(sLat, maxCostM);
    const bandReach = undecidedBandMeters(sLat, reachM, reachBoxDegrees(sLat, reachM).dLatDegrees);
    const bandMax = undecidedBandMeters(sLat, maxCostM, box.dLatDegrees);
    const ids = rangeQuery(ix, sLon, sLat, box).sort((a, b) => a - b);
    for (const i of ids) {
      const pLon = lon[i] as number;
      const pLat = lat[i] as number;
      let d = bandMax === Infinity ? Infinity : approxDistanceMetersLonLat(pLon, pLat, sLon, sLat);
      // Where the approximation cannot decide a threshold, the exact distance decides (and is kept).
      if (d === Infinity || Math.abs(d - reachM) <= bandReach || Math.abs(d - maxCostM) <= bandMax) d = geodesicDistanceMetersLonLat(pLon, pLat, sLon, sLat);
      if (d <= maxCostM) visit(i, d);
    }
  };

  const siteStart = new Uint32Array(candidates.length + 1);
  const demandIndex: number[] = [];
  const cost: number[] = [];
  candidates.forEach((c, j) => {
    near(c.lon, c.lat, (i, d) => {
      demandIndex.push(i);
      cost.push(d);
    });
    siteStart[j + 1] = demandIndex.length;
  });
  const existingCost = new Float64Array(n).fill(Infinity);
  for (const e of existing) near(e.lon, e.lat, (i, d) => {
    if (d < (existingCost[i] as number)) existingCost[i] = d;
  });
  return {
    demandIds: demand.map((d) => d.id),
    weights: Float64Array.from(demand, (d) => d.weight),
    siteIds: candidates.map((c) => c.id),
    siteStart,
    demandIndex: Uint32Array.from(demandIndex),
    cost: Float64Array.from(cost),
    existingCost,
    unlistedCost: maxCostM,
  };
}
