import type { CatchmentPairArrays, catchmentPairs } from './catchment-pairs.ts';
import type { AccessibilityStats, DecayZone } from './model.ts';

type FindPairs = typeof catchmentPairs;

/** One facility's catchment, as its own call found it. @private */
interface FacilityPairs {
  demandIndex: Int32Array;
  weight: Float64Array;
  distanceMeters: Float64Array;
  candidates: number;
  approxDecisions: number;
  exactCalls: number;
}

/** Pairs kept at most (over all facilities and zone sets of one engine family) before the cache starts afresh. */
const MAX_CACHED_PAIRS = 4_000_000;

/** The pair finder with its memory: `prefetch` finds (and remembers) the pairs of facilities it does not hold yet. */
export interface CachedFindPairs extends FindPairs {
  /**
   * Finds the pairs of at most `limit` of `facilities` not remembered yet (in list order) and
   * remembers them; returns how many are still not remembered. Lets a caller warm the memory in
   * small synchronous steps (yielding between them) instead of one long `find`.
   */
  prefetch(points: Parameters<FindPairs>[0], facilities: Parameters<FindPairs>[1], zones: readonly DecayZone[], limit: number): number;
}

/** Facilities whose pairs a cached finder had to find (cache misses), over the process: for tests that an answer found none. */
export const pairFinds = { facilities: 0 };

/**
 * Catchment pairs remembered per facility: a facility's pairs depend only on the demand points, its
 * point and reach, and the zones, so engines sharing the demand points (a baseline and its
 * scenarios, see `engine.withFacilities` and `engine.withChanges`) find the pairs of only the
 * facilities they do not share. A scenario edit then costs the pairs of the facilities it added or moved.
 *
 * Exact: each facility is looked up alone (pairs of one facility never depend on the others) and the
 * pairs are laid out facility by facility, in the order `find` would give them for the whole list, so
 * every sum over them is the same; the stats count as if every facility had been looked up.
 *
 * @param {FindPairs} find the pair finder (geodesic `catchmentPairs` or walking)
 * @returns {CachedFindPairs} a drop-in with the same contract, plus `prefetch`
 */
export function cachedCatchmentPairs(find: FindPairs): CachedFindPairs {
  if (typeof find !== 'function') throw new Error('Invalid input to cachedCatchmentPairs: find must be a function');
  const byPoints = new WeakMap<object, Map<string, Map<string, FacilityPairs>>>();
  let held = 0;
  /** The remembered pairs of (points, zones), facility key → pairs. */
  const memory = (points: object, zones: readonly DecayZone[]) => {
    let byZones = byPoints.get(points);
    if (!byZones) byPoints.set(points, (byZones = new Map()));
    const zonesKey = zones.map((z: DecayZone) => `${z.upToFraction}:${z.weight}`).join(',');
    let byFacility = byZones.get(zonesKey);
    if (!byFacility) byZones.set(zonesKey, (byFacility = new Map()));
    return { byZones, zonesKey, byFacility };
  };
  type Memory = ReturnType<typeof memory>;
  const keyOf = (f: { lon: number; lat: number; reachMeters: number }) => `${f.lon},${f.lat},${f.reachMeters}`;
  /** Finds one facility's pairs and remembers them (starting afresh when the memory is full). */
  const findOne = (m: Memory, points: Parameters<FindPairs>[0], f: Parameters<FindPairs>[1][number], zones: readonly DecayZone[], key: string): FacilityPairs => {
    const own: AccessibilityStats = { demandPoints: 0, pairs: 0, candidates: 0, approxDecisions: 0, exactCalls: 0 };
    const p = find(points, [f], zones, own);
    pairFinds.facilities++;
    const hit: FacilityPairs = {
      demandIndex: Int32Array.from(p.demandIndex),
      weight: Float64Array.from(p.weight),
      distanceMeters: Float64Array.from(p.distanceMeters),
      candidates: own.candidates,
      approxDecisions: own.approxDecisions,
      exactCalls: own.exactCalls,
    };
    if (held + hit.demandIndex.length > MAX_CACHED_PAIRS) {
      m.byZones.clear();
      m.byZones.set(m.zonesKey, (m.byFacility = new Map()));
      held = 0;
    }
    m.byFacility.set(key, hit);
    held += hit.demandIndex.length;
    return hit;
  };
  const cached: FindPairs = (points, facilities, zones, stats) => {
    const m = memory(points, zones);
    const found: FacilityPairs[] = [];
    let n = 0;
    for (const f of facilities) {
      const key = keyOf(f);
      const hit = m.byFacility.get(key) ?? findOne(m, points, f, zones, key);
      found.push(hit);
      n += hit.demandIndex.length;
      stats.candidates += hit.candidates;
      stats.approxDecisions += hit.approxDecisions;
      stats.exactCalls += hit.exactCalls;
    }
    const out: CatchmentPairArrays = {
      demandIndex: new Int32Array(n),
      supplyIndex: new Int32Array(n),
      weight: new Float64Array(n),
      distanceMeters: new Float64Array(n),
    };
    let at = 0;
    found.forEach((p, j) => {
      out.demandIndex.set(p.demandIndex, at);
      out.supplyIndex.fill(j, at, at + p.demandIndex.length);
      out.weight.set(p.weight, at);
      out.distanceMeters.set(p.distanceMeters, at);
      at += p.demandIndex.length;
    });
    stats.pairs += n;
    return out;
  };
  const prefetch: CachedFindPairs['prefetch'] = (points, facilities, zones, limit) => {
    if (!(limit >= 0)) throw new Error(`Invalid input to prefetch: limit must be a number >= 0, got ${String(limit)}`);
    const m = memory(points, zones);
    let missing = 0;
    let done = 0;
    for (const f of facilities) {
      const key = keyOf(f);
      if (m.byFacility.has(key)) continue;
      if (done < limit) {
        findOne(m, points, f, zones, key);
        done++;
      } else {
        missing++;
      }
    }
    return missing;
  };
  return Object.assign(cached, { prefetch });
}
