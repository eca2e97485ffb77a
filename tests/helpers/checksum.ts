import type { Db } from '../../api/src/db/connect.ts';

/** Request bookkeeping, not data: the shared rate-limit counts move with every request, refused ones too. */
const BOOKKEEPING = new Set(['rate_limit_hit']);

/**
 * One digest per table of the public schema (order-independent md5 over every row's text), plus the
 * table list itself: equal before and after = no row changed, none added, none removed, no table
 * created or dropped. The bookkeeping tables are listed but their rows not compared.
 */
export async function tableChecksums(db: Db): Promise<Record<string, string>> {
  const tables = await db.sql<{ name: string }[]>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`;
  const out: Record<string, string> = { '(tables)': tables.map((t) => t.name).join(',') };
  for (const { name } of tables) {
    if (BOOKKEEPING.has(name)) continue;
    const [row] = await db.sql<{ sum: string | null; n: number }[]>`
      SELECT md5(coalesce(string_agg(h, '' ORDER BY h), '')) AS sum, count(*)::int AS n
      FROM (SELECT md5(t::text) AS h FROM ${db.sql(name)} t) rows`;
    out[name] = `${row?.n}:${row?.sum}`;
  }
  return out;
}

/** Tables a restore or export need not reproduce: the data version moves on by design, the rest are PostGIS's or the migrator's. */
const MOVING = new Set(['data_version', 'spatial_ref_sys', 'lifecircle_migration']);

/**
 * `tableChecksums` for comparing two databases (a backup's source and its restore, an embedded city and its
 * export to a server): rows' text in one fixed form (UTC, ISO dates, shortest exact floats), whatever each
 * session's settings; the tables that move on by design left out.
 */
export async function portableChecksums(db: Db): Promise<Record<string, string>> {
  return (await db.sql.begin(async (tx) => {
    await tx`SET LOCAL TimeZone = 'UTC'`;
    await tx`SET LOCAL DateStyle = 'ISO, YMD'`;
    await tx`SET LOCAL extra_float_digits = 1`;
    const tables = await tx<{ name: string }[]>`
      SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`;
    const out: Record<string, string> = {};
    for (const { name } of tables) {
      if (MOVING.has(name)) continue;
      const [row] = await tx<{ n: number; sum: string }[]>`
        SELECT count(*)::int AS n, md5(coalesce(string_agg(h, ',' ORDER BY h), '')) AS sum
        FROM (SELECT md5(t::text) AS h FROM ${tx(name)} t) rows`;
      out[name] = `${row!.n}:${row!.sum}`;
    }
    return out;
  })) as Record<string, string>;
}
