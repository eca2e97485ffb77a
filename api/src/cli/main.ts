import { Command, Option } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { createLogger, type Logger } from '../log.ts';
import { MigrationError, migrate } from '../db/migrate.ts';
import { openMigrated, startServer } from '../server.ts';
import { seedDemoCity } from '../services/seed.ts';
import { openDatabase } from '../db/connect.ts';

/** Exit codes: 0 success, 1 failure, 2 bad usage or configuration. */
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

function setup(): { config: Config; log: Logger } {
  const config = loadConfig();
  return { config, log: createLogger(config.logLevel) };
}

function print(result: unknown): void {
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
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
  .description('replace the city data with the deterministic demo city (the facility-type catalogue is upserted)')
  .action(async () => {
    const { config, log } = setup();
    const db = await openMigrated(config, log);
    try {
      print(await seedDemoCity(db, { onProgress: (m) => log.info(m) }));
    } finally {
      await db.close();
    }
  });

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`lifecircle: ${err.message}\n`);
    process.exit(EXIT_USAGE);
  }
  const message = err instanceof MigrationError || err instanceof Error ? err.message : String(err);
  process.stderr.write(`lifecircle: ${message}\n`);
  process.exit(EXIT_FAILURE);
}
