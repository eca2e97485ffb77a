import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type postgres from 'postgres';

export type Querier = postgres.Sql | postgres.TransactionSql;

const QUERIES_DIR = fileURLToPath(new URL('../../../sql/queries/', import.meta.url));
const cache = new Map<string, string>();

/** The text of `sql/queries/<name>.sql` (read once). Parameters are `$1…`, never spliced in. */
export function queryText(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad query name ${name}`);
    text = readFileSync(`${QUERIES_DIR}${name}.sql`, 'utf8');
    cache.set(name, text);
  }
  return text;
}

/** Runs a named SQL file with positional parameters. */
export function runQuery<T extends object = Record<string, unknown>>(
  q: Querier,
  name: string,
  params: postgres.ParameterOrJSON<never>[] = [],
): Promise<T[]> {
  return q.unsafe<T[]>(queryText(name), params as never[]) as unknown as Promise<T[]>;
}

/**
 * Runs a bulk-insert SQL file (taking `$1::jsonb`, an array of rows) in batches.
 * @returns number of rows sent.
 */
export async function bulkInsert(
  q: Querier,
  name: string,
  rows: readonly object[],
  options: { batchSize?: number; onBatch?: (done: number, total: number) => void } = {},
): Promise<number> {
  const size = options.batchSize ?? 5000;
  for (let i = 0; i < rows.length; i += size) {
    const batch = rows.slice(i, i + size);
    // The parameter's type is jsonb (from `$1::jsonb`), so postgres.js serialises the array itself.
    await q.unsafe(queryText(name), [batch as never]);
    options.onBatch?.(Math.min(i + size, rows.length), rows.length);
  }
  return rows.length;
}
