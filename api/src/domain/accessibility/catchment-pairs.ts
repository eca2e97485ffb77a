import { approxDistanceMetersLonLat } from '../geo/approx-distance.ts';
import { geodesicDistanceMetersLonLat } from '../geo/geodesic-distance.ts';
import { reachBoxDegrees } from '../geo/reach-box.ts';
import { rangeQuery, type LonLatIndex } from '../coverage/lon-lat-index.ts';
import { undecidedBandMeters } from '../coverage/reach-decision.ts';
import type { AccessibilityStats, DecayZone } from './model.ts';

// Module-local copies (hot path; see approx-distance.ts).
const approx = approxDistanceMetersLonLat;
const exact = geodesicDistanceMetersLonLat;

/** Catchment pairs as typed arrays. @private */
export interface CatchmentPairArrays {
  demandIndex: Int32Array;
  supplyIndex: Int32Array;
  weight: Float64Array;
  distanceMeters: Float64Array;
}

/**
 * Every (demand point, facility) pair within the facility's reach, with its decay weight and
 * distance. The reach and the zone bounds are decided as `withinReach` decides coverage: the
 * mid-latitude ellipsoidal distance when it is clearly inside or outside every bound (by the
 * tested error band), GeographicLib (demand point first) otherwise, so membership and zones equal
 * GeographicLib's: a pair is in when its geodesic distance is ≤ the reach (inclusive, like
 * `ST_DWithin(geography)`), and in the first zone whose bound it does not exceed. The distance
 * kept is the one that decided (within 1e-6 relative of GeographicLib's). Pairs come grouped by
 * facility, in facility order. Updates `stats`.
 *
 * @private
 */
export function catchmentPairs(
  points: LonLatIndex,
  facilities: ReadonlyArray<{ lon: number; lat: number; reachMeters: number }>,
  zones: readonly DecayZone[],
  stats: AccessibilityStats,
): CatchmentPairArrays {
  let capacity = 1024;
  let n = 0;
  let demandIndex = new Int32Array(capacity);
  let supplyIndex = new Int32Array(capacity);
  let weight = new Float64Array(capacity);
  let distanceMeters = new Float64Array(capacity);
  const push = (i: number, j: number, w: number, d: number): void => {
    if (n === capacity) {
      capacity *= 2;
      const grow = <T extends Int32Array | Float64Array>(a: T, make: (size: number) => T): T => {
        const b = make(capacity);
        b.set(a);
        return b;
      };
      demandIndex = grow(demandIndex, (s) => new Int32Array(s));
      supplyIndex = grow(supplyIndex, (s) => new Int32Array(s));
      weight = grow(weight, (s) => new Float64Array(s));
      distanceMeters = grow(distanceMeters, (s) => new Float64Array(s));
    }
    demandIndex[n] = i;
    supplyIndex[n] = j;
    weight[n] = w;
    distanceMeters[n] = d;
    n++;
  };

  const nz = zones.length;
  const weights = zones.map((z) => z.weight);
  const bounds = new Float64Array(nz);
  const { lon, lat } = points;
  facilities.forEach((f, j) => {
    const reach = f.reachMeters;
    // The last bound is the reach itself (fraction 1), so reach membership is one of the bounds.
    for (let z = 0; z < nz; z++) bounds[z] = z === nz - 1 ? reach : (zones[z] as DecayZone).upToFraction * reach;
    const zoneOf = (d: number): number => {
      for (let z = 0; z < nz; z++) if (d <= (bounds[z] as number)) return z;
      return -1;
    };
    const box = reachBoxDegrees(f.lat, reach);
    const band = undecidedBandMeters(f.lat, reach, box.dLatDegrees);
    const ids = rangeQuery(points, f.lon, f.lat, box);
    stats.candidates += ids.length;
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k] as number;
      const pLon = lon[id] as number;
      const pLat = lat[id] as number;
      let d: number;
      let zone: number;
      if (band === Infinity) {
        d = exact(pLon, pLat, f.lon, f.lat);
        zone = zoneOf(d);
        stats.exactCalls++;
      } else {
        d = approx(pLon, pLat, f.lon, f.lat);
        if (d > reach + band) {
          stats.approxDecisions++;
          continue;
        }
        zone = zoneOf(d);
        // Decided when the approximate distance is clear of both bounds around it.
        const upper = zone < 0 ? Infinity : (bounds[zone] as number);
        const lower = zone <= 0 ? (zone < 0 ? reach : -Infinity) : (bounds[zone - 1] as number);
        if (upper - d > band && d - lower > band) {
          stats.approxDecisions++;
        } else {
          d = exact(pLon, pLat, f.lon, f.lat);
          zone = zoneOf(d);
          stats.exactCalls++;
        }
      }
      if (zone >= 0) push(id, j, weights[zone] as number, d);
    }
  });
  stats.pairs += n;
  return {
    demandIndex: demandIndex.subarray(0, n),
    supplyIndex: supplyIndex.subarray(0, n),
    weight: weight.subarray(0, n),
    distanceMeters: distanceMeters.subarray(0, n),
  };
}
