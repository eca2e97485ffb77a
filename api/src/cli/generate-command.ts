import path from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../services/errors.ts';
import { PROVINCE_CITIES, writeProvince, type ProvinceOptions } from '../../../seeds/demo-city/province.ts';
import { importProvince } from '../../../seeds/demo-city/province-import.ts';
import { print, withDatabase } from './database.ts';

interface GenerateOptions {
  out: string;
  cities?: string;
  buildingsPerCommunity: string;
  facilitiesPerCommunity: string;
  seed: string;
  import?: boolean;
}

function positive(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max) throw new InputError(flag, `must be a number ${min}–${max}, got ${JSON.stringify(text)}`);
  return value;
}

/**
 * `lifecircle generate --out DIR [--cities 6000,4000,…] [--import]`: writes a province of demo cities
 * (seeds/demo-city/province.ts) as import files, city by city with bounded memory; with `--import`, loads
 * them into the configured database through the import service. Prints the counts (and import steps) as JSON.
 */
export function addGenerateCommand(program: Command): void {
  program
    .command('generate')
    .description('write a province of demo cities (default 30 000 communities, ~1.2 M buildings, ~360 000 facilities) as import files; --import loads them')
    .requiredOption('-o, --out <dir>', 'directory for units.csv, communities/buildings/facilities/network .geojson')
    .option('--cities <sizes>', `communities per city, comma-separated (default ${PROVINCE_CITIES.join(',')})`)
    .option('--buildings-per-community <n>', 'mean buildings per community', '40')
    .option('--facilities-per-community <n>', 'mean facilities per community, all types', '12')
    .option('--seed <n>', 'base seed (city k uses seed + k)', '20260101')
    .option('--import', 'then import the files into the database (DATABASE_URL or the embedded one); existing codes are updated')
    .action(async (opts: GenerateOptions) => {
      const cities = opts.cities === undefined
        ? undefined
        : opts.cities.split(',').map((s) => positive('--cities', s.trim(), 30, 8000));
      if (cities?.some((n) => !Number.isInteger(n))) throw new InputError('--cities', 'city sizes are whole numbers of communities');
      const options: ProvinceOptions = {
        buildingsPerCommunity: positive('--buildings-per-community', opts.buildingsPerCommunity, 1, 500),
        facilitiesPerCommunity: positive('--facilities-per-community', opts.facilitiesPerCommunity, 6, 1000),
        seed: positive('--seed', opts.seed, 0, 2 ** 31),
        ...(cities ? { cities } : {}),
      };
      const dir = path.resolve(opts.out);
      const summary = await writeProvince(dir, options, (m) => process.stderr.write(`${m}\n`));
      if (!opts.import) {
        print(summary);
        return;
      }
      await withDatabase(async (db, log) => {
        const steps = await importProvince(db, summary.files, { actor: 'cli:generate', onProgress: (m) => log.info(m) });
        print({ ...summary, imported: steps });
      }, { initialise: true });
    });
}
