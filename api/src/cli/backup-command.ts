import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { loadDatabase } from '../db/backup.ts';
import { readBackupFile, writeBackupFile } from '../db/backup-file.ts';
import { openDatabase, type Db } from '../db/connect.ts';
import { migrate } from '../db/migrate.ts';
import { getAppState } from '../db/repositories/app-state.ts';
import { loadConfig } from '../config.ts';
import { createLogger } from '../log.ts';
import { openMigrated } from '../server.ts';
import { InputError } from '../services/errors.ts';
import { assertReadable, print } from './database.ts';

async function isInitialised(db: Db): Promise<boolean> {
  return (await getAppState(db.sql, 'initialised')) !== undefined;
}

/** `backup`, `restore` and `export`: whole-database copies (see the README, "Your data"). */
export function addBackupCommands(program: Command): void {
  program
    .command('backup <file>')
    .description('write a consistent copy of the whole database to <file> (gzip\'d JSON lines); safe while the server runs')
    .action(async (file: string) => {
      const config = loadConfig();
      const log = createLogger(config.logLevel);
      const db = await openMigrated(config, log);
      try {
        const trailer = await writeBackupFile(db, file, { onProgress: (m) => log.info(m) });
        const rows = Object.values(trailer.tables).reduce((n, t) => n + t.rows, 0);
        print({ file: path.resolve(file), tables: Object.fromEntries(Object.entries(trailer.tables).map(([k, v]) => [k, v.rows])), rows });
      } finally {
        await db.close();
      }
    });

  program
    .command('restore <file>')
    .description('replace the whole database with a backup (all or nothing); the embedded database must not be in use by a server')
    .action(async (file: string) => {
      await assertReadable(file);
      const config = loadConfig();
      const log = createLogger(config.logLevel);
      // Exclusive: a running server keeps the city in memory and would go on serving what was replaced.
      const db = await openMigrated(config, log, { exclusive: true });
      try {
        print(await loadDatabase(db, readBackupFile(file), { onProgress: (m) => log.info(m) }));
      } finally {
        await db.close();
      }
    });

  program
    .command('export')
    .description('copy the whole database (city, accounts, keys, scenarios, plan profiles, audit log) to a PostgreSQL + PostGIS server')
    .addOption(new Option('--to <url>', 'postgres://user@host:port/database (PostGIS available; the schema is created)').makeOptionMandatory())
    .option('--replace', 'replace a target that already holds a lifecircle city')
    .action(async (opts: { to: string; replace?: boolean }) => {
      if (!/^postgres(ql)?:\/\//.test(opts.to)) throw new InputError('--to', `must be a postgres:// URL, got ${JSON.stringify(opts.to)}`);
      const config = loadConfig();
      const log = createLogger(config.logLevel);
      const tmp = await mkdtemp(path.join(os.tmpdir(), 'lifecircle-export-'));
      const file = path.join(tmp, 'export.lcbackup.gz');
      try {
        const source = await openMigrated(config, log);
        try {
          await writeBackupFile(source, file, { onProgress: (m) => log.info(m) });
        } finally {
          await source.close();
        }
        const target = await openDatabase({ databaseUrl: opts.to, maxConnections: 2 });
        try {
          await migrate(target, { onProgress: (m) => log.info(`target: ${m}`) });
          if (!opts.replace && (await isInitialised(target))) {
            throw new InputError('--to', 'the target already holds a lifecircle database: add --replace to overwrite it');
          }
          const report = await loadDatabase(target, readBackupFile(file), { onProgress: (m) => log.info(`target: ${m}`) });
          const url = new URL(opts.to);
          url.password = '';
          print({ to: url.toString(), ...report });
        } finally {
          await target.close();
        }
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
    });
}
