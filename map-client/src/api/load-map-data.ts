// Loads what the map needs besides its vector tiles: district and street shapes (small: labels,
// search, zoom-to), the facility-type catalogue and the number of communities. The community
// list (search, summary) and facility counts come after, without holding up the map.
import type { ApiClient } from './client.ts';
import type {
  AdminUnitProperties,
  CommunityCollection,
  CommunityProperties,
  FacilityTypeProperties,
  MapData,
} from '../types.ts';
import type { MultiPolygon } from 'geojson';

/** Page size asked for; the client still follows `next` links if the server caps it lower. */
export const PAGE_LIMIT = '10000';

function numberMatched(page: unknown): number {
  const value = (page as { numberMatched?: unknown } | null)?.numberMatched;
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/**
 * Fetches districts, streets, the facility-type catalogue and the community count.
 *
 * @example
 * const data = await loadMapData(createApiClient({ baseUrl }));
 */
export async function loadMapData(api: ApiClient, signal?: AbortSignal): Promise<MapData> {
  const [districts, streets, types, communityPage] = await Promise.all([
    api.getAllFeatures<MultiPolygon, AdminUnitProperties>('districts', { limit: PAGE_LIMIT }, signal),
    api.getAllFeatures<MultiPolygon, AdminUnitProperties>('streets', { limit: PAGE_LIMIT }, signal),
    api.getAllFeatures<null, FacilityTypeProperties>('facility-types', {}, signal),
    api.getJson('collections/communities/items?limit=1', signal),
  ]);
  return {
    districts,
    streets,
    facilityTypes: types.features.map((feature) => feature.properties),
    communityCount: numberMatched(communityPage),
  };
}

/** Every community with its shape: the search index and the population summary. */
export function loadCommunities(api: ApiClient, signal?: AbortSignal): Promise<CommunityCollection> {
  return api.getAllFeatures<MultiPolygon, CommunityProperties>('communities', { limit: PAGE_LIMIT }, signal);
}

/**
 * Facilities per type counted in the facility list the page loads anyway (for search): one paged
 * read instead of one request per type (#16: 45 requests held the browser's six connections at open).
 * Every type of the catalogue is present (0 when it has none).
 */
export function facilityCountsOf(facilities: { features: ReadonlyArray<{ properties: { type?: unknown } | null }> }, types: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(types.map((type) => [type, 0]));
  for (const feature of facilities.features) {
    const type = feature.properties?.type;
    if (typeof type === 'string' && type in counts) counts[type] = (counts[type] as number) + 1;
  }
  return counts;
}

/** Facilities per type (the server's `numberMatched` of a one-item page per type). */
export async function loadFacilityCounts(api: ApiClient, types: readonly string[], signal?: AbortSignal): Promise<Record<string, number>> {
  const pages = await Promise.all(
    types.map((type) => api.getJson(`collections/facilities/items?limit=1&type=${encodeURIComponent(type)}`, signal)),
  );
  return Object.fromEntries(types.map((type, i) => [type, numberMatched(pages[i])]));
}
