// Loads what the map needs besides its vector tiles: district and street shapes (small: labels,
// search, zoom-to), the facility-type catalogue and the city summary (counts, population). The
// community and facility lists (search, community labels) come after, in the background (#16).
import type { ApiClient } from './client.ts';
import type {
  AdminUnitProperties,
  CommunityCollection,
  CommunityProperties,
  FacilityTypeProperties,
  CitySummary,
  MapData,
} from '../types.ts';
import type { MultiPolygon } from 'geojson';

/** Page size asked for; the client still follows `next` links if the server caps it lower. */
export const PAGE_LIMIT = '10000';

/** Reads `GET /api/summary`'s body, refusing one without its numbers. */
export function citySummaryOf(body: unknown): CitySummary {
  const b = (body ?? {}) as Record<string, unknown>;
  const n = (key: string): number => {
    const value = b[key];
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`summary: ${key} is not a number`);
    return value;
  };
  const [communities, facilities, population] = [n('communities'), n('facilities'), n('population')];
  const byType = b.facilities_by_type;
  if (typeof byType !== 'object' || byType === null) throw new Error('summary: facilities_by_type is not an object');
  return {
    communities,
    facilities,
    population,
    facilities_by_type: Object.fromEntries(Object.entries(byType).map(([type, count]) => [type, Number(count)])),
  };
}

/**
 * Fetches districts, streets, the facility-type catalogue and the city summary.
 *
 * @example
 * const data = await loadMapData(createApiClient({ baseUrl }));
 */
export async function loadMapData(api: ApiClient, signal?: AbortSignal): Promise<MapData> {
  const [districts, streets, types, summary] = await Promise.all([
    api.getAllFeatures<MultiPolygon, AdminUnitProperties>('districts', { limit: PAGE_LIMIT }, signal),
    api.getAllFeatures<MultiPolygon, AdminUnitProperties>('streets', { limit: PAGE_LIMIT }, signal),
    api.getAllFeatures<null, FacilityTypeProperties>('facility-types', {}, signal),
    api.getJson('summary', signal),
  ]);
  const city = citySummaryOf(summary);
  return {
    districts,
    streets,
    facilityTypes: types.features.map((feature) => feature.properties),
    communityCount: city.communities,
    summary: city,
  };
}

/** Every community with its shape: the search index and the population summary. */
export function loadCommunities(api: ApiClient, signal?: AbortSignal): Promise<CommunityCollection> {
  return api.getAllFeatures<MultiPolygon, CommunityProperties>('communities', { limit: PAGE_LIMIT }, signal);
}
