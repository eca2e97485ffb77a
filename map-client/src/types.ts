// Property shapes of the API's feature collections (OGC API – Features, see api/).
import type { Feature, FeatureCollection, MultiPolygon, Point } from 'geojson';
import type { Community } from '../../api/src/schema/community.ts';
import type { Facility } from '../../api/src/schema/facility.ts';

export type FacilityStatus = Facility['status'];
export type FacilityLevel = 'district' | 'street' | 'community';

export type CommunityProperties = Omit<Community, 'properties'>;

/** A facility's columns as the API sends them: the server's entity schema (type only, nothing bundled). */
export type FacilityProperties = Omit<Facility, 'properties'>;

export interface FacilityTypeProperties {
  code: string;
  name_zh: string;
  name_en: string;
  level: FacilityLevel;
  reach_m: number;
  standard: string;
}

export interface AdminUnitProperties {
  code: string;
  name: string;
  kind: string;
  district_code?: string;
}

export type CommunityCollection = FeatureCollection<MultiPolygon, CommunityProperties>;
export type FacilityCollection = FeatureCollection<Point, FacilityProperties>;
export type AdminUnitCollection = FeatureCollection<MultiPolygon, AdminUnitProperties>;
/** Facility types come as features with `geometry: null`. */
export type FacilityTypeFeature = Feature<null, FacilityTypeProperties>;

/** The answer of `GET /api/summary`: the city in a few numbers. */
export interface CitySummary {
  communities: number;
  facilities: number;
  population: number;
  /** Every catalogue type, 0 when it has none. */
  facilities_by_type: Record<string, number>;
}

/** What the map loads before it shows (the rest comes as vector tiles). */
export interface MapData {
  districts: AdminUnitCollection;
  streets: AdminUnitCollection;
  facilityTypes: FacilityTypeProperties[];
  /** Number of communities (0: nothing imported yet). */
  communityCount: number;
  /** Counts for the summary line and the type picker (`GET /api/summary`). */
  summary: CitySummary;
}
