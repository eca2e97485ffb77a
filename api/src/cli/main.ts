import { Command, Option } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { createLogger, type Logger } from '../log.ts';
import { MigrationError, migrate } from '../db/migrate.ts';
import { openMigrated, startServer } from '../server.ts';
import { seedDemoCity } from '../../../seeds/demo-city/seed.ts';
import { openDatabase } from '../db/connect.ts';
import { CoverageService, LEVELS } from '../services/coverage.ts';
import { coverageCsv } from '../services/coverage-format.ts';
import { addAccessibilityCommand } from './accessibility-command.ts';
import { addPlanCommands } from './plans-command.ts';
import { addImportCommand } from './import-command.ts';
import { addNetworkCommands } from './network-command.ts';
import { SEED_AREAS, seedWudaokou, type SeedArea } from '../../../seeds/wudaokou/seed.ts';
import { DISTANCE_MODES, type DistanceMode } from '../services/walking.ts';
import { addSiteCommand } from './site-command.ts';
import { addUserCommands } from './user-command.ts';
import { addBackupCommands } from './backup-command.ts';
import { addGenerateCommand } from './generate-command.ts';
import { DataDirError } from '../db/data-dir-lock.ts';
import { BackupError } from '../db/backup.ts';
import { print } from './database.ts';
import { isIsoDate, todayIn } from '../domain/dates.ts';
import { InputError } from '../services/errors.ts';
import type { RollUpLevel } from '../domain/coverage/index.ts';

/** Exit codes: 0 success, 1 failure, 2 bad usage or configuration. */
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

function setup(): { config: Config; log: Logger } {
  const config = loadConfig();
  return { config, log: createLogger(config.logLevel) };
}


const program = new Command()
  .name('lifecircle')
  .description('Community facility coverage for city planning. Results go to stdout as JSON; logs to stderr.')
  .showHelpAfterError()
  .addHelpText(
    'after',
    '\nEnvironment: DATABASE_URL (postgres://… ; unset = embedded PGlite), LIFECIRCLE_DATA_DIR (default ./data/pglite),\nPORT (3000), HOST (127.0.0.1), LOG_LEVEL (info), LIFECIRCLE_SEED_ON_EMPTY (true). See .env.example.',
  );

program
  .command('serve')
  .description('run the API and the map (seeds the demo city on a never-initialised database)')
  .addOption(new Option('-p, --port <port>', 'port to listen on (overrides PORT)'))
  .action(async (opts: { port?: string }) => {
    if (opts.port !== undefined) process.env.PORT = opts.port;
    const { config, log } = setup();
    const running = await startServer(config, log);
    let signals = 0;
    const stop = (signal: string) => {
      signals += 1;
      if (signals > 1) process.exit(EXIT_FAILURE); // a second Ctrl-C means now
      log.info({ signal }, 'signal received');
      running.close().then(
        () => process.exit(0),
        (err: unknown) => {
          log.error({ err }, 'shutdown failed');
          process.exit(EXIT_FAILURE);
        },
      );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });

program
  .command('migrate')
  .description('apply pending database migrations; prints the ids applied')
  .action(async () => {
    const { config, log } = setup();
    const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, onProgress: (m) => log.info(m) });
    try {
      print({ applied: await migrate(db, { onProgress: (m) => log.info(m) }) });
    } finally {
      await db.close();
    }
  });

program
  .command('seed')
  .description('replace the city data with the deterministic demo city, or another demo area (the facility-type catalogue is upserted)')
  .addOption(new Option('-a, --area <area>', 'demo: the generated 示范市; wudaokou: Beijing Wudaokou from OpenStreetMap (© OpenStreetMap contributors, ODbL)').choices([...SEED_AREAS]).default('demo'))
  .action(async (opts: { area: SeedArea }) => {
    const { config, log } = setup();
    const db = await openMigrated(config, log);
    try {
      print(opts.area === 'wudaokou' ? await seedWudaokou(db, { onProgress: (m) => log.info(m) }) : await seedDemoCity(db, { onProgress: (m) => log.info(m) }));
    } finally {
      await db.close();
    }
  });

program
  .command('coverage')
  .description('coverage of a facility type (or several, OR-combined) per unit; JSON or CSV on stdout')
  .requiredOption('-t, --type <types>', 'facility type(s), comma-separated, e.g. health_center,health_station')
  .addOption(new Option('-l, --level <level>', 'unit level').choices([...LEVELS]).default('community'))
  .option('-r, --reach-m <metres>', 'reach override in metres (one, or one per type, comma-separated)')
  .option('-d, --as-of <date>', 'evaluation date YYYY-MM-DD (default: today, Asia/Shanghai)')
  .addOption(new Option('-f, --format <format>', 'output format').choices(['json', 'csv']).default('json'))
  .addOption(new Option('-m, --mode <mode>', 'straight: geodesic distance; walk: walking distance on the street network').choices([...DISTANCE_MODES]).default('straight'))
  .action(async (opts: { type: string; level: RollUpLevel; reachM?: string; asOf?: string; format: 'json' | 'csv'; mode: DistanceMode }) => {
    const asOf = opts.asOf ?? todayIn();
    if (!isIsoDate(asOf)) throw new InputError('--as-of', `must be a date YYYY-MM-DD, got ${JSON.stringify(asOf)}`);
    const reachMeters = opts.reachM?.split(',').map((r) => {
      const n = Number(r);
      if (!Number.isFinite(n) || n <= 0 || n > 100_000) throw new InputError('--reach-m', `must be metres > 0 and ≤ 100000, got ${JSON.stringify(opts.reachM)}`);
      return n;
    });
    const { config, log } = setup();
    const db = await openMigrated(config, log);
    try {
      const report = await new CoverageService(db).coverage({ types: opts.type.split(',').map((t) => t.trim()), reachMeters, level: opts.level, asOf, mode: opts.mode });
      if (opts.format === 'csv') process.stdout.write(coverageCsv(report));
      else print(report);
    } finally {
      await db.close();
    }
  });

addAccessibilityCommand(program);
addPlanCommands(program);
addImportCommand(program);
addNetworkCommands(program);
addSiteCommand(program);
addUserCommands(program);
addBackupCommands(program);
addGenerateCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof ConfigError || err instanceof InputError || err instanceof DataDirError || err instanceof BackupError) {
    process.stderr.write(`lifecircle: ${err.message}\n`);
    process.exit(EXIT_USAGE);
  }
  const message = err instanceof MigrationError || err instanceof Error ? err.message : String(err);
  process.stderr.write(`lifecircle: ${message}\n`);
  process.exit(EXIT_FAILURE);
}
