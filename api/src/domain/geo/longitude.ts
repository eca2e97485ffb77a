/**
 * Longitude arithmetic that works across the antimeridian.
 */

/**
 * Normalises a longitude difference (or a longitude) to [-180, 180).
 *
 * @param {number} deltaDegrees any finite angle in degrees
 * @returns {number} the same angle modulo 360, in [-180, 180)
 * @example
 * normalizeLongitudeDelta(-179.999 - 179.999); // ≈ 0.002
 */
export function normalizeLongitudeDelta(deltaDegrees: number): number {
  if (deltaDegrees >= -180 && deltaDegrees < 180) return deltaDegrees;
  const r = deltaDegrees - 360 * Math.floor((deltaDegrees + 180) / 360);
  // Rounding can land exactly on 180 for inputs just below a multiple of 360.
  return r >= 180 ? r - 360 : r;
}

/**
 * Unwraps a longitude so that it lies within 180° of a reference longitude
 * (`reference + normalizeLongitudeDelta(lon − reference)`). Used to give a city on the antimeridian
 * one continuous range of x values.
 *
 * @param {number} lonDegrees longitude to unwrap
 * @param {number} referenceDegrees the longitude to stay near
 * @returns {number} a longitude in [reference − 180, reference + 180)
 * @example
 * unwrapLongitude(-179.999, 179.5); // ≈ 180.001
 */
export function unwrapLongitude(lonDegrees: number, referenceDegrees: number): number {
  const delta = lonDegrees - referenceDegrees;
  if (delta >= -180 && delta < 180) return lonDegrees;
  return referenceDegrees + normalizeLongitudeDelta(delta);
}

/**
 * Circular mean of longitudes (the direction of the mean unit vector), in [-180, 180].
 * 0 for an empty input.
 *
 * @param {ArrayLike<number>} lonsDegrees longitudes in degrees
 * @returns {number} the mean longitude
 * @example
 * circularMeanLongitude([179.9, -179.9]); // ≈ ±180
 */
export function circularMeanLongitude(lonsDegrees: ArrayLike<number>): number {
  let x = 0;
  let y = 0;
  for (let i = 0; i < lonsDegrees.length; i++) {
    const r = ((lonsDegrees[i] as number) * Math.PI) / 180;
    x += Math.cos(r);
    y += Math.sin(r);
  }
  if (x === 0 && y === 0) return 0;
  return (Math.atan2(y, x) * 180) / Math.PI;
}
