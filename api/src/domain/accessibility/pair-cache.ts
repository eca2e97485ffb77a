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

/**
 * Catchment pairs remembered per facility: a facility's pairs depend only on the demand points, its
 * point and reach, and the zones, so engines sharing the demand points (a baseline and its
 * scenarios, see `engine.withFacilities`) find the pairs of only the facilities they do not share.
 * A scenario edit then costs the pairs of the facilities it added or moved.
 *
 * Exact: each facility is looked up alone (pairs of one facility never depend on the others) and the
 * pairs are laid out facility by facility, in the order `find` would give them for the whole list, so
 * every sum over them is the same; the stats count as if every facility had been looked up.
 *
 * @param {FindPairs} find the pair finder (geodesic `catchmentPairs` or walking)
 * @returns {FindPairs} a drop-in with the same contract
 */
export function cachedCatchmentPairs(find: FindPairs): FindPairs {
  if (typeof find !== 'function') throw new Error('Invalid input to cachedCatchmentPairs: find must be a function');
  const byPoints = new WeakMap<object, Map<string, Map<string, FacilityPairs>>>();
  let held = 0;
  return (points, facilities, zones, stats) => {
    let byZones = byPoints.get(points);
    if (!byZones) byPoints.set(points, (byZones = new Map()));
    const zonesKey = zones.map((z: DecayZone) => `${z.upToFraction}:${z.weight}`).join(',');
    let byFacility = byZones.get(zonesKey);
    if (!byFacility) byZones.set(zonesKey, (byFacility = new Map()));
    const found: FacilityPairs[] = [];
    let n = 0;
    for (const f of facilities) {
      const key = `${f.lon},${f.lat},${f.reachMeters}`;
      let hit = byFacility.get(key);
      if (!hit) {
        const own: AccessibilityStats = { demandPoints: 0, pairs: 0, candidates: 0, approxDecisions: 0, exactCalls: 0 };
        const p = find(points, [f], zones, own);
        hit = {
          demandIndex: Int32Array.from(p.demandIndex),
          weight: Float64Array.from(p.weight),
          distanceMeters: Float64Array.from(p.distanceMeters),
          candidates: own.candidates,
          approxDecisions: own.approxDecisions,
          exactCalls: own.exactCalls,
        };
        if (held + hit.demandIndex.length > MAX_CACHED_PAIRS) {
          byZones.clear();
          byZones.set(zonesKey, (byFacility = new Map()));
          held = 0;
        }
        byFacility.set(key, hit);
        held += hit.demandIndex.length;
      }
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
}
