import type { Feature, FeatureCollection, Geometry, LineString, MultiPolygon, Point, Polygon } from 'geojson';
import type { FacilityProperties } from '../schema/facility.ts';
import type { Querier } from './sql-files.ts';
import { bulkInsert, runQuery } from './sql-files.ts';

/** A whole city as plain data: the shape the demo generator produces and the seed loader writes. */
export interface CityData {
  districts: Array<{ code: string; name: string; kind: 'district' | 'county'; geom?: Geometry | null }>;
  streets: Array<{ code: string; name: string; kind: 'street' | 'township'; district_code: string; geom?: Geometry | null }>;
  communities: FeatureCollection<MultiPolygon | Polygon, { code: string; name: string; street_code: string; households: number; population: number; elderly: number }>;
  buildings: FeatureCollection<Point, { code: string; community_code: string | null; households: number }>;
  facilities: FeatureCollection<Point, FacilityProps>;
  network: FeatureCollection<LineString, { kind: string; name: string | null; walkable?: boolean }>;
  /** Lines people cannot walk along (railways): stored as non-walkable network edges. */
  barriers?: FeatureCollection<LineString, { kind: string; name: string | null }>;
  /** What the offline basemap draws besides streets and railways (water, green, footprints, places; #17). */
  basemap?: FeatureCollection<Geometry, BasemapProps>;
}

/** A basemap feature's attributes (table basemap_feature, migration 0015). */
export interface BasemapProps {
  layer: 'water' | 'waterway' | 'green' | 'campus' | 'building' | 'rail' | 'place';
  class: string;
  name: string | null;
  name_en?: string | null;
}

/** Facility columns, as the demo generator and importers produce them. */
export type FacilityProps = FacilityProperties;

export interface LoadCounts {
  districts: number;
  streets: number;
  communities: number;
  buildings: number;
  facilities: number;
  network_edges: number;
}

function lonLat(f: Feature<Point>): { lon: number; lat: number } {
  const [lon, lat] = f.geometry.coordinates;
  return { lon: lon!, lat: lat! };
}

/**
 * Replaces every city table with `city`. Run inside a transaction: the caller decides atomicity.
 */
export async function replaceCity(
  q: Querier,
  city: CityData,
  options: { onProgress?: (message: string) => void } = {},
): Promise<LoadCounts> {
  const progress = options.onProgress ?? (() => {});
  await runQuery(q, 'truncate_city');
  const counts: LoadCounts = {
    districts: await bulkInsert(q, 'insert_districts', city.districts.map((d) => ({ ...d, geom: d.geom ?? null }))),
    streets: await bulkInsert(q, 'insert_streets', city.streets.map((s) => ({ ...s, geom: s.geom ?? null }))),
    communities: await bulkInsert(
      q,
      'insert_communities',
      city.communities.features.map((f) => ({ ...f.properties, geom: f.geometry })),
    ),
    buildings: await bulkInsert(
      q,
      'insert_buildings',
      city.buildings.features.map((f) => ({ ...f.properties, ...lonLat(f) })),
      { onBatch: (done, total) => progress(`buildings ${done}/${total}`) },
    ),
    facilities: await bulkInsert(
      q,
      'insert_facilities',
      city.facilities.features.map((f) => ({ ...f.properties, ...lonLat(f) })),
    ),
    network_edges: await bulkInsert(
      q,
      'insert_network_edges',
      [
        ...city.network.features.map((f) => ({ kind: f.properties.kind, name: f.properties.name, walkable: f.properties.walkable ?? true, geom: f.geometry })),
        ...(city.barriers?.features ?? []).map((f) => ({ kind: f.properties.kind, name: f.properties.name, walkable: false, geom: f.geometry })),
      ],
    ),
  };
  if (city.basemap && city.basemap.features.length > 0) {
    await bulkInsert(q, 'insert_basemap_features', city.basemap.features.map((f) => ({
      layer: f.properties.layer, class: f.properties.class, name: f.properties.name, name_en: f.properties.name_en ?? null, geom: f.geometry,
    })));
  }
  return counts;
}
