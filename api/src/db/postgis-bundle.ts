import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { Extension } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { createTarGzip, parseTarGzip } from 'nanotar';

/**
 * PGlite's PostGIS bundle ships postgis, postgis_raster and postgis_topology (48 MB of WebAssembly) plus
 * every upgrade script; PGlite unpacks the bundle and compiles every `.so` in it at each start. lifecircle
 * needs only `CREATE EXTENSION postgis`, so a slim copy (postgis-3.so, its control and install script, the
 * PROJ data) is cut once and cached: start-up drops from ~6 s to ~3 s.
 */
function fullBundle(): string {
  // createRequire, not import.meta.resolve: vitest's module runner lacks the latter.
  return path.join(path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite-postgis')), 'postgis.tar.gz');
}

function keep(name: string): boolean {
  return (
    name === 'lib/postgresql/postgis-3.so' ||
    /^share\/postgresql\/extension\/postgis(\.control|--\d+\.\d+\.\d+\.sql)$/.test(name) ||
    name.startsWith('share/proj/')
  );
}

function cacheDir(): string {
  // Re-cut in ~2 s if the temp directory is cleaned.
  return process.env.LIFECIRCLE_CACHE_DIR ?? path.join(os.tmpdir(), 'lifecircle-cache');
}

async function slimBundle(onProgress: (message: string) => void): Promise<string> {
  const bundle = fullBundle();
  const info = await stat(bundle);
  const key = createHash('sha256').update(`${bundle}:${info.size}:${info.mtimeMs}`).digest('hex').slice(0, 16);
  const file = path.join(cacheDir(), `postgis-slim-${key}.tar.gz`);
  try {
    await stat(file);
    return file;
  } catch {
    // not cut yet
  }
  onProgress('preparing the PostGIS extension for fast starts (once)');
  const entries = await parseTarGzip(await readFile(bundle));
  const slim = entries.filter((e) => e.type !== 'directory' && keep(e.name) && e.data).map((e) => ({ name: e.name, data: e.data! }));
  if (!slim.some((e) => e.name.endsWith('postgis-3.so'))) throw new Error(`unexpected PostGIS bundle layout in ${bundle}`);
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, await createTarGzip(slim));
  await rename(tmp, file); // atomic: a concurrent start sees the whole file or none
  return file;
}

/** The PostGIS extension for PGlite, loading the slim bundle (falls back to the full one if it cannot be cut). */
export async function postgisExtension(onProgress: (message: string) => void = () => {}): Promise<Extension> {
  let bundle: URL;
  try {
    bundle = pathToFileURL(await slimBundle(onProgress));
  } catch (err) {
    onProgress(`using the full PostGIS bundle (${(err as Error).message})`);
    return postgis;
  }
  return {
    name: 'postgis',
    setup: async (pg, emscriptenOpts) => ({ ...(await postgis.setup(pg, emscriptenOpts)), bundlePath: bundle }),
  };
}
