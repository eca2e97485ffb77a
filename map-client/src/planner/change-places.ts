// Where each change of a scenario is: the facility's name and type, the street and community its
// point lies in (point in polygon over the shapes the map already holds) and the point to fly to.
// Pure: no I/O, inputs untouched.
import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import type { ScenarioChange } from '../state.ts';

export type Shapes = FeatureCollection<Polygon | MultiPolygon | null, { code: string; name: string } & Record<string, unknown>>;

/** What is known of a baseline facility a move or close names. */
export interface KnownFacility {
  name: string;
  type: string;
  lon: number;
  lat: number;
}

export interface ChangeRow {
  index: number;
  op: ScenarioChange['op'];
  code: string | null;
  /** The facility's name ('' when neither the change nor the baseline gives one yet). */
  name: string;
  /** Facility type code ('' when unknown yet). */
  type: string;
  /** "Street · community" at the point, or null when the point is outside every unit. */
  place: string | null;
  /** Where to fly to (the new point for add/move, the facility's for close), null when unknown. */
  point: [number, number] | null;
}

function inRing(ring: readonly Position[], lon: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** True when the point is inside the (multi)polygon (holes respected). */
export function containsPoint(geometry: Polygon | MultiPolygon, lon: number, lat: number): boolean {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.some((rings) => rings.length > 0 && inRing(rings[0]!, lon, lat) && !rings.slice(1).some((hole) => inRing(hole, lon, lat)));
}

/** The first unit of the collection containing the point. */
export function unitAt(collection: Shapes | undefined, lon: number, lat: number): { code: string; name: string } | null {
  for (const feature of collection?.features ?? []) {
    if (feature.geometry && containsPoint(feature.geometry, lon, lat)) return { code: feature.properties.code, name: feature.properties.name };
  }
  return null;
}

/** "Street · community" (either alone when the other is missing), or null. */
export function placeName(streets: Shapes | undefined, communities: Shapes | undefined, lon: number, lat: number): string | null {
  const parts = [unitAt(streets, lon, lat)?.name, unitAt(communities, lon, lat)?.name].filter((part): part is string => typeof part === 'string' && part !== '');
  return parts.length > 0 ? parts.join(' · ') : null;
}

/** One row per change, in the list's order. */
export function describeChanges(
  changes: readonly ScenarioChange[],
  lookup: { facility: (code: string) => KnownFacility | null; placeAt: (lon: number, lat: number) => string | null },
): ChangeRow[] {
  return changes.map((change, index) => {
    if (change.op === 'add') {
      return { index, op: 'add', code: change.code ?? null, name: change.name ?? '', type: change.type, place: lookup.placeAt(change.lon, change.lat), point: [change.lon, change.lat] };
    }
    const known = lookup.facility(change.code);
    const point: [number, number] | null = change.op === 'move' ? [change.lon, change.lat] : known ? [known.lon, known.lat] : null;
    return {
      index,
      op: change.op,
      code: change.code,
      name: known?.name ?? change.code,
      type: known?.type ?? '',
      place: point ? lookup.placeAt(point[0], point[1]) : null,
      point,
    };
  });
}
