import { Kysely, type CompiledQuery, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';
import type { Database } from './database.ts';
import { executeOn, PostgresDriverDialect } from './pooled-dialect.ts';
import type { Querier } from './sql-files.ts';

/**
 * What a repository function takes first: the postgres.js pool or a transaction of it (`db.sql`,
 * `sql.begin`'s tx), or a kysely handle or transaction (`db.kysely`, `trx`). Callers own transactions;
 * repositories never begin one.
 */
export type Queryable = Querier | Kysely<Database>;

/** kysely over one postgres.js querier: queries run on it (inside its transaction, if it is one). */
class QuerierConnection implements DatabaseConnection {
  constructor(private readonly q: Querier) {}
  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return executeOn<R>(this.q, query);
  }
  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming through kysely is not supported: use db.sql (postgres.js) cursors');
  }
}

class QuerierDriver implements Driver {
  readonly #connection: QuerierConnection;
  constructor(q: Querier) {
    this.#connection = new QuerierConnection(q);
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.#connection;
  }
  async beginTransaction(): Promise<void> {
    throw new Error('a repository never begins a transaction: the caller passes one (db.sql.begin or db.kysely.transaction)');
  }
  async commitTransaction(): Promise<void> {}
  async rollbackTransaction(): Promise<void> {}
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}

const onQuerier = new WeakMap<Querier, Kysely<Database>>();

/** The typed query builder on `q`, whichever kind of querier it is. */
export function kyselyOf(q: Queryable): Kysely<Database> {
  if (q instanceof Kysely) return q;
  let k = onQuerier.get(q);
  if (!k) {
    k = new Kysely<Database>({ dialect: new PostgresDriverDialect(() => new QuerierDriver(q)) });
    onQuerier.set(q, k);
  }
  return k;
}
