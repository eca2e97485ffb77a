import type { AddressInfo } from 'node:net';
import http from 'node:http';
import type { Config } from './config.ts';
import { openDatabase, type Db } from './db/connect.ts';
import { migrate } from './db/migrate.ts';
import { closeApp, createApp, warmUpApp } from './http/app.ts';
import type { Logger } from './log.ts';
import { ensureInitialised } from '../../seeds/demo-city/seed.ts';
import { installProcessGuard } from './process-guard.ts';
import { setDeadlineSettings } from './http/request-deadline.ts';
import { ReadReplica } from './db/read-replica.ts';

export interface RunningServer {
  url: string;
  port: number;
  db: Db;
  /** Stops accepting, lets in-flight requests finish (up to the grace period), then closes the database. */
  close(): Promise<void>;
}

/**
 * Opens the configured database and brings its schema up to date. `share`: serve the embedded database to
 * other lifecircle processes (the server); `exclusive`: refuse to run beside a server (restore).
 */
export async function openMigrated(config: Config, log: Logger, options: { share?: boolean; exclusive?: boolean } = {}): Promise<Db> {
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onProgress: (message) => log.info(message),
    ...options,
  });
  try {
    const applied = await migrate(db, { onProgress: (message) => log.info(message) });
    if (applied.length > 0) log.info({ applied }, 'migrations applied');
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}

/** The read replica of DATABASE_READ_URL (lag polled from now on), or undefined when none is configured. */
async function openReplica(config: Config, log: Logger, primary: Db): Promise<ReadReplica | undefined> {
  if (!config.databaseReadUrl) return undefined;
  const standby = await openDatabase({ databaseUrl: config.databaseReadUrl });
  const replica = new ReadReplica(primary, standby, {
    ...config.replica,
    onChange: (s) => (s.used
      ? log.info({ replica: s }, 'read replica in use for public reads')
      : log.warn({ replica: s }, `read replica not used (${s.reason}): public reads go to the primary`)),
  });
  await replica.check();
  return replica.start();
}

/**
 * Starts lifecircle: database, migrations, first-run seed, HTTP server. Port 0 picks a free port.
 * Once listening, the baseline and walking engines are built in the background (`warmUp`, default
 * true; `warmUpApp`), so the first walking answer does not wait for them.
 */
export async function startServer(config: Config, log: Logger, options: { db?: Db; warmUp?: boolean } = {}): Promise<RunningServer> {
  const db = options.db ?? (await openMigrated(config, log, { share: true }));
  const initialised = await ensureInitialised(db, { seedOnEmpty: config.seedOnEmpty, onProgress: (m) => log.info(m) });
  if (initialised !== 'already') log.info({ initialised }, 'database initialised');

  // A client-library error thrown from a timer (a killed database backend) must not end the server.
  const guard = installProcessGuard(log);
  const replica = await openReplica(config, log, db);
  const app = createApp({ db, config, log, replica });
  // Raised at shutdown: running imports are cancelled and rolled back at once, not waited for.
  const shutdown = new AbortController();
  setDeadlineSettings(app, { importTimeoutMs: config.security.importTimeoutMs, shutdown: shutdown.signal });
  const server = http.createServer(app);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  log.info({ url, backend: db.backend }, `lifecircle listening on ${url}`);
  if (options.warmUp !== false) void warmUpApp(app);

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      log.info('shutting down: cancelling imports, finishing other in-flight requests');
      shutdown.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // A keep-alive connection whose request ends during the shutdown (a cancelled import's 503) turns idle
      // later: close those too, rather than wait out their keep-alive timeout.
      const idle = setInterval(() => server.closeIdleConnections(), 100);
      idle.unref();
      const timer = setTimeout(() => {
        log.warn({ graceMs: config.shutdownGraceMs }, 'grace period over: closing remaining connections');
        server.closeAllConnections();
      }, config.shutdownGraceMs);
      timer.unref();
      const stopped = closeApp(app);
      await closed;
      await stopped;
      clearTimeout(timer);
      clearInterval(idle);
      await replica?.close();
      if (!options.db) await db.close();
      guard.uninstall();
      log.info('shut down');
    })());
  return { url, port, db, close };
}
