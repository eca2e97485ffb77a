import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import type { Db } from '../db/connect.ts';
import { countHit, pruneHits, resetHits, uncountHit } from '../db/repositories/rate-limits.ts';

const PRUNE_EVERY_MS = 5 * 60_000;
const KEEP_MS = 60 * 60_000;

/**
 * express-rate-limit's store in PostgreSQL (table `rate_limit_hit`, migration 0012): every `serve`
 * process on one database counts a client's requests together (fixed windows aligned on the epoch,
 * as the memory store's are per process). One upsert per request; windows an hour old are pruned.
 */
export class PostgresRateLimitStore implements Store {
  readonly localKeys = false;
  #windowMs = 60_000;
  #lastPrune = 0;

  constructor(private readonly db: Db, readonly prefix: string) {}

  init(options: Options): void {
    this.#windowMs = options.windowMs;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const { hits, resetAt } = await countHit(this.db.kysely, `${this.prefix}${key}`, this.#windowMs);
    if (Date.now() - this.#lastPrune > PRUNE_EVERY_MS) {
      this.#lastPrune = Date.now();
      void pruneHits(this.db.kysely, KEEP_MS).catch(() => undefined);
    }
    return { totalHits: hits, resetTime: resetAt };
  }

  async decrement(key: string): Promise<void> {
    await uncountHit(this.db.kysely, `${this.prefix}${key}`, this.#windowMs);
  }

  async resetKey(key: string): Promise<void> {
    await resetHits(this.db.kysely, `${this.prefix}${key}`);
  }
}
