import { Kysely } from 'kysely';
import postgres from 'postgres';
import type { Database } from './database.ts';
import { PooledPostgresDialect } from './pooled-dialect.ts';
import { startEmbedded, type EmbeddedDatabase } from './embedded.ts';
import { DataDirBusyError } from './data-dir-lock.ts';

export type Backend = 'pglite' | 'postgres';

/** One handle on the database, whichever backend serves it. Pass it explicitly; there is no global. */
export interface Db {
  backend: Backend;
  /** Typed query builder (all CRUD and filters). */
  kysely: Kysely<Database>;
  /** postgres.js tagged-template client, for SQL files and bulk work. */
  sql: postgres.Sql;
  /** The PGlite instance when this process owns the embedded database; undefined on a server or as a client. */
  embedded: EmbeddedDatabase | undefined;
  /** The server's `postgres://…` (undefined on the embedded backend): for clients that open their own pool (the siting queue). */
  url?: string;
  /** Set when this process uses the embedded database of a running `lifecircle serve` (pid) over its socket. */
  sharedFrom?: number;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** `postgres://…`; undefined = embedded PGlite. */
  databaseUrl?: string | undefined;
  /** Embedded only: where to persist (undefined = in memory). */
  dataDir?: string | undefined;
  /** Embedded only: start from this data-dir dump. */
  loadDataDir?: Blob | undefined;
  /** Pool size on a server (the embedded backend always uses one connection). */
  maxConnections?: number;
  /** Embedded: serve this database to other lifecircle processes (the `serve` command). */
  share?: boolean;
  /** Embedded: refuse to run beside a server that holds the data directory (e.g. restore). */
  exclusive?: boolean;
  /** Embedded: what this process is, named to a refused second opener. Default: the CLI arguments. */
  command?: string;
  onProgress?: (message: string) => void;
}

// Dates stay 'YYYY-MM-DD' strings: a JS Date would shift them by the server's time zone.
const types = {
  date: {
    to: 1082,
    from: [1082],
    serialize: (x: unknown) => String(x),
    parse: (x: string) => x,
  },
};

/** Opens the embedded database (no `databaseUrl`) or a PostgreSQL + PostGIS server, behind the same interface. */
export async function openDatabase(options: OpenOptions = {}): Promise<Db> {
  let embedded: EmbeddedDatabase | undefined;
  let sharedFrom: number | undefined;
  let socketPath: string | undefined;
  let sql: postgres.Sql;
  const common = { onnotice: () => {}, types, connection: { application_name: 'lifecircle' } } as const;
  if (options.databaseUrl) {
    // connect_timeout 10 s, not postgres.js's 30: a startup cut by the server (a backend terminated while it
    // authenticates) can leave the reconnect waiting for the timer, and a request should not hang that long.
    sql = postgres(options.databaseUrl, { ...common, max: options.maxConnections ?? 10, connect_timeout: 10 });
  } else {
    const command = options.command ?? (process.argv.slice(2, 4).join(' ') || 'lifecircle');
    try {
      embedded = await startEmbedded({
        ...(options.dataDir ? { dataDir: options.dataDir } : {}),
        ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.share ? { share: true } : {}),
        command,
      });
    } catch (err) {
      const owner = err instanceof DataDirBusyError ? err.owner : undefined;
      if (!owner || !owner.socket || options.share || options.exclusive) throw busyMessage(err, options);
      // A running server owns the directory: use its database, never a second copy of it.
      options.onProgress?.(`using the database of the running lifecircle server (pid ${owner.pid})`);
      sharedFrom = owner.pid;
      socketPath = owner.socket;
    }
    // Unnamed statements: a client shares the server's PostgreSQL session, where named ones would collide.
    sql = postgres({ ...common, path: socketPath ?? embedded!.socketPath, username: 'postgres', database: 'postgres', max: 1, prepare: sharedFrom === undefined });
  }
  // Pooled, not reserved connections: a killed backend must not pin a dead connection (pooled-dialect.ts).
  const kysely = new Kysely<Database>({ dialect: new PooledPostgresDialect(sql) });
  return {
    backend: options.databaseUrl ? 'postgres' : 'pglite',
    ...(options.databaseUrl ? { url: options.databaseUrl } : {}),
    kysely,
    sql,
    embedded,
    ...(sharedFrom !== undefined ? { sharedFrom } : {}),
    async close() {
      await kysely.destroy();
      await sql.end({ timeout: 5 }); // kysely only ends the pool if it ever used it
      await embedded?.stop();
    },
  };
}

/** Says what to do when the data directory is held by another process. */
function busyMessage(err: unknown, options: OpenOptions): unknown {
  if (!(err instanceof DataDirBusyError)) return err;
  const { owner } = err;
  let advice: string;
  if (owner.socket && options.share) advice = 'a lifecircle server already runs on it: stop it first, or give this one another LIFECIRCLE_DATA_DIR';
  else if (owner.socket) advice = `this command cannot run beside the server: stop the server (kill ${owner.pid}, or Ctrl-C in its terminal) and run it again`;
  else advice = `wait for \`lifecircle ${owner.command}\` to finish and run it again`;
  return new DataDirBusyError(err.dataDir, owner, `${err.message}: ${advice}`);
}
