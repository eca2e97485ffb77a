import { meridionalRadiusMeters, parallelRadiusMeters } from './wgs84.ts';

/** Half-sizes, in degrees, of a lon/lat box around a point. */
export interface ReachBoxDegrees {
  /** Half-width in longitude; 180 when the box wraps the whole parallel (near a pole). */
  dLonDegrees: number;
  /** Half-height in latitude. */
  dLatDegrees: number;
}

/** Relative padding for floating-point rounding. @private */
const PAD = 1 + 1e-9;

/**
 * A conservative lon/lat box around a point: every point whose geodesic distance on WGS 84 is
 * ≤ `reachMeters` lies within ±dLat of its latitude and ±dLon of its longitude (mod 360).
 *
 * Why it is conservative: along any path, ds ≥ M·|dφ| ≥ M(0)·|dφ| (M is smallest at the equator),
 * so |Δφ| ≤ reach / M(0); and ds ≥ p(φ)·|dλ|, where the parallel radius p = N·cos φ is smallest at the
 * box's poleward edge, so |Δλ| ≤ reach / p(poleward edge). Both are padded by 1e-9 for rounding.
 *
 * @param {number} latDegrees latitude of the centre
 * @param {number} reachMeters distance in metres (≥ 0)
 * @returns {ReachBoxDegrees} half-sizes in degrees
 * @example
 * reachBoxDegrees(36.8, 300); // { dLonDegrees: 0.00336…, dLatDegrees: 0.00271… }
 */
export function reachBoxDegrees(latDegrees: number, reachMeters: number): ReachBoxDegrees {
  // Input validation
  if (!Number.isFinite(latDegrees)) throw new Error(`reachBoxDegrees: latDegrees must be finite, got ${latDegrees}`);
  if (!(reachMeters >= 0)) throw new Error(`reachBoxDegrees: reachMeters must be ≥ 0, got ${reachMeters}`);

  const dLatDegrees = ((reachMeters / meridionalRadiusMeters(0)) * 180 * PAD) / Math.PI + 1e-12;
  const poleward = Math.abs(latDegrees) + dLatDegrees;
  if (poleward >= 90) return { dLonDegrees: 180, dLatDegrees };
  const p = parallelRadiusMeters(poleward);
  const dLonDegrees = ((reachMeters / p) * 180 * PAD) / Math.PI + 1e-12;
  return { dLonDegrees: Math.min(180, dLonDegrees), dLatDegrees };
}
