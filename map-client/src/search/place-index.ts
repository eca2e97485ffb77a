// Places to search by name or code: districts, streets and communities with their bounding box
// and a label point. Pure: built from GeoJSON, searched without I/O.
import type { FeatureCollection, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { bboxOf, type BBox } from '../map/bounds.ts';
import { labelPoint } from '../map/label-points.ts';

export type PlaceKind = 'district' | 'street' | 'community' | 'facility';

export interface Place {
  kind: PlaceKind;
  code: string;
  name: string;
  bbox: BBox;
  /** A point inside the place (popup anchor). */
  point: [number, number];
  /** The feature's properties (for a community popup). */
  properties: Record<string, unknown>;
}

type Shapes = FeatureCollection<Polygon | MultiPolygon | null, { code: string; name: string }>;

const KIND_RANK: Record<PlaceKind, number> = { district: 0, street: 1, community: 2, facility: 3 };

/** The places of one collection (features without shape or code are skipped). Does not mutate its input. */
export function placesOf(kind: PlaceKind, collection: Shapes): Place[] {
  const places: Place[] = [];
  for (const feature of collection.features) {
    const code = feature.properties?.code;
    if (!feature.geometry || typeof code !== 'string') continue;
    const bbox = bboxOf([{ type: 'FeatureCollection', features: [feature] }]);
    const point: Position | null = labelPoint(feature.geometry);
    if (!bbox || !point) continue;
    places.push({
      kind,
      code,
      name: typeof feature.properties.name === 'string' ? feature.properties.name : code,
      bbox,
      point: [point[0]!, point[1]!],
      properties: { ...feature.properties },
    });
  }
  return places;
}

/** Facilities as places (a point; the box is the point itself). Does not mutate its input. */
export function facilityPlaces(collection: FeatureCollection<Point | null, { code: string; name: string }>): Place[] {
  const places: Place[] = [];
  for (const feature of collection.features) {
    const code = feature.properties?.code;
    if (feature.geometry?.type !== 'Point' || typeof code !== 'string') continue;
    const [lon, lat] = feature.geometry.coordinates as [number, number];
    places.push({
      kind: 'facility',
      code,
      name: typeof feature.properties.name === 'string' && feature.properties.name !== '' ? feature.properties.name : code,
      bbox: [lon, lat, lon, lat],
      point: [lon, lat],
      properties: { ...feature.properties },
    });
  }
  return places;
}

/**
 * Places matching `query` (case-insensitive; name contains it, or code starts with it), best
 * first: exact name or code, then prefix, then contains; districts before streets before
 * communities; then by name.
 *
 * @example
 * searchPlaces(index, '和平').map((place) => place.name) // → ['和平街道', '和平里社区', …]
 */
export function searchPlaces(places: readonly Place[], query: string, limit = 8): Place[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [];
  const scored: { place: Place; score: number }[] = [];
  for (const place of places) {
    const name = place.name.toLowerCase();
    const code = place.code.toLowerCase();
    let score: number;
    if (name === q || code === q) score = 0;
    else if (name.startsWith(q) || code.startsWith(q)) score = 1;
    else if (name.includes(q)) score = 2;
    else continue;
    scored.push({ place, score });
  }
  scored.sort((a, b) => a.score - b.score || KIND_RANK[a.place.kind] - KIND_RANK[b.place.kind] || a.place.name.localeCompare(b.place.name, 'zh-CN'));
  return scored.slice(0, limit).map(({ place }) => place);
}
