import { mkdtemp, rm, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** An embedded PGlite + PostGIS database, reachable over the PostgreSQL wire protocol on a private unix socket. */
export interface EmbeddedDatabase {
  /** Directory holding the unix socket; pass as postgres.js `path`. */
  socketPath: string;
  pglite: PGlite;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Persist here; undefined = in memory. */
  dataDir?: string;
  /** A data-dir tarball (from `dumpDataDir`) to start from, e.g. a prepared test template. */
  loadDataDir?: Blob;
  onProgress?: (message: string) => void;
}

/**
 * Starts PGlite with PostGIS and serves it on a unix socket, so the server code path (postgres.js + kysely)
 * is the same for the embedded and the real database.
 */
export async function startEmbedded(options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  const progress = options.onProgress ?? (() => {});
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const started = Date.now();
  progress(`starting embedded PostgreSQL (PGlite) ${options.dataDir ? `in ${options.dataDir}` : 'in memory'}; the first start takes ~15 s`);
  const pglite = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    extensions: { postgis },
  });
  progress(`embedded PostgreSQL ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // A fresh directory per process: the socket path must be short (unix limit ~107 bytes) and private.
  const socketDir = await mkdtemp(path.join(os.tmpdir(), 'lc-'));
  const socketFile = path.join(socketDir, '.s.PGSQL.5432');
  // Several client connections are multiplexed onto PGlite's single session; postgres.js is kept at max 1
  // connection so transactions never interleave.
  const server = new PGLiteSocketServer({ db: pglite, path: socketFile, maxConnections: 4 });
  await server.start();
  return {
    socketPath: socketFile,
    pglite,
    async stop() {
      await server.stop();
      await pglite.close();
      await rm(socketDir, { recursive: true, force: true });
    },
  };
}
