import { randomBytes } from 'node:crypto';

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

/** What `GET /api/siting/jobs/{id}` shows. */
export interface JobView<T> {
  id: string;
  state: JobState;
  /** `worker`: on a server, the process working the job (host:pid). */
  progress: { fraction: number; phase: string; worker?: string };
  created_at: string;
  finished_at: string | null;
  result?: T;
  error?: { code: string; message: string; field?: string };
}

export interface Job<T> {
  readonly id: string;
  readonly owner: string;
  readonly done: Promise<void>;
  view(): JobView<T>;
  /** The error a failed run threw (to answer the first request with it directly). */
  readonly failure: unknown;
}

interface Entry<T> {
  id: string;
  owner: string;
  state: JobState;
  fraction: number;
  phase: string;
  created: Date;
  finished: Date | null;
  result?: T;
  error?: unknown;
  controller: AbortController;
  done: Promise<void>;
}

export interface JobStoreOptions {
  /** Jobs kept (running and finished); the oldest finished ones go first. Default 32. */
  maxJobs?: number;
  /** Jobs running at once. Default 2 (the solver is CPU-bound). */
  maxRunning?: number;
  /** Jobs one caller (owner) may have running at once. Default 4 (`LIFECIRCLE_SITING_QUEUE_PER_USER`). */
  perUser?: number;
  /** How long a finished job stays readable, ms. Default one hour. */
  ttlMs?: number;
  /** How a failure is shown: code, message, field. */
  describeError?: (err: unknown) => { code: string; message: string; field?: string };
}

/** Seconds a refused caller is told to wait (`Retry-After`): the whole queue full, or their own share. */
export const RETRY_AFTER_S = { queue_full: 30, too_many_jobs: 10 } as const;

/**
 * A siting run refused before anything was queued: `queue_full` when the queue (every process's jobs,
 * queued and running) holds its limit (HTTP 503), `too_many_jobs` when the caller holds their own
 * (HTTP 429). `limit` is the bound that was hit, `count` the jobs that hold it; `retryAfterSeconds` goes
 * in `Retry-After`.
 */
export class SitingLimitError extends Error {
  override name = 'SitingLimitError';
  readonly retryAfterSeconds: number;
  constructor(
    readonly kind: 'queue_full' | 'too_many_jobs',
    readonly limit: number,
    readonly count: number,
  ) {
    super(kind === 'queue_full'
      ? `the siting queue is full: ${count} runs are queued or running (at most ${limit}); try again in ${RETRY_AFTER_S.queue_full} s`
      : `you have ${count} siting runs queued or running (at most ${limit} each); wait for one to finish, or cancel one (DELETE /api/siting/jobs/{id}), then try again`);
    this.retryAfterSeconds = RETRY_AFTER_S[kind];
  }
}

/**
 * Whether one more run may start, given the jobs queued or running now: the caller's own limit first
 * (their doing, 429), then the whole queue's (503).
 * @throws {SitingLimitError} when it may not
 */
export function admit(load: { total: number; mine: number }, limits: { total: number; perUser: number }): void {
  if (load.mine >= limits.perUser) throw new SitingLimitError('too_many_jobs', limits.perUser, load.mine);
  if (load.total >= limits.total) throw new SitingLimitError('queue_full', limits.total, load.total);
}

/**
 * Long runs as jobs, kept in this process's memory only (bounded, expiring): a restart forgets them,
 * and several server processes do not share them. Each job has an AbortController (cancel) and
 * reports progress as a fraction and a phase name.
 */
export class JobStore<T> {
  #jobs = new Map<string, Entry<T>>();
  readonly #maxJobs: number;
  readonly #maxRunning: number;
  readonly #perUser: number;
  readonly #ttlMs: number;
  readonly #describe: NonNullable<JobStoreOptions['describeError']>;

  constructor(options: JobStoreOptions = {}) {
    this.#maxJobs = options.maxJobs ?? 32;
    this.#maxRunning = options.maxRunning ?? 2;
    this.#perUser = options.perUser ?? 4;
    this.#ttlMs = options.ttlMs ?? 3_600_000;
    this.#describe = options.describeError ?? ((err) => ({ code: 'internal', message: (err as Error)?.message ?? String(err) }));
  }

  /**
   * Throws when `owner` may not start a run now (before the run is built: a refusal costs nothing).
   * The bounds are this process's: `perUser` of the owner's runs, `maxRunning` of all.
   * @throws {SitingLimitError} `too_many_jobs` or `queue_full`
   */
  admit(owner: string): void {
    let total = 0;
    let mine = 0;
    for (const j of this.#jobs.values()) {
      if (j.state !== 'running') continue;
      total += 1;
      if (j.owner === owner) mine += 1;
    }
    admit({ total, mine }, { total: this.#maxRunning, perUser: this.#perUser });
  }

  /** Starts `run` as a job owned by `owner`. @throws {SitingLimitError} when it may not ({@link admit}). */
  start(owner: string, run: (signal: AbortSignal, onProgress: (fraction: number, phase: string) => void) => Promise<T>): Job<T> {
    this.#sweep();
    this.admit(owner);
    while (this.#jobs.size >= this.#maxJobs) {
      const oldest = [...this.#jobs.values()].find((j) => j.state !== 'running');
      if (!oldest) break;
      this.#jobs.delete(oldest.id);
    }
    const controller = new AbortController();
    const entry: Entry<T> = {
      id: randomBytes(8).toString('hex'), owner, state: 'running', fraction: 0, phase: 'queued',
      created: new Date(), finished: null, controller, done: Promise.resolve(),
    };
    entry.done = (async () => {
      try {
        const result = await run(controller.signal, (fraction, phase) => {
          entry.fraction = fraction;
          entry.phase = phase;
        });
        if (entry.state === 'running') {
          entry.result = result;
          entry.state = 'done';
          entry.fraction = 1;
          entry.phase = 'done';
        }
      } catch (err) {
        if (entry.state === 'running') {
          entry.state = controller.signal.aborted ? 'cancelled' : 'failed';
          entry.error = err;
        }
      } finally {
        entry.finished ??= new Date();
      }
    })();
    this.#jobs.set(entry.id, entry);
    return this.#handle(entry);
  }

  /** The job, when it exists and `visible(owner)` says the caller may see it. */
  get(id: string, visible: (owner: string) => boolean): Job<T> | undefined {
    this.#sweep();
    const entry = this.#jobs.get(id);
    return entry && visible(entry.owner) ? this.#handle(entry) : undefined;
  }

  /** Cancels a running job (its run sees the abort) or forgets a finished one. */
  cancel(id: string): void {
    const entry = this.#jobs.get(id);
    if (!entry) return;
    if (entry.state === 'running') {
      entry.state = 'cancelled';
      entry.phase = 'cancelled';
      entry.finished = new Date();
      entry.controller.abort();
    } else {
      this.#jobs.delete(id);
    }
  }

  /** How many jobs run now. */
  running(): number {
    let n = 0;
    for (const j of this.#jobs.values()) if (j.state === 'running') n++;
    return n;
  }

  /** Aborts every running job (server shutdown). */
  cancelAll(): void {
    for (const j of this.#jobs.values()) if (j.state === 'running') this.cancel(j.id);
  }

  #sweep(): void {
    const now = Date.now();
    for (const [id, j] of this.#jobs) if (j.finished && now - j.finished.getTime() > this.#ttlMs) this.#jobs.delete(id);
  }

  #handle(entry: Entry<T>): Job<T> {
    const describe = this.#describe;
    return {
      id: entry.id,
      owner: entry.owner,
      done: entry.done,
      get failure() {
        return entry.state === 'failed' ? entry.error : undefined;
      },
      view: () => ({
        id: entry.id,
        state: entry.state,
        progress: { fraction: entry.fraction, phase: entry.phase },
        created_at: entry.created.toISOString(),
        finished_at: entry.finished?.toISOString() ?? null,
        ...(entry.state === 'done' ? { result: entry.result as T } : {}),
        ...(entry.state === 'failed' ? { error: describe(entry.error) } : {}),
      }),
    };
  }
}
