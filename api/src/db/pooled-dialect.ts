import {
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type postgres from 'postgres';

const ROLLBACK = Symbol('rollback');

/** Runs one compiled kysely query on a postgres.js pool or transaction. */
export async function executeOn<R>(q: postgres.Sql | postgres.TransactionSql, query: CompiledQuery): Promise<QueryResult<R>> {
  const result = await q.unsafe(query.sql, [...query.parameters] as never[]);
  const { command, count } = result;
  return {
    ...(['INSERT', 'UPDATE', 'DELETE', 'MERGE'].includes(command) ? { numAffectedRows: BigInt(count) } : {}),
    rows: Array.from(result.values()) as R[],
  };
}

/**
 * A kysely connection over a postgres.js pool. Outside a transaction each query takes any pooled
 * connection; a transaction runs inside `sql.begin`, whose connection is held until commit or rollback.
 */
class PooledConnection implements DatabaseConnection {
  #tx: postgres.TransactionSql | undefined;
  #finish: ((commit: boolean) => void) | undefined;
  #done: Promise<unknown> | undefined;

  constructor(private readonly sql: postgres.Sql) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return executeOn(this.#tx ?? this.sql, query);
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming through kysely is not supported: use db.sql (postgres.js) cursors');
  }

  async begin(settings: TransactionSettings): Promise<void> {
    const options = [settings.isolationLevel ? `isolation level ${settings.isolationLevel}` : '', settings.accessMode ?? ''].filter(Boolean).join(' ');
    let ready!: (tx: postgres.TransactionSql) => void;
    const started = new Promise<postgres.TransactionSql>((resolve) => (ready = resolve));
    const finished = new Promise<boolean>((resolve) => (this.#finish = resolve));
    this.#done = this.sql.begin(options, async (tx) => {
      ready(tx);
      if (!(await finished)) throw ROLLBACK;
    });
    // If BEGIN itself fails (no connection), `started` never resolves: the failure wins the race.
    this.#tx = await Promise.race([started, this.#done.then(() => Promise.reject(new Error('transaction ended before it began')))]);
  }

  async end(commit: boolean): Promise<void> {
    const done = this.#done;
    this.#finish?.(commit);
    this.#tx = this.#finish = this.#done = undefined;
    try {
      await done;
    } catch (err) {
      if (err !== ROLLBACK) throw err;
    }
  }
}

class PooledDriver implements Driver {
  constructor(private readonly sql: postgres.Sql) {}
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return new PooledConnection(this.sql);
  }
  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await (connection as PooledConnection).begin(settings);
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PooledConnection).end(true);
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PooledConnection).end(false);
  }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {} // the pool belongs to the Db handle, which ends it
}

/** A postgres kysely dialect around a driver: the one place the adapter, compiler and introspector are chosen. */
export class PostgresDriverDialect implements Dialect {
  constructor(private readonly driver: () => Driver) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return this.driver();
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
}

/**
 * kysely over postgres.js without `sql.reserve()`. postgres.js 3.4.x pins a reserved connection
 * whose server backend died and hangs (or crashes on) every later write to it (porsager/postgres
 * #1208); pooled queries rotate the dead connection away and reconnect, so a killed backend costs the
 * queries in flight (503) and nothing after.
 */
export class PooledPostgresDialect extends PostgresDriverDialect {
  constructor(sql: postgres.Sql) {
    super(() => new PooledDriver(sql));
  }
}
