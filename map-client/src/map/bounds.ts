// Bounding box of GeoJSON collections, to fit the map to the city on load.
import type { FeatureCollection, Geometry, Position } from 'geojson';

/** `[west, south, east, north]` in degrees. */
export type BBox = [number, number, number, number];

function eachPosition(geometry: Geometry | null, visit: (position: Position) => void): void {
  if (!geometry) return;
  switch (geometry.type) {
    case 'Point':
      visit(geometry.coordinates);
      return;
    case 'MultiPoint':
    case 'LineString':
      geometry.coordinates.forEach(visit);
      return;
    case 'MultiLineString':
    case 'Polygon':
      geometry.coordinates.forEach((line) => line.forEach(visit));
      return;
    case 'MultiPolygon':
      geometry.coordinates.forEach((polygon) => polygon.forEach((ring) => ring.forEach(visit)));
      return;
    case 'GeometryCollection':
      geometry.geometries.forEach((part) => eachPosition(part, visit));
      return;
  }
}

/**
 * The bbox of all positions in the collections, or null when they hold no coordinates.
 * Does not mutate its input.
 *
 * @example
 * bboxOf([communities, facilities]) // → [117.98, 36.77, 118.06, 36.82]
 */
export function bboxOf(collections: readonly FeatureCollection<Geometry | null>[]): BBox | null {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const collection of collections) {
    for (const feature of collection.features) {
      eachPosition(feature.geometry, (position) => {
        const [lng, lat] = position;
        if (lng === undefined || lat === undefined || !Number.isFinite(lng) || !Number.isFinite(lat)) return;
        west = Math.min(west, lng);
        south = Math.min(south, lat);
        east = Math.max(east, lng);
        north = Math.max(north, lat);
      });
    }
  }
  return west <= east && south <= north ? [west, south, east, north] : null;
}
