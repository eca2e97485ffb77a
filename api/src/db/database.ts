import type { ColumnType, Generated, Selectable } from 'kysely';

/** Geometry columns travel as EWKB hex out of the database and as SQL expressions into it. */
type Geometry = ColumnType<string, never, never>;
type Json = ColumnType<Record<string, unknown>, string | undefined, string>;
/** postgres.js returns `date` as a JS Date. */
type DateColumn = ColumnType<Date | null, string | null | undefined, string | null>;

export interface DistrictTable {
  code: string;
  name: string;
  kind: 'district' | 'county';
  geom: Geometry | null;
  properties: Json;
}

export interface StreetTable {
  code: string;
  name: string;
  kind: 'street' | 'township';
  district_code: string;
  geom: Geometry | null;
  properties: Json;
}

export interface CommunityTable {
  code: string;
  name: string;
  street_code: string;
  households: number;
  population: number;
  elderly: number;
  geom: Geometry;
  properties: Json;
}

export interface BuildingTable {
  code: string;
  community_code: string | null;
  households: number;
  geom: Geometry;
  properties: Json;
}

export interface FacilityTypeTable {
  code: string;
  name_zh: string;
  name_en: string;
  level: 'district' | 'street' | 'community';
  reach_m: number;
  standard: string;
  properties: Json;
}

export interface FacilityTable {
  code: string;
  name: string;
  type: string;
  status: 'open' | 'planned' | 'closed';
  opened_on: DateColumn;
  closed_on: DateColumn;
  floor_area_m2: number | null;
  site_area_m2: number | null;
  beds: number | null;
  gp_count: number | null;
  grade: string | null;
  service_items: number | null;
  properties: Json;
  geom: Geometry;
}

export interface NetworkEdgeTable {
  id: Generated<string>;
  kind: string;
  name: string | null;
  walkable: boolean;
  geom: Geometry;
  properties: Json;
}

export interface DataVersionTable {
  id: boolean;
  version: ColumnType<string, never, never>;
  changed_at: ColumnType<Date, never, never>;
}

export interface MigrationTable {
  id: string;
  checksum: string;
  applied_at: ColumnType<Date, never, never>;
}

export interface Database {
  district: DistrictTable;
  street: StreetTable;
  community: CommunityTable;
  building: BuildingTable;
  facility_type: FacilityTypeTable;
  facility: FacilityTable;
  network_edge: NetworkEdgeTable;
  data_version: DataVersionTable;
  lifecircle_migration: MigrationTable;
  street_shape: StreetTable & { geom_derived: boolean };
  district_shape: DistrictTable & { geom_derived: boolean };
}

export type FacilityTypeRow = Selectable<FacilityTypeTable>;
