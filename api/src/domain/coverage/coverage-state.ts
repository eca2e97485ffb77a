import { reachBoxDegrees } from '../geo/reach-box.ts';
import type { DemandPoints } from './demand-points.ts';
import { addCoveredCounts } from './covered-counts.ts';
import { queryBoxes, rangeQuery } from './lon-lat-index.ts';
import type { CommunityCoverage, CoverageResult, CoverageStats, CoverageTotals, RulePart } from './model.ts';
import { undecidedBandMeters, withinReach } from './reach-decision.ts';

// Module-local copy of the per-candidate decision (hot path; see approx-distance.ts).
const decide = withinReach;

/**
 * Mutable coverage state over a demand snapshot: a cover count per demand point and, per
 * community, the covered building households, covered buildings and covered grid points.
 * `compute` fills one from scratch; a session keeps one and updates it.
 *
 * @private
 */
export interface CoverageState {
  counts: Uint32Array;
  coveredHouseholds: Float64Array;
  coveredBuildings: Int32Array;
  coveredGridPoints: Int32Array;
  stats: CoverageStats;
}

/** An empty state. @private */
export function createCoverageState(demand: DemandPoints): CoverageState {
  const nc = demand.communities.count;
  return {
    counts: new Uint32Array(demand.count),
    coveredHouseholds: new Float64Array(nc),
    coveredBuildings: new Int32Array(nc),
    coveredGridPoints: new Int32Array(nc),
    stats: { facilities: 0, candidates: 0, approxDecisions: 0, exactCalls: 0 },
  };
}

/**
 * Calls `visit(id)` for every demand point within `reachMeters` (geodesic, inclusive) of a
 * facility: box query, then {@link withinReach}. With `skip`, candidates for which `skip[id]` is
 * non-zero (already covered, in a from-scratch fill) are not decided nor visited.
 *
 * @private
 */
export function forEachDemandInReach(
  demand: DemandPoints,
  fLon: number,
  fLat: number,
  reachMeters: number,
  stats: CoverageStats,
  visit: (id: number) => void,
  skip?: Uint32Array,
): void {
  const box = reachBoxDegrees(fLat, reachMeters);
  const band = undecidedBandMeters(fLat, reachMeters, box.dLatDegrees);
  const ids = rangeQuery(demand, fLon, fLat, box);
  stats.facilities++;
  stats.candidates += ids.length;
  const { lon, lat } = demand;
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k] as number;
    if (skip !== undefined && skip[id] !== 0) continue;
    if (decide(lon[id] as number, lat[id] as number, fLon, fLat, reachMeters, band, stats)) visit(id);
  }
}

/** Traversal stack of {@link fillInReach} (the kd-tree's depth is ~log2(n / 64), three slots a level). @private */
const STACK = new Int32Array(3 * 64);

/**
 * From-scratch fill (counts 0 or 1): sets `counts[id] = 1` for every demand point not yet covered
 * within `reachMeters` of a facility. Same candidates (the box of {@link rangeQuery}, walked in the
 * kd-tree's own order), same decisions and the same stats as {@link forEachDemandInReach} with
 * `skip = counts`, without building the list of candidate ids.
 *
 * @private
 */
export function fillInReach(demand: DemandPoints, fLon: number, fLat: number, reachMeters: number, stats: CoverageStats, counts: Uint32Array): void {
  const box = reachBoxDegrees(fLat, reachMeters);
  const band = undecidedBandMeters(fLat, reachMeters, box.dLatDegrees);
  stats.facilities++;
  const { lon, lat } = demand;
  const { ids, coords, nodeSize } = demand.index;
  let candidates = 0;
  for (const [minX, minY, maxX, maxY] of queryBoxes(demand, fLon, fLat, box) as Array<[number, number, number, number]>) {
    STACK[0] = 0;
    STACK[1] = ids.length - 1;
    STACK[2] = 0;
    let sp = 3;
    while (sp > 0) {
      const axis = STACK[--sp] as number;
      const right = STACK[--sp] as number;
      const left = STACK[--sp] as number;
      if (right - left <= nodeSize) {
        // The point test is written out twice (leaf and median) on purpose: a shared closure measured
        // 13 % slower over all 37 types (bench/coverage-kernel.ts: 287 vs 253 ms).
        for (let i = left; i <= right; i++) {
          const x = coords[2 * i] as number;
          const y = coords[2 * i + 1] as number;
          if (x >= minX && x <= maxX && y >= minY && y <= maxY) {
            candidates++;
            const id = ids[i] as number;
            if (counts[id] === 0 && decide(lon[id] as number, lat[id] as number, fLon, fLat, reachMeters, band, stats)) counts[id] = 1;
          }
        }
        continue;
      }
      const m = (left + right) >> 1;
      const x = coords[2 * m] as number;
      const y = coords[2 * m + 1] as number;
      if (x >= minX && x <= maxX && y >= minY && y <= maxY) {
        candidates++;
        const id = ids[m] as number;
        if (counts[id] === 0 && decide(lon[id] as number, lat[id] as number, fLon, fLat, reachMeters, band, stats)) counts[id] = 1;
      }
      if (axis === 0 ? minX <= x : minY <= y) {
        STACK[sp++] = left;
        STACK[sp++] = m - 1;
        STACK[sp++] = 1 - axis;
      }
      if (axis === 0 ? maxX >= x : maxY >= y) {
        STACK[sp++] = m + 1;
        STACK[sp++] = right;
        STACK[sp++] = 1 - axis;
      }
    }
  }
  stats.candidates += candidates;
}

/**
 * Adds (`delta` = +1) or removes (−1) one facility's cover, keeping the per-community sums in step.
 * Returns the community indices whose coverage changed.
 *
 * @private
 */
export function applyFacility(
  demand: DemandPoints,
  state: CoverageState,
  fLon: number,
  fLat: number,
  reachMeters: number,
  delta: 1 | -1,
): Set<number> {
  const changed = new Set<number>();
  const { counts, coveredHouseholds, coveredBuildings, coveredGridPoints } = state;
  forEachDemandInReach(demand, fLon, fLat, reachMeters, state.stats, (id) => {
    const before = counts[id] as number;
    if (delta < 0 && before === 0) throw new Error('coverage state: removing a facility that was never added');
    counts[id] = before + delta;
    if (before !== 0 && before + delta !== 0) return;
    const c = demand.community[id] as number;
    changed.add(c);
    if (demand.building[id] as number >= 0) {
      coveredHouseholds[c] = (coveredHouseholds[c] as number) + delta * (demand.weight[id] as number);
      coveredBuildings[c] = (coveredBuildings[c] as number) + delta;
    } else {
      coveredGridPoints[c] = (coveredGridPoints[c] as number) + delta;
    }
  });
  return changed;
}

/** Per-community sums from the cover counts (after a from-scratch fill). @private */
export function sumCovered(demand: DemandPoints, state: CoverageState): void {
  const { counts, coveredHouseholds, coveredBuildings, coveredGridPoints } = state;
  for (let id = 0; id < demand.count; id++) {
    if (counts[id] === 0) continue;
    const c = demand.community[id] as number;
    if (demand.building[id] as number >= 0) {
      coveredHouseholds[c] = (coveredHouseholds[c] as number) + (demand.weight[id] as number);
      coveredBuildings[c] = (coveredBuildings[c] as number) + 1;
    } else {
      coveredGridPoints[c] = (coveredGridPoints[c] as number) + 1;
    }
  }
}

/** The coverage row of community c. @private */
export function communityRow(demand: DemandPoints, state: CoverageState, c: number): CommunityCoverage {
  const t = demand.communities;
  const households = t.households[c] as number;
  const fallback = t.fallback[c] === 1;
  const households_covered = fallback
    ? Math.round((households * (state.coveredGridPoints[c] as number)) / (t.gridPoints[c] as number))
    : (state.coveredHouseholds[c] as number);
  const population = t.population[c] as number;
  const elderly = t.elderly[c] as number;
  return {
    code: t.codes[c] as string,
    households,
    households_covered,
    buildings: t.buildings[c] as number,
    buildings_covered: state.coveredBuildings[c] as number,
    population,
    population_covered: households > 0 ? (population * households_covered) / households : 0,
    elderly,
    elderly_covered: households > 0 ? (elderly * households_covered) / households : 0,
    rate: households > 0 ? households_covered / households : 0,
    fallback,
  };
}

/** Sums rows into totals (rate = covered / households, 0 when there are none). @private */
export function totalsOf(rows: readonly CommunityCoverage[]): CoverageTotals {
  const t: CoverageTotals = {
    households: 0,
    households_covered: 0,
    rate: 0,
    population: 0,
    population_covered: 0,
    elderly: 0,
    elderly_covered: 0,
    buildings: 0,
    buildings_covered: 0,
  };
  for (const r of rows) {
    addCoveredCounts(t, r);
    t.buildings += r.buildings;
    t.buildings_covered += r.buildings_covered;
  }
  t.rate = t.households > 0 ? t.households_covered / t.households : 0;
  return t;
}

/** One flag per input building: covered (1) or not (0). @private */
export function buildingFlagsOf(demand: DemandPoints, state: CoverageState, buildingCount: number): Uint8Array {
  const flags = new Uint8Array(buildingCount);
  for (let id = 0; id < demand.count; id++) {
    const b = demand.building[id] as number;
    if (b >= 0 && state.counts[id] !== 0) flags[b] = 1;
  }
  return flags;
}

/** The public result from a state. @private */
export function resultOf(
  demand: DemandPoints,
  state: CoverageState,
  rule: readonly RulePart[],
  asOf: string,
  includePlanned: boolean,
  buildingCount?: number,
): CoverageResult {
  const perCommunity: CommunityCoverage[] = [];
  const fallbackCommunities: string[] = [];
  for (let c = 0; c < demand.communities.count; c++) {
    const row = communityRow(demand, state, c);
    perCommunity.push(row);
    if (row.fallback) fallbackCommunities.push(row.code);
  }
  const result: CoverageResult = {
    asOf,
    includePlanned,
    rule: rule.map((p) => ({ type: p.type, reachMeters: p.reachMeters })),
    perCommunity,
    totals: totalsOf(perCommunity),
    fallbackCommunities,
    stats: { ...state.stats },
  };
  if (buildingCount !== undefined) result.buildingCovered = buildingFlagsOf(demand, state, buildingCount);
  return result;
}
