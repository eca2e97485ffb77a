import { difference } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { geodesicAreaSquareMeters } from '../geo/geodesic-area.ts';
import { geodesicDistanceMetersLonLat } from '../geo/geodesic-distance.ts';
import { walkingIsochrones } from './isochrone.ts';
import type { WalkingNetwork } from './walking-network.ts';

/**
 * The part of a community outside every facility's walking isochrone (see `walkingIsochrones`):
 * the walking counterpart of `uncoveredArea`. Only facilities whose straight-line distance to the
 * community's bounding box is within their reach can reach it, so only those are walked. Its area
 * is geodesic (WGS 84). For display and gap hints; coverage figures come from the engine.
 *
 * @param {WalkingNetwork} walking the network from `prepareWalkingNetwork`
 * @param {Feature<Polygon|MultiPolygon>} community the community's area
 * @param {Array<[number, number, number]>} facilities [lon, lat, reachMeters] of the counted facilities
 * @param {Object} [options={}] Optional parameters
 * @param {number} [options.widthM=50] isochrone band half-width, metres
 * @param {number} [options.maxSnapM=500] maximum snap distance, metres
 * @returns {Feature<Polygon|MultiPolygon>|null} the uncovered area with `properties.area_m2`, or null when fully covered
 * @example
 * const gap = walkingUncoveredArea(walking, community, [[118.051, 36.801, 300]]);
 */
export function walkingUncoveredArea(
  walking: WalkingNetwork,
  community: Feature<Polygon | MultiPolygon>,
  facilities: ReadonlyArray<readonly [number, number, number]>,
  options: { widthM?: number; maxSnapM?: number } = {},
): Feature<Polygon | MultiPolygon, { area_m2: number }> | null {
  // Input validation
  const g = community?.geometry;
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) throw new Error('walkingUncoveredArea: community must be a Feature of a Polygon or MultiPolygon');
  if (!Array.isArray(facilities)) throw new Error('walkingUncoveredArea: facilities must be an array of [lon, lat, reachMeters]');

  const rings = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).flatMap((p) => p[0] ?? []) as Position[];
  const lons = rings.map((p) => p[0] as number);
  const lats = rings.map((p) => p[1] as number);
  const [w, e, s, n] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const areas: Array<Feature<Polygon | MultiPolygon>> = [];
  for (const [lon, lat, reachM] of facilities) {
    const nearest = geodesicDistanceMetersLonLat(lon, lat, Math.min(e, Math.max(w, lon)), Math.min(n, Math.max(s, lat)));
    if (nearest > reachM) continue;
    const [iso] = walkingIsochrones(walking, { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [lon, lat] } }] }, reachM, options).features;
    if (iso?.geometry) areas.push({ type: 'Feature', properties: {}, geometry: iso.geometry });
  }
  const shape: Feature<Polygon | MultiPolygon> = { type: 'Feature', properties: {}, geometry: g };
  const rest = areas.length === 0 ? shape : difference({ type: 'FeatureCollection', features: [shape, ...areas] });
  if (!rest) return null;
  const geometry = rest.geometry as Polygon | MultiPolygon;
  return { type: 'Feature', properties: { area_m2: geodesicAreaSquareMeters(geometry) }, geometry };
}
