import { Kysely } from 'kysely';
import postgres from 'postgres';
import type { Database } from './database.ts';
import { PooledPostgresDialect } from './pooled-dialect.ts';
import { startEmbedded, type EmbeddedDatabase } from './embedded.ts';

export type Backend = 'pglite' | 'postgres';

/** One handle on the database, whichever backend serves it. Pass it explicitly; there is no global. */
export interface Db {
  backend: Backend;
  /** Typed query builder (all CRUD and filters). */
  kysely: Kysely<Database>;
  /** postgres.js tagged-template client, for SQL files and bulk work. */
  sql: postgres.Sql;
  /** The PGlite instance when embedded (for data-dir dumps); undefined on a server. */
  embedded: EmbeddedDatabase | undefined;
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
  let sql: postgres.Sql;
  const common = { onnotice: () => {}, types, connection: { application_name: 'lifecircle' } } as const;
  if (options.databaseUrl) {
    sql = postgres(options.databaseUrl, { ...common, max: options.maxConnections ?? 10 });
  } else {
    embedded = await startEmbedded({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    sql = postgres({ ...common, path: embedded.socketPath, username: 'postgres', database: 'postgres', max: 1 });
  }
  // Pooled, not reserved connections: a killed backend must not pin a dead connection (pooled-dialect.ts).
  const kysely = new Kysely<Database>({ dialect: new PooledPostgresDialect(sql) });
  return {
    backend: embedded ? 'pglite' : 'postgres',
    kysely,
    sql,
    embedded,
    async close() {
      await kysely.destroy();
      await sql.end({ timeout: 5 }); // kysely only ends the pool if it ever used it
      await embedded?.stop();
    },
  };
}
