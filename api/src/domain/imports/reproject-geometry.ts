import type { Crs } from './resolve-crs.ts';

function isPosition(x: unknown[]): boolean {
  return x.length >= 2 && typeof x[0] === 'number' && typeof x[1] === 'number';
}

function mapCoordinates(value: unknown, crs: Crs): unknown {
  if (!Array.isArray(value)) return value;
  if (isPosition(value)) return crs.identity ? [value[0], value[1]] : crs.toWgs84(value[0] as number, value[1] as number);
  return value.map((v) => mapCoordinates(v, crs));
}

/**
 * A copy of a GeoJSON geometry with every position converted to WGS 84 longitude/latitude and reduced
 * to two dimensions (the tables are 2D). Tolerant of malformed input: whatever is not a position array
 * is copied as it is, for the validation that follows to report.
 *
 * @param {unknown} geometry a GeoJSON geometry in `crs`
 * @param {Crs} crs the source CRS
 * @returns {unknown} the geometry in WGS 84 (a new object; the input is not changed)
 * @example
 * reprojectGeometry({ type: 'Point', coordinates: [500000, 4418000] }, resolveCrs('EPSG:4547'));
 * // → { type: 'Point', coordinates: [114, 39.896…] }
 */
export function reprojectGeometry(geometry: unknown, crs: Crs): unknown {
  if (geometry === null || typeof geometry !== 'object' || Array.isArray(geometry)) return geometry;
  const g = geometry as Record<string, unknown>;
  if (g.type === 'GeometryCollection' && Array.isArray(g.geometries)) {
    return { ...g, geometries: g.geometries.map((x) => reprojectGeometry(x, crs)) };
  }
  return 'coordinates' in g ? { ...g, coordinates: mapCoordinates(g.coordinates, crs) } : { ...g };
}
