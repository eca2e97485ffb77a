import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Db } from '../db/connect.ts';
import { replaceCity, type CityData, type LoadCounts } from '../db/load-city.ts';
import { bulkInsert, type Querier } from '../db/sql-files.ts';
import type { ConnectivityReport } from '../domain/network/connectivity.ts';
import { facilityTypeSchema, type FacilityType } from '../schema/facility-type.ts';
import { rebuildNetworkTables } from './network-store.ts';
import { setAttribution } from './network-import.ts';
import { getAppState, setAppState } from '../db/repositories/app-state.ts';
import { countCommunities } from '../db/repositories/city.ts';

const CATALOGUE_FILE = fileURLToPath(new URL('../../../seeds/facility-types.json', import.meta.url));

/** The built-in facility-type catalogue from `seeds/facility-types.json`. */
export async function readCatalogue(): Promise<FacilityType[]> {
  const raw = JSON.parse(await readFile(CATALOGUE_FILE, 'utf8')) as { types: unknown };
  return z.array(facilityTypeSchema).parse(raw.types);
}

/** Upserts the built-in types; types users added stay. */
export async function loadCatalogue(q: Querier): Promise<number> {
  return bulkInsert(q, 'insert_facility_types', await readCatalogue());
}

export interface SeedResult extends LoadCounts {
  facility_types: number;
  seconds: number;
}

/**
 * Replaces the city with `city` in one transaction: catalogue, city tables, the noded network, the
 * data attribution and the initialised mark (`how`). The seeds (demo city, Wudaokou) call this.
 */
export async function loadCity(
  db: Db,
  city: CityData,
  options: { how: string; attribution: string | null; onProgress?: (message: string) => void },
): Promise<LoadCounts & { facility_types: number; connectivity: ConnectivityReport }> {
  const progress = options.onProgress ?? (() => {});
  return db.sql.begin(async (tx) => {
    const facility_types = await loadCatalogue(tx);
    const counts = await replaceCity(tx, city, { onProgress: progress });
    const build = await rebuildNetworkTables(tx, { onProgress: progress });
    await setAttribution(tx, options.attribution);
    await markInitialised(tx, options.how);
    return { facility_types, ...counts, connectivity: build.report };
  });
}

export async function markInitialised(q: Querier, how: string): Promise<void> {
  await setAppState(q, 'initialised', { how, at: new Date().toISOString() });
}

/** Whether the database was ever initialised, and whether it holds no community. */
export async function firstRunState(db: Db): Promise<{ initialised: boolean; empty: boolean }> {
  const state = await getAppState(db.sql, 'initialised');
  return { initialised: state !== undefined, empty: (await countCommunities(db.sql)) === 0 };
}

/** First run without the demo city: the catalogue and the initialised mark, in one transaction. */
export async function initialiseCatalogueOnly(db: Db, how: string): Promise<void> {
  await db.sql.begin(async (tx) => {
    await loadCatalogue(tx);
    await markInitialised(tx, how);
  });
}
