import type { ColumnType, Generated } from 'kysely';
import type { z } from 'zod';
import type { building } from '../schema/building.ts';
import type { community } from '../schema/community.ts';
import type { district } from '../schema/district.ts';
import type { facilityType } from '../schema/facility-type.ts';
import type { Facility, facility } from '../schema/facility.ts';
import type { street } from '../schema/street.ts';

/**
 * The typed kysely `Database`: every table and view the migrations create, with the types postgres.js
 * reads back (our connection options): `bigint` and `numeric` as strings, `date` as 'YYYY-MM-DD'
 * strings, `timestamptz` as Date, `jsonb` parsed. `tests/integration/schema-tables.test.ts` holds
 * `DATABASE_COLUMNS` below against information_schema of a migrated database, on both backends.
 */

/** Geometry columns travel as EWKB hex out of the database and as SQL expressions (ST_…) into it. */
type Geometry = ColumnType<string, never, never>;
/**
 * jsonb: parsed on read; written as the value itself. postgres.js learns the parameter's type from the
 * server and serialises it as JSON (a pre-stringified value would be stored as one JSON string).
 */
type Json<T = Record<string, unknown>> = ColumnType<T, T | undefined, T>;
type NullableJson<T = Record<string, unknown>> = ColumnType<T | null, T | null | undefined, T | null>;
/** A column the database fills (DEFAULT now(), a trigger) and callers never write. */
type Stamp = ColumnType<Date, never, never>;
/** `bigint` / `bigserial`, read as a string (postgres.js keeps 64-bit integers exact). */
type BigId = ColumnType<string, never, never>;
/** The row version the editing triggers keep (migration 0008; continued after deletes by 0014). */
type RowVersion = ColumnType<number, never, never>;

/**
 * The six city tables: their columns come from the entity schemas (api/src/schema), plus the geometry
 * and the row version; free `properties` are jsonb.
 */
type EntityColumns<R extends z.ZodObject> = Omit<z.infer<R>, 'properties'> & { properties: Json };

export interface DistrictTable extends EntityColumns<typeof district.record> {
  geom: Geometry | null;
  version: RowVersion;
}

export interface StreetTable extends EntityColumns<typeof street.record> {
  geom: Geometry | null;
  version: RowVersion;
}

export interface CommunityTable extends Omit<EntityColumns<typeof community.record>, 'elderly'> {
  elderly: Generated<number>;
  geom: Geometry;
  version: RowVersion;
}

export interface BuildingTable extends EntityColumns<typeof building.record> {
  geom: Geometry;
  version: RowVersion;
}

export interface FacilityTypeTable extends EntityColumns<typeof facilityType.record> {
  version: RowVersion;
}

export interface FacilityTable extends Omit<EntityColumns<typeof facility.record>, 'status'> {
  status: Generated<Facility['status']>;
  geom: Geometry;
  version: RowVersion;
}

/** Views deriving a shape from the communities when none was imported (migration 0002). Read only. */
export interface StreetShapeView {
  code: string;
  name: string;
  kind: 'street' | 'township';
  district_code: string;
  properties: Record<string, unknown>;
  geom: Geometry | null;
  geom_derived: boolean;
}

export interface DistrictShapeView {
  code: string;
  name: string;
  kind: 'district' | 'county';
  properties: Record<string, unknown>;
  geom: Geometry | null;
  geom_derived: boolean;
}

export interface NetworkEdgeTable {
  id: Generated<string>;
  kind: string;
  name: string | null;
  walkable: Generated<boolean>;
  geom: Geometry;
  properties: Json;
}

/** Offline basemap features (#17, migration 0015): water, green space, footprints, place names. */
export interface BasemapFeatureTable {
  id: Generated<string>;
  layer: string;
  class: Generated<string>;
  name: string | null;
  name_en: string | null;
  geom: Geometry;
}

export interface NetworkNodeTable {
  id: number;
  component: number;
  degree: number;
  geom: Geometry;
}

export interface NetworkLinkTable {
  id: number;
  source: number;
  target: number;
  edge_id: string;
  length_m: number;
  component: number;
  geom: Geometry;
}

export interface NetworkBuildTable {
  id: Generated<boolean>;
  built_at: Generated<Date>;
  stale: Generated<boolean>;
  report: Json;
}

export interface DataVersionTable {
  id: Generated<boolean>;
  /** Bumped by a statement trigger on every write to the city tables (migration 0004). */
  version: BigId;
  changed_at: Stamp;
}

export interface AppStateTable {
  key: string;
  value: Json<unknown>;
  updated_at: Generated<Date>;
}

export interface PlanProfileTable {
  id: string;
  profile: Json;
  builtin: Generated<boolean>;
  modified: Generated<boolean>;
  revision: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PlanReportedValueTable {
  id: BigId;
  plan_id: string;
  target_id: string;
  measure: Generated<string>;
  /** The unit (street, district, community code) the figure is for; '' = the city (migration 0013). */
  unit_code: Generated<string>;
  value: number;
  as_of: ColumnType<string, string, string>;
  source: string;
  author: string;
  note: string | null;
  entered_at: Stamp;
}

export interface AuditLogTable {
  id: BigId;
  at: Stamp;
  actor: string;
  action: 'create' | 'replace' | 'patch' | 'delete' | 'import';
  collection: string;
  code: string;
  before: NullableJson<unknown>;
  after: NullableJson<unknown>;
  /** An import's Idempotency-Key (migration 0014). */
  idempotency_key: string | null;
}

export interface ScenarioTable {
  id: Generated<number>;
  name: string;
  description: Generated<string>;
  owner: string;
  published: Generated<boolean>;
  changes: Json<unknown[]>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface UsersTable {
  name: string;
  role: 'planner' | 'admin';
  password_hash: string | null;
  disabled: Generated<boolean>;
  token_epoch: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** Never reused (identity, migration 0014): tokens carry it. */
  id: BigId;
}

export interface ApiKeysTable {
  id: string;
  user_name: string;
  label: Generated<string>;
  secret_hash: string;
  created_at: Generated<Date>;
  revoked_at: Date | null;
}

export interface RowVersionTombstoneTable {
  tbl: string;
  code: string;
  version: number;
}

/** Shared rate-limit counters, one per (limiter:client, fixed window) (migration 0012). */
export interface RateLimitHitTable {
  key: string;
  window_start: ColumnType<Date, Date | string, Date | string>;
  hits: Generated<number>;
}

/** Progress of a running siting job of the server's queue (migration 0012). */
export interface SitingJobProgressTable {
  job_id: string;
  fraction: Generated<number>;
  phase: Generated<string>;
  worker: Generated<string>;
  updated_at: Generated<Date>;
}

export interface MigrationTable {
  id: string;
  checksum: string;
  applied_at: Stamp;
}

export interface Database {
  district: DistrictTable;
  street: StreetTable;
  community: CommunityTable;
  building: BuildingTable;
  facility_type: FacilityTypeTable;
  facility: FacilityTable;
  street_shape: StreetShapeView;
  district_shape: DistrictShapeView;
  network_edge: NetworkEdgeTable;
  basemap_feature: BasemapFeatureTable;
  network_node: NetworkNodeTable;
  network_link: NetworkLinkTable;
  network_build: NetworkBuildTable;
  data_version: DataVersionTable;
  app_state: AppStateTable;
  plan_profile: PlanProfileTable;
  plan_reported_value: PlanReportedValueTable;
  audit_log: AuditLogTable;
  scenario: ScenarioTable;
  users: UsersTable;
  api_keys: ApiKeysTable;
  row_version_tombstone: RowVersionTombstoneTable;
  rate_limit_hit: RateLimitHitTable;
  siting_job_progress: SitingJobProgressTable;
  lifecircle_migration: MigrationTable;
}

/** Every column of `T`, each once: a list the compiler rejects if it misses or invents one. */
type AllKeys<T, L extends readonly (keyof T)[]> = Exclude<keyof T, L[number]> extends never ? L : { missing: Exclude<keyof T, L[number]> };
function columns<T>() {
  return <const L extends readonly (keyof T & string)[]>(...list: L & AllKeys<T, L>): readonly string[] => list;
}

/** The columns of every relation of `Database`, for the test against the migrated database. */
export const DATABASE_COLUMNS: { readonly [R in keyof Database]: readonly string[] } = {
  district: columns<DistrictTable>()('code', 'name', 'kind', 'geom', 'properties', 'version'),
  street: columns<StreetTable>()('code', 'name', 'kind', 'district_code', 'geom', 'properties', 'version'),
  community: columns<CommunityTable>()('code', 'name', 'street_code', 'households', 'population', 'elderly', 'geom', 'properties', 'version'),
  building: columns<BuildingTable>()('code', 'community_code', 'households', 'geom', 'properties', 'version'),
  facility_type: columns<FacilityTypeTable>()('code', 'name_zh', 'name_en', 'level', 'reach_m', 'standard', 'properties', 'version'),
  facility: columns<FacilityTable>()(
    'code', 'name', 'type', 'status', 'opened_on', 'closed_on', 'floor_area_m2', 'site_area_m2', 'beds', 'gp_count', 'grade',
    'service_items', 'properties', 'geom', 'version',
  ),
  street_shape: columns<StreetShapeView>()('code', 'name', 'kind', 'district_code', 'properties', 'geom', 'geom_derived'),
  district_shape: columns<DistrictShapeView>()('code', 'name', 'kind', 'properties', 'geom', 'geom_derived'),
  network_edge: columns<NetworkEdgeTable>()('id', 'kind', 'name', 'walkable', 'geom', 'properties'),
  basemap_feature: columns<BasemapFeatureTable>()('id', 'layer', 'class', 'name', 'name_en', 'geom'),
  network_node: columns<NetworkNodeTable>()('id', 'component', 'degree', 'geom'),
  network_link: columns<NetworkLinkTable>()('id', 'source', 'target', 'edge_id', 'length_m', 'component', 'geom'),
  network_build: columns<NetworkBuildTable>()('id', 'built_at', 'stale', 'report'),
  data_version: columns<DataVersionTable>()('id', 'version', 'changed_at'),
  app_state: columns<AppStateTable>()('key', 'value', 'updated_at'),
  plan_profile: columns<PlanProfileTable>()('id', 'profile', 'builtin', 'modified', 'revision', 'created_at', 'updated_at'),
  plan_reported_value: columns<PlanReportedValueTable>()(
    'id', 'plan_id', 'target_id', 'measure', 'value', 'as_of', 'source', 'author', 'note', 'entered_at', 'unit_code',
  ),
  audit_log: columns<AuditLogTable>()('id', 'at', 'actor', 'action', 'collection', 'code', 'before', 'after', 'idempotency_key'),
  scenario: columns<ScenarioTable>()('id', 'name', 'description', 'owner', 'published', 'changes', 'version', 'created_at', 'updated_at'),
  users: columns<UsersTable>()('name', 'role', 'password_hash', 'disabled', 'token_epoch', 'created_at', 'updated_at', 'id'),
  api_keys: columns<ApiKeysTable>()('id', 'user_name', 'label', 'secret_hash', 'created_at', 'revoked_at'),
  row_version_tombstone: columns<RowVersionTombstoneTable>()('tbl', 'code', 'version'),
  rate_limit_hit: columns<RateLimitHitTable>()('key', 'window_start', 'hits'),
  siting_job_progress: columns<SitingJobProgressTable>()('job_id', 'fraction', 'phase', 'worker', 'updated_at'),
  lifecircle_migration: columns<MigrationTable>()('id', 'checksum', 'applied_at'),
};
