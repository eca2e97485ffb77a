/**
 * `lifecircle seed` and the first-run seed: the deterministic demo city (generate.ts) loaded into the
 * database by the seed service. Seeds sit beside the CLI: they call services, never the reverse.
 */
import type { Db } from '../../api/src/db/connect.ts';
import type { CityData } from '../../api/src/db/load-city.ts';
import { firstRunState, initialiseCatalogueOnly, loadCity, type SeedResult } from '../../api/src/services/seed.ts';
import { demoBasemap } from './basemap.ts';
import { generateCity } from './generate.ts';

/** Replaces the city with the deterministic demo city, in one transaction. */
export async function seedDemoCity(
  db: Db,
  options: { city?: CityData; onProgress?: (message: string) => void } = {},
): Promise<SeedResult> {
  const started = Date.now();
  const progress = options.onProgress ?? (() => {});
  progress('generating the demo city');
  const city = options.city ?? withBasemap(generateCity());
  progress('loading the demo city');
  const { connectivity: _, ...result } = await loadCity(db, city, { how: 'demo-seed', attribution: null, onProgress: progress });
  return { ...result, seconds: (Date.now() - started) / 1000 };
}

function withBasemap(city: ReturnType<typeof generateCity>): CityData {
  return { ...(city as CityData), basemap: demoBasemap(city) };
}

/**
 * On start-up: a database that was never initialised gets the catalogue and (if `seedOnEmpty`) the demo city.
 * A database that was initialised once is never re-seeded, even if a user emptied it.
 * @returns what was done, for the log.
 */
export async function ensureInitialised(
  db: Db,
  options: { seedOnEmpty: boolean; onProgress?: (message: string) => void },
): Promise<'already' | 'seeded' | 'catalogue-only'> {
  const state = await firstRunState(db);
  if (state.initialised) return 'already';
  if (options.seedOnEmpty && state.empty) {
    await seedDemoCity(db, options.onProgress ? { onProgress: options.onProgress } : {});
    return 'seeded';
  }
  await initialiseCatalogueOnly(db, state.empty ? 'catalogue' : 'existing-data');
  return 'catalogue-only';
}
