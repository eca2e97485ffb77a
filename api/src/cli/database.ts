import { access } from 'node:fs/promises';
import type { Db } from '../db/connect.ts';
import { loadConfig } from '../config.ts';
import { createLogger, type Logger } from '../log.ts';
import { openMigrated } from '../server.ts';
import { InputError } from '../services/errors.ts';
import { ensureInitialised } from '../../../seeds/demo-city/seed.ts';

/**
 * Opens the configured database (migrated), runs `fn`, closes it. With `initialise`, a database
 * never used before first gets the facility-type catalogue (not the demo city).
 */
export async function withDatabase<T>(fn: (db: Db, log: Logger) => Promise<T>, options: { initialise?: boolean } = {}): Promise<T> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const db = await openMigrated(config, log);
  try {
    if (options.initialise) await ensureInitialised(db, { seedOnEmpty: false, onProgress: (m) => log.info(m) });
    return await fn(db, log);
  } finally {
    await db.close();
  }
}

/** Refuses (exit 2, naming the file) a path that cannot be read, before any database work. */
export async function assertReadable(file: string): Promise<void> {
  try {
    await access(file);
  } catch {
    throw new InputError('file', `cannot read ${JSON.stringify(file)}`);
  }
}

export function print(result: unknown): void {
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
