/**
 * `lifecircle seed --area wudaokou`: replaces the city with the Wudaokou area built from the real
 * OpenStreetMap extract in seeds/wudaokou (© OpenStreetMap contributors, ODbL 1.0).
 */
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/connect.ts';
import { replaceCity, type LoadCounts } from '../db/load-city.ts';
import { buildWudaokou, type WudaokouCity } from '../../../seeds/wudaokou/area.ts';
import type { ConnectivityReport } from '../domain/network/connectivity.ts';
import { setAttribution } from './network-import.ts';
import { rebuildNetworkTables } from './network-store.ts';
import { readOsmFile } from './osm-file.ts';
import { loadCatalogue, markInitialised } from './seed.ts';

export const SEED_AREAS = ['demo', 'wudaokou'] as const;
export type SeedArea = (typeof SEED_AREAS)[number];

const WUDAOKOU_OSM = fileURLToPath(new URL('../../../seeds/wudaokou/map.osm.gz', import.meta.url));

export interface AreaSeedResult extends LoadCounts {
  area: 'wudaokou';
  facility_types: number;
  attribution: string;
  estimates: WudaokouCity['notes'];
  connectivity: ConnectivityReport;
  seconds: number;
}

/** Reads and builds the Wudaokou area (no database); `walls: false` leaves campus walls out (for comparison). */
export async function wudaokouCity(options: { walls?: boolean } = {}): Promise<WudaokouCity> {
  return buildWudaokou(await readOsmFile(WUDAOKOU_OSM, 'xml'), options);
}

/** Replaces the city with the Wudaokou area, in one transaction. */
export async function seedWudaokou(db: Db, options: { onProgress?: (message: string) => void } = {}): Promise<AreaSeedResult> {
  const started = Date.now();
  const progress = options.onProgress ?? (() => {});
  progress('reading the Wudaokou OpenStreetMap extract (© OpenStreetMap contributors, ODbL)');
  const city = await wudaokouCity();
  progress('loading the Wudaokou area');
  const result = await db.sql.begin(async (tx) => {
    const facility_types = await loadCatalogue(tx);
    const counts = await replaceCity(tx, city, { onProgress: progress });
    const build = await rebuildNetworkTables(tx, { onProgress: progress });
    await setAttribution(tx, city.attribution);
    await markInitialised(tx, 'area-seed:wudaokou');
    return { facility_types, ...counts, connectivity: build.report };
  });
  return { area: 'wudaokou', ...result, attribution: city.attribution, estimates: city.notes, seconds: (Date.now() - started) / 1000 };
}
