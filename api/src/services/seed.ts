import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Db } from '../db/connect.ts';
import { replaceCity, type CityData, type LoadCounts } from '../db/load-city.ts';
import { bulkInsert, type Querier } from '../db/sql-files.ts';
import { generateCity } from '../../../seeds/demo-city/generate.ts';
import { rebuildNetworkTables } from './network-store.ts';
import { setAttribution } from './network-import.ts';

const CATALOGUE_FILE = fileURLToPath(new URL('../../../seeds/facility-types.json', import.meta.url));

export const facilityTypeSchema = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'lower-case letters, digits and _, starting with a letter'),
  name_zh: z.string().trim().min(1),
  name_en: z.string().trim().min(1),
  level: z.enum(['district', 'street', 'community']),
  reach_m: z.number().positive().max(100_000),
  standard: z.string().trim().min(1),
});
export type FacilityType = z.infer<typeof facilityTypeSchema>;

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

/** Replaces the city with the deterministic demo city, in one transaction. */
export async function seedDemoCity(
  db: Db,
  options: { city?: CityData; onProgress?: (message: string) => void } = {},
): Promise<SeedResult> {
  const started = Date.now();
  const progress = options.onProgress ?? (() => {});
  progress('generating the demo city');
  const city = options.city ?? (generateCity() as CityData);
  progress('loading the demo city');
  const result = await db.sql.begin(async (tx) => {
    const facility_types = await loadCatalogue(tx);
    const counts = await replaceCity(tx, city, { onProgress: progress });
    await rebuildNetworkTables(tx, { onProgress: progress });
    await setAttribution(tx, null);
    await markInitialised(tx, 'demo-seed');
    return { facility_types, ...counts };
  });
  return { ...result, seconds: (Date.now() - started) / 1000 };
}

export async function markInitialised(q: Querier, how: string): Promise<void> {
  const value = JSON.stringify({ how, at: new Date().toISOString() });
  await q`INSERT INTO app_state (key, value) VALUES ('initialised', ${value}::jsonb)
          ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`;
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
  const [state] = await db.sql`SELECT 1 FROM app_state WHERE key = 'initialised'`;
  if (state) return 'already';
  const [{ n } = { n: 0 }] = await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM community`;
  if (options.seedOnEmpty && n === 0) {
    await seedDemoCity(db, options.onProgress ? { onProgress: options.onProgress } : {});
    return 'seeded';
  }
  await db.sql.begin(async (tx) => {
    await loadCatalogue(tx);
    await markInitialised(tx, n === 0 ? 'catalogue' : 'existing-data');
  });
  return 'catalogue-only';
}
