import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openDatabase, type Db } from '../../api/src/db/connect.ts';
import { pgliteTemplatePath, serverTemplateName, type Backend, type TemplateKind } from './templates.ts';

export { testBackends, type Backend } from './templates.ts';

/**
 * A private database for one test file, cloned from a prepared template ('empty' = migrated + catalogue,
 * 'demo' = the demo city). Closing it drops it.
 */
export async function openTestDb(backend: Backend, kind: TemplateKind = 'empty'): Promise<Db> {
  const hash = inject('templateHash');
  if (backend === 'pglite') {
    const dump = readFileSync(pgliteTemplatePath(kind, hash));
    return openDatabase({ loadDataDir: new Blob([dump]) });
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  const name = `lifecircle_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin`CREATE DATABASE ${admin(name)} TEMPLATE ${admin(serverTemplateName(kind, hash))}`;
  } finally {
    await admin.end();
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: target.toString(), maxConnections: 4 });
  const close = db.close;
  return {
    ...db,
    async close() {
      await close();
      const dropper = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await dropper`DROP DATABASE IF EXISTS ${dropper(name)} WITH (FORCE)`;
      } finally {
        await dropper.end();
      }
    },
  };
}
