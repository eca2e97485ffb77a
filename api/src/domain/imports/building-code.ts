import { createHash } from 'node:crypto';

/**
 * A stable code for a building that came without one, from its WGS 84 position (to 1e-7°, ~1 cm):
 * importing the same file twice updates the same buildings instead of doubling them.
 *
 * @param {number} lon longitude, WGS 84
 * @param {number} lat latitude, WGS 84
 * @returns {string} `B-` and 14 hex digits of the position's SHA-1
 * @example
 * buildingCode(118.05, 36.8); // → 'B-…' (always the same for this position)
 */
export function buildingCode(lon: number, lat: number): string {
  return `B-${createHash('sha1').update(`${lon.toFixed(7)},${lat.toFixed(7)}`).digest('hex').slice(0, 14)}`;
}
