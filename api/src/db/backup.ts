import type postgres from 'postgres';
import type { Db } from './connect.ts';
import type { Querier } from './sql-files.ts';
import { readDataVersion } from './repositories/data-version.ts';

/**
 * A logical copy of a whole lifecircle database: every table of the public schema (city, accounts, keys,
 * scenarios, plan profiles and figures, the audit log, the walking network) and every sequence, read in one
 * snapshot. Rows travel as PostgreSQL's own text form of the row (`t::text`: geometry as hex EWKB, floats
 * in shortest exact form), read back with the row type's input function, so a copy is exact on either
 * backend and across them (PGlite → PostgreSQL server). Tables are found in the catalogue, not listed here:
 * a table a later migration adds is copied too.
 */
export const BACKUP_FORMAT = 'lifecircle-backup';
export const BACKUP_VERSION = 1;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  created_at: string;
  backend: Db['backend'];
  /** The migrations the source had: a copy loads only into the same schema. */
  migrations: string[];
  tables: { name: string; columns: string[] }[];
}

export interface BackupTrailer {
  end: true;
  sequences: { name: string; last_value: string; is_called: boolean }[];
  /** Per table: rows and an order-independent md5 of their text, checked after a load. */
  tables: Record<string, { rows: number; md5: string }>;
}

/** One record of a backup stream, in order: a header, row batches, a trailer. */
export type BackupRecord = { header: BackupHeader } | { table: string; rows: string[] } | { trailer: BackupTrailer };

export class BackupError extends Error {
  override name = 'BackupError';
}

const BATCH_ROWS = 1000;

/** Same text form on both backends, whatever the server's settings. */
async function fixSessionForm(q: Querier): Promise<void> {
  await q`SET LOCAL TimeZone = 'UTC'`;
  await q`SET LOCAL DateStyle = 'ISO, YMD'`;
  await q`SET LOCAL IntervalStyle = 'postgres'`;
  await q`SET LOCAL extra_float_digits = 1`;
  await q`SET LOCAL bytea_output = 'hex'`;
}

interface TableInfo {
  name: string;
  columns: string[];
  generated: boolean;
}

/** The application's tables: public base tables not owned by an extension (PostGIS's spatial_ref_sys). */
async function listTables(q: Querier): Promise<TableInfo[]> {
  const rows = await q<{ name: string; columns: string[]; generated: boolean }[]>`
    SELECT c.relname AS name,
           array_agg(a.attname::text ORDER BY a.attnum) AS columns,
           bool_or(a.attgenerated <> '') AS generated
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE c.relkind IN ('r', 'p') AND c.relname <> 'lifecircle_migration'
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
    GROUP BY c.relname ORDER BY c.relname`;
  return rows;
}

async function listSequences(q: Querier): Promise<string[]> {
  const rows = await q<{ name: string }[]>`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
    WHERE c.relkind = 'S' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
    ORDER BY c.relname`;
  return rows.map((r) => r.name);
}

async function tableDigest(q: Querier, table: string): Promise<{ rows: number; md5: string }> {
  const [row] = await q<{ rows: number; md5: string }[]>`
    SELECT count(*)::int AS rows, md5(coalesce(string_agg(h, '' ORDER BY h COLLATE "C"), '')) AS md5
    FROM (SELECT md5(t::text) AS h FROM ${q(table)} t) x`;
  return row!;
}

/** Read-only (a backup's snapshot cannot create the bookkeeping table). */
async function appliedMigrations(q: Querier): Promise<string[]> {
  const rows = await q<{ id: string }[]>`SELECT id FROM lifecircle_migration ORDER BY id`;
  return rows.map((r) => r.id);
}

/**
 * Reads the whole database in one repeatable-read snapshot and hands each record to `write` (which may
 * apply back-pressure by returning a promise). On the embedded database the snapshot is one transaction of
 * the shared session, so a running server's requests wait until the copy is read.
 */
export async function dumpDatabase(
  db: Db,
  write: (record: BackupRecord) => Promise<void> | void,
  options: { onProgress?: (message: string) => void } = {},
): Promise<BackupTrailer> {
  const progress = options.onProgress ?? (() => {});
  return db.sql.begin('ISOLATION LEVEL REPEATABLE READ READ ONLY', async (tx) => {
    await fixSessionForm(tx);
    const tables = await listTables(tx);
    const generated = tables.filter((t) => t.generated).map((t) => t.name);
    if (generated.length > 0) throw new BackupError(`tables with generated columns cannot be copied yet: ${generated.join(', ')}`);
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      created_at: new Date().toISOString(),
      backend: db.backend,
      migrations: await appliedMigrations(tx),
      tables: tables.map(({ name, columns }) => ({ name, columns })),
    };
    await write({ header });
    const digests: BackupTrailer['tables'] = {};
    for (const { name } of tables) {
      let after = '(0,0)';
      let sent = 0;
      for (;;) {
        // Keyset paging on the physical row id: stable inside the snapshot, no cursor needed.
        const page = await tx<{ id: string; row: string }[]>`
          SELECT t.ctid::text AS id, t::text AS row FROM ${tx(name)} t
          WHERE t.ctid > ${after}::tid ORDER BY t.ctid LIMIT ${BATCH_ROWS}`;
        if (page.length === 0) break;
        await write({ table: name, rows: page.map((r) => r.row) });
        sent += page.length;
        after = page[page.length - 1]!.id;
        if (page.length < BATCH_ROWS) break;
      }
      digests[name] = await tableDigest(tx, name);
      if (digests[name]!.rows !== sent) throw new BackupError(`table ${name}: read ${sent} rows, counted ${digests[name]!.rows}`);
      if (sent > 0) progress(`${name}: ${sent} rows`);
    }
    const sequences: BackupTrailer['sequences'] = [];
    for (const name of await listSequences(tx)) {
      const [s] = await tx<{ last_value: string; is_called: boolean }[]>`SELECT last_value::text, is_called FROM ${tx(name)}`;
      sequences.push({ name, last_value: s!.last_value, is_called: s!.is_called });
    }
    const trailer: BackupTrailer = { end: true, sequences, tables: digests };
    await write({ trailer });
    return trailer;
  }) as Promise<BackupTrailer>;
}

export interface LoadReport {
  tables: Record<string, number>;
  rows: number;
  seconds: number;
}

/**
 * Replaces every table's rows with a backup's, in one transaction: anything wrong (another schema, a
 * truncated file, a row that does not parse, a digest that differs after loading) rolls it all back.
 * Triggers are off while loading (the rows carry their own versions and audit entries); afterwards the data
 * version moves past both the old and the loaded one and sequences never go back, so no cache, ETag or id
 * from before the restore can match a restored row by accident.
 */
export async function loadDatabase(db: Db, records: AsyncIterable<BackupRecord>, options: { onProgress?: (message: string) => void } = {}): Promise<LoadReport> {
  const progress = options.onProgress ?? (() => {});
  const started = Date.now();
  return db.sql.begin(async (tx) => {
    await fixSessionForm(tx);
    await tx`SET LOCAL session_replication_role = replica`;
    const iterator = records[Symbol.asyncIterator]();
    const first = await iterator.next();
    if (first.done || !('header' in first.value)) throw new BackupError('not a lifecircle backup: no header');
    const header = first.value.header;
    if (header.format !== BACKUP_FORMAT || header.version !== BACKUP_VERSION) {
      throw new BackupError(`not a lifecircle backup of version ${BACKUP_VERSION} (format ${JSON.stringify(header.format)}, version ${header.version})`);
    }
    const migrations = await appliedMigrations(tx);
    if (migrations.join() !== header.migrations.join()) {
      throw new BackupError(
        `the backup's schema (${header.migrations.at(-1) ?? 'none'}, ${header.migrations.length} migrations) differs from this database's (${migrations.at(-1) ?? 'none'}, ${migrations.length}): load it with the lifecircle version that wrote it`,
      );
    }
    const tables = await listTables(tx);
    const here = new Map(tables.map((t) => [t.name, t.columns.join()]));
    for (const t of header.tables) {
      if (here.get(t.name) !== t.columns.join()) throw new BackupError(`table ${t.name}: its columns differ from this database's`);
    }
    const before = { version: await readDataVersion(tx) };
    await tx`TRUNCATE ${tx(tables.map((t) => t.name))}`;
    const counts: Record<string, number> = Object.fromEntries(header.tables.map((t) => [t.name, 0]));
    let trailer: BackupTrailer | undefined;
    let total = 0;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const record = next.value;
      if ('trailer' in record) {
        trailer = record.trailer;
        break;
      }
      if (!('table' in record) || !(record.table in counts)) throw new BackupError(`unexpected record in the backup (${JSON.stringify(Object.keys(record))})`);
      try {
        await insertRows(tx, record.table, record.rows);
      } catch (err) {
        throw new BackupError(`table ${record.table}: rows ${counts[record.table]! + 1}–${counts[record.table]! + record.rows.length} do not load (${(err as Error).message}): the file is damaged`);
      }
      counts[record.table]! += record.rows.length;
      total += record.rows.length;
      if (total % 20_000 < record.rows.length) progress(`loaded ${total} rows`);
    }
    if (!trailer) throw new BackupError('the backup is incomplete (no trailer): was it cut off?');
    for (const [name, expected] of Object.entries(trailer.tables)) {
      const got = await tableDigest(tx, name);
      if (got.rows !== expected.rows || got.md5 !== expected.md5) {
        throw new BackupError(`table ${name}: loaded ${got.rows} rows (md5 ${got.md5}), the backup has ${expected.rows} (md5 ${expected.md5})`);
      }
    }
    for (const s of trailer.sequences) {
      await tx`SELECT setval(${s.name}::regclass, greatest(${s.last_value}::bigint, (SELECT last_value FROM ${tx(s.name)})), true)`;
    }
    await tx`UPDATE data_version SET version = greatest(version, ${before?.version ?? '0'}::bigint) + 1, changed_at = now()`;
    return { tables: counts, rows: total, seconds: (Date.now() - started) / 1000 };
  }) as Promise<LoadReport>;
}

function insertRows(tx: postgres.TransactionSql, table: string, rows: string[]): Promise<unknown> {
  // Each element is a row literal of the table's own row type (`(1,"name",0101…)`), parsed by record_in.
  // OVERRIDING SYSTEM VALUE: identity columns (GENERATED ALWAYS) take the backed-up ids too.
  return tx`INSERT INTO ${tx(table)} OVERRIDING SYSTEM VALUE SELECT (r::${tx(table)}).* FROM unnest(${tx.array(rows, 25)}::text[]) r`;
}
