import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDatabase, type Db } from '../../api/src/db/connect.ts';
import { migrate } from '../../api/src/db/migrate.ts';
import { ensureInitialised, seedDemoCity } from '../../seeds/demo-city/seed.ts';
import { CACHE_DIR, pgliteTemplatePath, serverTemplateName, templateHash, type TemplateKind } from './templates.ts';

async function prepare(db: Db, kind: TemplateKind): Promise<void> {
  await migrate(db);
  if (kind === 'demo') await seedDemoCity(db);
  else await ensureInitialised(db, { seedOnEmpty: false });
}

/** Builds each template once (PGlite data-dir dumps, and template databases on the server); tests clone them. */
export default async function setup(project: TestProject): Promise<void> {
  const hash = templateHash();
  // Tests read the hash from here, so an edit during the run cannot point them at a missing template.
  project.provide('templateHash', hash);
  mkdirSync(CACHE_DIR, { recursive: true });
  const kinds: TemplateKind[] = ['empty', 'demo'];
  for (const kind of kinds) {
    const file = pgliteTemplatePath(kind, hash);
    if (existsSync(file)) continue;
    // Older versions' dumps go once a day old (a parallel run of other code may still be reading its own).
    for (const old of readdirSync(CACHE_DIR).filter((f) => f.startsWith(`pglite-${kind}-`))) {
      const at = path.join(CACHE_DIR, old);
      if (Date.now() - statSync(at).mtimeMs > 86_400_000) rmSync(at, { force: true });
    }
    const started = Date.now();
    const db = await openDatabase({});
    await prepare(db, kind);
    const dump = await db.embedded!.pglite.dumpDataDir('gzip');
    // Written aside and renamed, so a parallel run never reads half a dump.
    writeFileSync(`${file}.${process.pid}`, Buffer.from(await dump.arrayBuffer()));
    renameSync(`${file}.${process.pid}`, file);
    await db.close();
    process.stderr.write(`[tests] PGlite ${kind} template built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    // Parallel runs (colleagues' checkouts, CI beside a session) build templates one at a time.
    await admin`SELECT pg_advisory_lock(hashtext('lifecircle test templates'))`;
    // Templates of older code versions are dead weight on a long-lived CI server; but another checkout
    // (a colleague's worktree, a parallel run) may be cloning its own right now, so only a day-old one goes.
    const current = kinds.map((k) => serverTemplateName(k, hash));
    const stale = await admin<{ datname: string }[]>`
      SELECT datname FROM pg_database d
       WHERE datname LIKE 'lifecircle\_tpl\_%' AND NOT (datname = ANY(${current}))
         AND coalesce(substring(shobj_description(d.oid, 'pg_database') FROM 'built at ([0-9]+)')::bigint, 0)
             < (extract(epoch FROM now()) * 1000)::bigint - 86400000`;
    for (const { datname } of stale) await admin`DROP DATABASE IF EXISTS ${admin(datname)} WITH (FORCE)`;
    for (const kind of kinds) {
      const name = serverTemplateName(kind, hash);
      const [exists] = await admin`SELECT 1 FROM pg_database WHERE datname = ${name}`;
      if (exists) continue;
      const building = `${name}_building`;
      await admin`DROP DATABASE IF EXISTS ${admin(building)}`;
      await admin`CREATE DATABASE ${admin(building)}`;
      const target = new URL(url);
      target.pathname = `/${building}`;
      const db = await openDatabase({ databaseUrl: target.toString() });
      await prepare(db, kind);
      await db.close();
      // Renamed only when complete, so an interrupted build is never used as a template.
      await admin`ALTER DATABASE ${admin(building)} RENAME TO ${admin(name)}`;
      await admin.unsafe(`COMMENT ON DATABASE "${name}" IS 'lifecircle test template built at ${Date.now()}'`);
      process.stderr.write(`[tests] server ${kind} template ${name} built\n`);
    }
  } finally {
    await admin.end();
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateHash: string;
  }
}
