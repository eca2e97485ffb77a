import type { Db } from './connect.ts';
import { runQuery } from './sql-files.ts';

/** What `GET /api/health` says of the read replica. */
export interface ReplicaStatus {
  configured: true;
  /** Public reads go to the replica now (reachable, a standby, lag within the limit, checked recently). */
  used: boolean;
  /** Why not, when not used: 'unreachable' | 'not_a_standby' | 'lagging' | 'not_checked' | 'stale_check'. */
  reason: string | null;
  reachable: boolean;
  /**
   * How long ago the primary had WAL that the replica has not replayed yet (0 = caught up with the
   * primary's LSN read just before), measured against this process's own clock; null when unknown.
   */
  lag_ms: number | null;
  /** WAL bytes between the primary's current LSN and the replica's replay LSN. */
  lag_bytes: number | null;
  max_lag_ms: number;
  replay_lsn: string | null;
  /** Commit time (primary's clock) of the last transaction the replica replayed. */
  last_replay_at: string | null;
  checked_at: string | null;
}

export interface ReplicaOptions {
  /** A replica further behind than this is not used (public reads go to the primary). */
  maxLagMs: number;
  /** How often lag is measured. */
  pollMs: number;
  onChange?: (status: ReplicaStatus) => void;
}

/** Parses a pg_lsn text ('16/B374D848') into a comparable number of bytes. */
export function lsnBytes(lsn: string): bigint {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(lsn);
  if (!m) throw new Error(`not a pg_lsn: ${JSON.stringify(lsn)}`);
  return (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`);
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()));
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A streaming hot standby for public reads (DATABASE_READ_URL). Every `pollMs` it reads the primary's
 * WAL position, then the replica's replay position; lag is the age of the oldest primary position the
 * replica has not replayed (positions sampled by this monitor, so no clock is compared across servers).
 * `usable()` is what request routing asks: false when the replica is unreachable, not a standby,
 * behind by more than `maxLagMs`, or not checked for three poll intervals; then the primary serves.
 */
export class ReadReplica {
  #status: ReplicaStatus;
  #samples: Array<{ lsn: bigint; at: number }> = [];
  #timer: NodeJS.Timeout | undefined;
  #checking: Promise<ReplicaStatus> | undefined;
  #checkedAt = 0;
  #closed = false;

  constructor(
    readonly primary: Db,
    readonly db: Db,
    private readonly options: ReplicaOptions,
  ) {
    // Input validation
    if (db.backend !== 'postgres' || primary.backend !== 'postgres') throw new Error('a read replica needs a PostgreSQL primary and standby');
    if (!(options.maxLagMs > 0) || !(options.pollMs > 0)) throw new Error('maxLagMs and pollMs must be positive');

    this.#status = this.#blank('not_checked');
  }

  /** Starts polling (the timer does not keep the process alive). */
  start(): this {
    const tick = () => {
      if (this.#closed) return;
      void this.check().finally(() => {
        if (!this.#closed) this.#timer = setTimeout(tick, this.options.pollMs).unref();
      });
    };
    tick();
    return this;
  }

  /** The last measurement, with `used` false once it is older than three poll intervals. */
  status(): ReplicaStatus {
    if (this.#status.used && Date.now() - this.#checkedAt > 3 * this.options.pollMs) return { ...this.#status, used: false, reason: 'stale_check' };
    return this.#status;
  }

  usable(): boolean {
    return this.status().used;
  }

  /** Measures now (one at a time; concurrent callers share the measurement). */
  check(): Promise<ReplicaStatus> {
    return (this.#checking ??= this.#measure().finally(() => (this.#checking = undefined)));
  }

  async #measure(): Promise<ReplicaStatus> {
    let primaryLsn: string;
    try {
      const [p] = await runQuery<{ lsn: string }>(this.primary.sql, 'replica_primary_lsn');
      primaryLsn = p!.lsn;
    } catch {
      // The primary is down: nothing is measured, the last status ages into 'stale_check'.
      return this.status();
    }
    const now = Date.now();
    const lsn = lsnBytes(primaryLsn);
    const last = this.#samples[this.#samples.length - 1];
    if (!last || last.lsn !== lsn) this.#samples.push({ lsn, at: now });
    let next: ReplicaStatus;
    try {
      // A standby that stops answering (a hung host) is 'unreachable' after a few poll intervals, not waited on.
      const [r] = await withTimeout(
        runQuery<{ in_recovery: boolean; replay_lsn: string | null; behind_bytes: number | null; last_replay_at: Date | null }>(this.db.sql, 'replica_status', [primaryLsn]),
        Math.max(1000, 3 * this.options.pollMs),
      );
      const row = r!;
      const replayed = row.replay_lsn ? lsnBytes(row.replay_lsn) : undefined;
      // Samples the replica has replayed are of no more use: the oldest left dates the lag.
      if (replayed !== undefined) while (this.#samples.length > 0 && this.#samples[0]!.lsn <= replayed) this.#samples.shift();
      const lagMs = replayed === undefined ? null : this.#samples.length === 0 ? 0 : Math.max(0, Date.now() - this.#samples[0]!.at);
      const reason = !row.in_recovery ? 'not_a_standby' : lagMs === null || lagMs > this.options.maxLagMs ? 'lagging' : null;
      next = {
        configured: true,
        used: reason === null,
        reason,
        reachable: true,
        lag_ms: lagMs,
        lag_bytes: row.behind_bytes,
        max_lag_ms: this.options.maxLagMs,
        replay_lsn: row.replay_lsn,
        last_replay_at: row.last_replay_at ? new Date(row.last_replay_at).toISOString() : null,
        checked_at: new Date(now).toISOString(),
      };
    } catch {
      next = { ...this.#blank('unreachable'), checked_at: new Date(now).toISOString() };
    }
    // Bounded: a replica stuck for hours keeps one sample per primary position seen, at most this many.
    if (this.#samples.length > 10_000) this.#samples.splice(1, this.#samples.length - 10_000);
    const changed = next.used !== this.#status.used || next.reason !== this.#status.reason;
    this.#status = next;
    this.#checkedAt = now;
    if (changed) this.options.onChange?.(next);
    return next;
  }

  #blank(reason: string): ReplicaStatus {
    return {
      configured: true, used: false, reason, reachable: false, lag_ms: null, lag_bytes: null,
      max_lag_ms: this.options.maxLagMs, replay_lsn: null, last_replay_at: null, checked_at: null,
    };
  }

  /** Stops polling and closes the replica's pool. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    await this.#checking?.catch(() => {});
    await this.db.close();
  }
}
