import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CACHE_DIR = path.join(ROOT, 'tests/.cache');

export type TemplateKind = 'empty' | 'demo';
export type Backend = 'pglite' | 'postgres';

/** Backends the integration suite runs on: always PGlite, and the server when TEST_DATABASE_URL is set. */
export function testBackends(): Backend[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** Hash of everything a template's content depends on: rebuild when migrations, seeds or loaders change. */
export function templateHash(): string {
  const h = createHash('sha256');
  const inputs = [
    ...filesUnder(path.join(ROOT, 'sql')),
    ...filesUnder(path.join(ROOT, 'seeds')),
    ...filesUnder(path.join(ROOT, 'api/src/db')),
    path.join(ROOT, 'api/src/services/seed.ts'),
    path.join(ROOT, 'package-lock.json'),
  ].sort();
  for (const f of inputs) h.update(f.slice(ROOT.length)).update(readFileSync(f));
  return h.digest('hex').slice(0, 12);
}

export function pgliteTemplatePath(kind: TemplateKind, hash: string): string {
  return path.join(CACHE_DIR, `pglite-${kind}-${hash}.tar.gz`);
}

export function serverTemplateName(kind: TemplateKind, hash: string): string {
  return `lifecircle_tpl_${kind}_${hash}`;
}
