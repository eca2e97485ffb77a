/**
 * `lifecircle seed --area wudaokou`: replaces the city with the Wudaokou area built from the real
 * OpenStreetMap extract in this folder (© OpenStreetMap contributors, ODbL 1.0).
 */
import { fileURLToPath } from 'node:url';
import type { Db } from '../../api/src/db/connect.ts';
import type { LoadCounts } from '../../api/src/db/load-city.ts';
import type { ConnectivityReport } from '../../api/src/domain/network/connectivity.ts';
import { readOsmFile } from '../../api/src/services/osm-file.ts';
import { loadCity } from '../../api/src/services/seed.ts';
import { buildWudaokou, type WudaokouCity } from './area.ts';
import { wudaokouBasemap } from './basemap.ts';

export const SEED_AREAS = ['demo', 'wudaokou'] as const;
export type SeedArea = (typeof SEED_AREAS)[number];

const WUDAOKOU_OSM = fileURLToPath(new URL('./map.osm.gz', import.meta.url));

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
  const osm = await readOsmFile(WUDAOKOU_OSM, 'xml');
  return { ...buildWudaokou(osm, options), basemap: wudaokouBasemap(osm) };
}

/** Replaces the city with the Wudaokou area, in one transaction. */
export async function seedWudaokou(db: Db, options: { onProgress?: (message: string) => void } = {}): Promise<AreaSeedResult> {
  const started = Date.now();
  const progress = options.onProgress ?? (() => {});
  progress('reading the Wudaokou OpenStreetMap extract (© OpenStreetMap contributors, ODbL)');
  const city = await wudaokouCity();
  progress('loading the Wudaokou area');
  const result = await loadCity(db, city, { how: 'area-seed:wudaokou', attribution: city.attribution, onProgress: progress });
  return { area: 'wudaokou', ...result, attribution: city.attribution, estimates: city.notes, seconds: (Date.now() - started) / 1000 };
}
