/**
 * XYZ tile arithmetic on the Web Mercator grid (the scheme MapLibre requests and geojson-vt cuts):
 * tile (0, 0) is the north-west corner, 2^z tiles per axis, latitudes limited to ±85.0511°.
 */

/** Highest latitude of the Web Mercator square, degrees. */
export const WEB_MERCATOR_MAX_LAT = 85.0511287798066;

/**
 * The lon/lat box of a tile: `[west, south, east, north]` in degrees.
 *
 * @param {number} z zoom, integer ≥ 0
 * @param {number} x column, integer 0 … 2^z − 1 (west → east)
 * @param {number} y row, integer 0 … 2^z − 1 (north → south)
 * @returns {[number, number, number, number]} west, south, east, north
 * @example
 * tileBoundsLonLat(1, 1, 0); // [0, 0, 180, 85.0511…]
 */
export function tileBoundsLonLat(z: number, x: number, y: number): [west: number, south: number, east: number, north: number] {
  // Input validation
  const n = 2 ** z;
  if (!Number.isInteger(z) || z < 0 || !Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= n || y >= n) {
    throw new RangeError(`no tile ${z}/${x}/${y}`);
  }
  const lon = (col: number) => (col / n) * 360 - 180;
  const lat = (row: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * row) / n))) * 180) / Math.PI;
  return [lon(x), lat(y + 1), lon(x + 1), lat(y)];
}

/**
 * The tile of zoom `z` containing a lon/lat point (latitudes clamped to the Web Mercator square).
 *
 * @param {number} lonDegrees longitude, −180 … 180
 * @param {number} latDegrees latitude
 * @param {number} z zoom, integer ≥ 0
 * @returns {{ x: number, y: number }} the tile's column and row
 * @example
 * tileOfLonLat(116.39, 39.91, 12); // { x: 3372, y: 1551 }
 */
export function tileOfLonLat(lonDegrees: number, latDegrees: number, z: number): { x: number; y: number } {
  const n = 2 ** z;
  const lat = Math.max(-WEB_MERCATOR_MAX_LAT, Math.min(WEB_MERCATOR_MAX_LAT, latDegrees));
  const sin = Math.sin((lat * Math.PI) / 180);
  const fx = (lonDegrees + 180) / 360;
  const fy = 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI);
  const clamp = (v: number) => Math.min(n - 1, Math.max(0, Math.floor(v * n)));
  return { x: clamp(fx), y: clamp(fy) };
}
