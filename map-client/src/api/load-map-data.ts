// Loads everything the map shows, in parallel, every page of every collection.
import type { ApiClient } from './client.ts';
import type {
  AdminUnitProperties,
  CommunityProperties,
  FacilityProperties,
  FacilityTypeProperties,
  MapData,
} from '../types.ts';
import type { MultiPolygon, Point } from 'geojson';

/** Page size asked for; the client still follows `next` links if the server caps it lower. */
export const PAGE_LIMIT = '10000';

/**
 * Fetches districts, streets, communities, facilities and the facility-type catalogue.
 *
 * @example
 * const data = await loadMapData(createApiClient({ baseUrl }));
 */
export async function loadMapData(api: ApiClient, signal?: AbortSignal): Promise<MapData> {
  // The large collections ask for one big page; the small ones take the server's default.
  const big = { limit: PAGE_LIMIT };
  const [districts, streets, communities, facilities, types] = await Promise.all([
    api.getAllFeatures<MultiPolygon, AdminUnitProperties>('districts', {}, signal),
    api.getAllFeatures<MultiPolygon, AdminUnitProperties>('streets', {}, signal),
    api.getAllFeatures<MultiPolygon, CommunityProperties>('communities', big, signal),
    api.getAllFeatures<Point, FacilityProperties>('facilities', big, signal),
    api.getAllFeatures<null, FacilityTypeProperties>('facility-types', {}, signal),
  ]);
  return {
    districts,
    streets,
    communities,
    facilities,
    facilityTypes: types.features.map((feature) => feature.properties),
  };
}
