import type { MultiPolygon, Polygon } from 'geojson';
import type { Db } from '../db/connect.ts';
import { runQuery } from '../db/sql-files.ts';
import {
  createCoverageEngine,
  type CoverageBuilding,
  type CoverageCommunity,
  type CoverageEngine,
  type CoverageFacility,
} from '../domain/coverage/index.ts';
import { readDataVersion } from '../db/repositories/data-version.ts';
import { listFacilityTypes } from '../db/repositories/facility-types.ts';

export interface FacilityTypeInfo {
  code: string;
  name_zh: string;
  name_en: string;
  level: string;
  reach_m: number;
}

/** Everything coverage needs, read from the database at one data version. */
export interface CoverageSnapshot {
  version: string;
  communities: CoverageCommunity[];
  buildings: CoverageBuilding[];
  facilities: (CoverageFacility & { name: string })[];
  streets: Array<{ code: string; name: string; kind: string; district_code: string }>;
  districts: Array<{ code: string; name: string; kind: string }>;
  types: Map<string, FacilityTypeInfo>;
  engine: CoverageEngine;
  loadedMs: number;
  /** Set when the facilities are a scenario's (see scenario-snapshot.ts); part of every cache key. */
  scenario?: { id: number; version: number } | undefined;
}

export async function currentDataVersion(db: Db): Promise<string> {
  return (await readDataVersion(db.sql)) ?? '0';
}

/**
 * Reads the snapshot in one repeatable-read transaction, so its parts and its version agree even
 * while others write.
 */
export async function loadSnapshot(db: Db): Promise<CoverageSnapshot> {
  const started = Date.now();
  const parts = await db.sql.begin('ISOLATION LEVEL REPEATABLE READ READ ONLY', async (tx) => {
    const version = (await readDataVersion(tx)) ?? '0';
    const communities = await runQuery<CoverageCommunity & { geometry: Polygon | MultiPolygon }>(tx, 'snapshot_communities');
    const buildings = await runQuery<CoverageBuilding>(tx, 'snapshot_buildings');
    const facilities = await runQuery<CoverageFacility & { name: string }>(tx, 'snapshot_facilities');
    const units = await runQuery<{ level: string; code: string; name: string; kind: string; parent_code: string | null }>(tx, 'snapshot_units');
    const types: FacilityTypeInfo[] = await listFacilityTypes(tx);
    return { version, communities, buildings, facilities, units, types };
  });
  const engine = createCoverageEngine({ communities: parts.communities, buildings: parts.buildings, facilities: parts.facilities });
  return {
    version: parts.version,
    communities: parts.communities,
    buildings: parts.buildings,
    facilities: parts.facilities,
    streets: parts.units.filter((u) => u.level === 'street').map((u) => ({ code: u.code, name: u.name, kind: u.kind, district_code: u.parent_code! })),
    districts: parts.units.filter((u) => u.level === 'district').map((u) => ({ code: u.code, name: u.name, kind: u.kind })),
    types: new Map(parts.types.map((t) => [t.code, t])),
    engine,
    loadedMs: Date.now() - started,
  };
}
