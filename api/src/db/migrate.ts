import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type postgres from 'postgres';
import type { Db } from './connect.ts';

type Querier = postgres.Sql | postgres.TransactionSql;

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../sql/migrations/', import.meta.url));

export interface Migration {
  id: string;
  sql: string;
  checksum: string;
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** Reads `sql/migrations/NNNN_name.sql` in order. */
export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (f) => {
      const sql = await readFile(path.join(dir, f), 'utf8');
      return { id: f.replace(/\.sql$/, ''), sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

async function ensureTable(q: Querier): Promise<void> {
  await q`CREATE TABLE IF NOT EXISTS lifecircle_migration (
    id text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`;
}

/** Which migrations are applied and which are pending; fails if an applied file was edited (they are append-only). */
export async function migrationStatus(q: Querier, migrations?: Migration[]): Promise<MigrationStatus> {
  const all = migrations ?? (await readMigrations());
  await ensureTable(q);
  const rows = await q<{ id: string; checksum: string }[]>`SELECT id, checksum FROM lifecircle_migration`;
  const applied = new Map(rows.map((r) => [r.id, r.checksum]));
  for (const m of all) {
    const sum = applied.get(m.id);
    if (sum !== undefined && sum !== m.checksum) {
      throw new MigrationError(`migration ${m.id} was changed after it was applied; migrations are append-only: add a new one`);
    }
  }
  const known = new Set(all.map((m) => m.id));
  const unknown = [...applied.keys()].filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new MigrationError(`database has migrations this version does not know (${unknown.join(', ')}): is the code older than the database?`);
  }
  return { applied: all.filter((m) => applied.has(m.id)).map((m) => m.id), pending: all.filter((m) => !applied.has(m.id)).map((m) => m.id) };
}

/**
 * Applies pending migrations, each in its own transaction, under an advisory lock so two servers
 * starting together do not race.
 * @returns ids of the migrations applied now.
 */
export async function migrate(db: Db, options: { onProgress?: (message: string) => void } = {}): Promise<string[]> {
  const migrations = await readMigrations();
  await ensureTable(db.sql);
  const done: string[] = [];
  // All pending migrations in one transaction: a failure leaves the schema as it was.
  await db.sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(72271007)`;
    const { pending } = await migrationStatus(tx, migrations);
    for (const id of pending) {
      const m = migrations.find((x) => x.id === id)!;
      options.onProgress?.(`applying migration ${m.id}`);
      await tx.unsafe(m.sql);
      await tx`INSERT INTO lifecircle_migration (id, checksum) VALUES (${m.id}, ${m.checksum})`;
      done.push(m.id);
    }
  });
  return done;
}
