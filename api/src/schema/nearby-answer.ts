import type { LineString } from 'geojson';

/**
 * The answer of `GET /api/nearby`, one declaration for the service that builds it
 * (api/src/services/nearby.ts) and the map client that reads it (map-client/src/api/endpoints.ts).
 * Types only, no imports but GeoJSON's, so the client can read it.
 */

export interface NearbyFacility {
  code: string;
  name: string;
  /** Geodesic metres on WGS 84. */
  distance_m: number;
  /** Walking metres by the walking coverage engine's rule; null when the point or the facility is off the network. */
  walk_m: number | null;
  /** The walk as a GeoJSON LineString (point → street → … → facility); null with walk_m. */
  route: LineString | null;
}

export interface NearbyType {
  type: string;
  reach_m: number;
  /** The nearest open facility of the type is within reach_m in a straight line (the coverage rule). */
  within_reach: boolean;
  nearest: NearbyFacility[];
}

export interface NearbyAnswer {
  lon: number;
  lat: number;
  as_of: string;
  types: NearbyType[];
}
