import { existsSync } from 'node:fs';
import { mkdtemp, rm, mkdir, readdir, rename } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { acquireDataDirLock, DataDirError, type DataDirLock } from './data-dir-lock.ts';
import { postgisExtension } from './postgis-bundle.ts';

/** An embedded PGlite + PostGIS database, reachable over the PostgreSQL wire protocol on a private unix socket. */
export interface EmbeddedDatabase {
  /** The socket file (`…/.s.PGSQL.5432`); pass its directory's file as postgres.js `path`. */
  socketPath: string;
  pglite: PGlite;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Persist here; undefined = in memory. */
  dataDir?: string;
  /** A data-dir tarball (from `dumpDataDir`) to start from, e.g. a prepared test template. */
  loadDataDir?: Blob;
  /** Publish the socket in the data directory's lock, so other lifecircle processes use this database. */
  share?: boolean;
  /** What opens it, named in the lock (`serve`, `user add`, …) so a refused second opener can say who holds it. */
  command?: string;
  onProgress?: (message: string) => void;
}

// Frontend message types (PostgreSQL protocol 3). An extended-query batch runs from its first Parse/Bind/…
// to its Sync; a simple Query is a batch by itself.
const BATCH_END = new Set(['S', 'Q', 'X'].map((c) => c.charCodeAt(0)));
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

/**
 * pglite-socket interleaves the messages of different clients one by one unless PGlite is inside a
 * transaction block. Two clients' extended-query batches (Parse, Bind, Execute, Sync) would then share the
 * unnamed statement and portal, and an error in one would discard the other's messages. This view of the
 * database reports "in a transaction" from a batch's first message to its Sync, so the socket server keeps
 * each batch of one client together, as a real server's separate sessions would.
 */
function batchAwareSession(pglite: PGlite): PGlite {
  let batchOpen = false;
  return new Proxy(pglite, {
    get(target, prop, receiver) {
      if (prop === 'isInTransaction') return () => batchOpen || target.isInTransaction();
      if (prop === 'execProtocolRawStream') {
        return async (message: Uint8Array, opts: Parameters<PGlite['execProtocolRawStream']>[1]) => {
          const type = message[0] ?? 0;
          // A startup packet begins with its length (first byte 0): not part of any batch.
          if (type !== 0) batchOpen = !BATCH_END.has(type);
          return target.execProtocolRawStream(message, opts);
        };
      }
      if (prop === 'exec') {
        // Called with ROLLBACK when a client leaves mid-transaction. An unfinished batch is undone as a
        // real server would on disconnect: ROLLBACK aborts its implicit transaction (ignored if the batch
        // already failed), then Sync ends the batch.
        return async (query: string, ...rest: unknown[]) => {
          if (batchOpen) {
            batchOpen = false;
            await target.exec('ROLLBACK').catch(() => {});
            await target.execProtocolRaw(SYNC);
          }
          return (target.exec as (q: string, ...r: unknown[]) => unknown)(query, ...rest);
        };
      }
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/**
 * A new data directory is created beside its final place and renamed when complete, so a crash during the
 * first start never leaves a half-initialised cluster behind (the next start begins again).
 */
async function createDataDir(dataDir: string, progress: (message: string) => void): Promise<void> {
  const parent = path.dirname(path.resolve(dataDir));
  const base = path.basename(dataDir);
  await mkdir(parent, { recursive: true });
  for (const leftover of (await readdir(parent)).filter((f) => f.startsWith(`${base}.init-`))) {
    await rm(path.join(parent, leftover), { recursive: true, force: true });
  }
  const staging = path.join(parent, `${base}.init-${process.pid}`);
  const started = Date.now();
  progress(`creating the embedded database in ${dataDir} (first start)`);
  const pglite = await PGlite.create({ dataDir: staging, extensions: { postgis: await postgisExtension(progress) } });
  await pglite.close();
  await rm(dataDir, { recursive: true, force: true }); // empty (checked by the caller)
  await rename(staging, dataDir);
  progress(`embedded database created in ${seconds(started)}`);
}

/**
 * Starts PGlite with PostGIS and serves it on a unix socket, so the server code path (postgres.js + kysely)
 * is the same for the embedded and the real database. A data directory is locked for this process
 * (`data-dir-lock.ts`); a second opener gets DataDirBusyError.
 */
export async function startEmbedded(options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  const progress = options.onProgress ?? (() => {});
  let lock: DataDirLock | undefined;
  if (options.dataDir) {
    await mkdir(path.dirname(path.resolve(options.dataDir)), { recursive: true });
    lock = acquireDataDirLock(options.dataDir, options.command ?? 'lifecircle');
  }
  try {
    if (options.dataDir && !existsSync(path.join(options.dataDir, 'PG_VERSION'))) {
      if (existsSync(options.dataDir) && (await readdir(options.dataDir)).length > 0) {
        throw new DataDirError(`${options.dataDir} is not empty and holds no database (no PG_VERSION): move it away or set LIFECIRCLE_DATA_DIR to another directory`);
      }
      await createDataDir(options.dataDir, progress);
    }
    const started = Date.now();
    progress(`starting embedded PostgreSQL (PGlite) ${options.dataDir ? `in ${options.dataDir}` : 'in memory'}`);
    const pglite = await PGlite.create({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      extensions: { postgis: await postgisExtension(progress) },
    });
    progress(`embedded PostgreSQL ready in ${seconds(started)}`);
    // A fresh directory per process (mode 0700: only this user reaches the database); the socket path must
    // be short (unix limit ~107 bytes).
    const socketDir = await mkdtemp(path.join(os.tmpdir(), 'lc-'));
    const socketFile = path.join(socketDir, '.s.PGSQL.5432');
    // Client connections share PGlite's single session; pglite-socket queues their messages and, while one
    // is inside a transaction, runs only that one's, so transactions of different clients never interleave.
    const server = new PGLiteSocketServer({ db: batchAwareSession(pglite), path: socketFile, maxConnections: 16 });
    await server.start();
    if (options.share) lock?.share(socketFile);
    return {
      socketPath: socketFile,
      pglite,
      async stop() {
        lock?.share(null);
        await server.stop();
        await pglite.close();
        await rm(socketDir, { recursive: true, force: true });
        lock?.release();
      },
    };
  } catch (err) {
    lock?.release();
    throw err;
  }
}
