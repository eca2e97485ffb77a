// The "near here" answer as the panel and the map show it (pure): one row per facility type
// (the chosen type first), and the routes as GeoJSON.
import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import type { NearbyAnswer } from '../api/endpoints.ts';
import { facilityTypeName, formatDistance, t, type Lang } from '../i18n.ts';
import { facilityTypeColor, sortFacilityTypes } from '../map/palette.ts';
import type { FacilityTypeProperties } from '../types.ts';

export interface NearbyFacilityRow {
  code: string;
  name: string;
  /** "直线 250 米 · 步行 320 米" / "250 m straight · 320 m walk" (walk: "no walking route"). */
  distances: string;
  hasRoute: boolean;
}

export interface NearbyRow {
  type: string;
  typeName: string;
  color: string;
  withinReach: boolean;
  /** "300 米服务半径内" / "within the 300 m reach" (or outside). */
  reachText: string;
  facilities: NearbyFacilityRow[];
}

/** The rows of an answer in the language: types in legend order, the selected type first; types with no facility left out. */
export function nearbyRows(answer: NearbyAnswer, lang: Lang, types: readonly FacilityTypeProperties[], selectedType: string | null): NearbyRow[] {
  const order = new Map(sortFacilityTypes(types).map((type, i) => [type.code, i]));
  const rank = (code: string) => (code === selectedType ? -1 : (order.get(code) ?? 1e6));
  return answer.types
    .filter((entry) => entry.nearest.length > 0)
    .sort((a, b) => rank(a.type) - rank(b.type))
    .map((entry) => ({
      type: entry.type,
      typeName: facilityTypeName(lang, entry.type, types),
      color: facilityTypeColor(entry.type),
      withinReach: entry.within_reach,
      reachText: t(lang, entry.within_reach ? 'nearby.within' : 'nearby.outside', { reach: formatDistance(lang, entry.reach_m) }),
      facilities: entry.nearest.map((f) => ({
        code: f.code,
        name: f.name,
        distances: f.walk_m === null
          ? t(lang, 'nearby.distancesNoWalk', { straight: formatDistance(lang, f.distance_m) })
          : t(lang, 'nearby.distances', { straight: formatDistance(lang, f.distance_m), walk: formatDistance(lang, f.walk_m) }),
        hasRoute: f.route !== null,
      })),
    }));
}

export type NearbyFeature = Feature<Point | LineString, { role: 'origin' | 'route'; color?: string; chosen?: boolean; code?: string }>;

/**
 * The asked point and the walks to the nearest facility of each type shown (`types`), plus the
 * chosen facility's walk (any rank), drawn wider.
 */
export function nearbyFeatures(answer: NearbyAnswer, options: { types?: readonly string[] | null; chosen?: string | null } = {}): FeatureCollection<Point | LineString> {
  const features: NearbyFeature[] = [{ type: 'Feature', geometry: { type: 'Point', coordinates: [answer.lon, answer.lat] }, properties: { role: 'origin' } }];
  const shown = options.types ? new Set(options.types) : null;
  for (const entry of answer.types) {
    entry.nearest.forEach((f, i) => {
      const chosen = f.code === options.chosen;
      if (!f.route || !(chosen || (i === 0 && (!shown || shown.has(entry.type))))) return;
      features.push({ type: 'Feature', geometry: f.route, properties: { role: 'route', color: facilityTypeColor(entry.type), chosen, code: f.code } });
    });
  }
  // The chosen walk last: drawn on top.
  features.sort((a, b) => Number(a.properties.chosen ?? false) - Number(b.properties.chosen ?? false));
  return { type: 'FeatureCollection', features };
}
