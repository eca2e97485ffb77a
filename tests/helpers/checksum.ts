import type { Db } from '../../api/src/db/connect.ts';

/**
 * One digest per table of the public schema (order-independent md5 over every row's text), plus the
 * table list itself: equal before and after = no row changed, none added, none removed, no table
 * created or dropped.
 */
export async function tableChecksums(db: Db): Promise<Record<string, string>> {
  const tables = await db.sql<{ name: string }[]>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`;
  const out: Record<string, string> = { '(tables)': tables.map((t) => t.name).join(',') };
  for (const { name } of tables) {
    const [row] = await db.sql<{ sum: string | null; n: number }[]>`
      SELECT md5(coalesce(string_agg(h, '' ORDER BY h), '')) AS sum, count(*)::int AS n
      FROM (SELECT md5(t::text) AS h FROM ${db.sql(name)} t) rows`;
    out[name] = `${row?.n}:${row?.sum}`;
  }
  return out;
}
