import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import postgres from 'postgres';
import { countHit, pruneHits, resetHits, uncountHit } from '../db/repositories/rate-limits.ts';

const PRUNE_EVERY_MS = 5 * 60_000;
const KEEP_MS = 60 * 60_000;

/**
 * express-rate-limit's store in PostgreSQL (table `rate_limit_hit`, migration 0012): every `serve`
 * process on one database counts a client's requests together (fixed windows aligned on the epoch,
 * as the memory store's are per process). One upsert per request; windows an hour old are pruned.
 * The counts go through a small pool of their own (`rateLimitClient`): a count that meets a killed
 * connection must not leave the app's pool waiting on it, and a database that is down fails the count
 * fast (the request then passes unlimited, and fails at its own query with 503).
 */
export class PostgresRateLimitStore implements Store {
  readonly localKeys = false;
  #windowMs = 60_000;
  #lastPrune = 0;

  constructor(private readonly sql: postgres.Sql, readonly prefix: string) {}

  init(options: Options): void {
    this.#windowMs = options.windowMs;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const { hits, resetAt } = await countHit(this.sql, `${this.prefix}${key}`, this.#windowMs);
    if (Date.now() - this.#lastPrune > PRUNE_EVERY_MS) {
      this.#lastPrune = Date.now();
      void pruneHits(this.sql, KEEP_MS).catch(() => undefined);
    }
    return { totalHits: hits, resetTime: resetAt };
  }

  async decrement(key: string): Promise<void> {
    await uncountHit(this.sql, `${this.prefix}${key}`, this.#windowMs);
  }

  async resetKey(key: string): Promise<void> {
    await resetHits(this.sql, `${this.prefix}${key}`);
  }
}

/**
 * The store's own pool: four connections, short connect timeout, closed when idle. Its commits do not
 * wait for the WAL flush (`synchronous_commit = off`): a count lost in a crash costs nothing, while a
 * flush per request cost 5–30 ms on a busy disk, on every tile of a province's map (issue 19).
 */
export function rateLimitClient(url: string): postgres.Sql {
  return postgres(url, { max: 4, connect_timeout: 3, idle_timeout: 30, onnotice: () => {}, connection: { application_name: 'lifecircle-rate-limit', synchronous_commit: 'off' } });
}
