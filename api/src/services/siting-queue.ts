import { hostname } from 'node:os';
import { PgBoss, type Job as BossJob, type JobWithMetadata } from 'pg-boss';
import type { Db } from '../db/connect.ts';
import { deleteProgress, lockSitingEnqueue, readProgress, sitingQueueLoad, writeProgress } from '../db/repositories/siting-jobs.ts';
import type { Caller } from './caller.ts';
import { admit, type JobState, type JobView } from './siting-jobs.ts';

/** The pg-boss queue every `serve` process on one database works. */
export const SITING_QUEUE = 'lifecircle-siting';
/** pg-boss's own tables live in this schema (it creates and migrates it at start). */
export const QUEUE_SCHEMA = 'pgboss';

/** This process, as a job's view names its worker. */
const WORKER = `${hostname()}:${process.pid}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** What a queued run carries: enough for any process to rebuild and solve it. */
export interface QueuedRun<R> {
  owner: string;
  caller: Caller;
  request: R;
  scenario: number | null;
}

/** How a failure is stored in the job's output and shown: code, message, field. */
export interface JobError {
  code: string;
  message: string;
  field?: string;
}

export interface SitingQueueOptions {
  /** `postgres://…` of the database (pg-boss opens a small pool of its own). */
  url: string;
  /** Runs this process works at once (the solver is CPU-bound). Default 2. */
  concurrency?: number;
  /** A running job's process writes a heartbeat this often… Default 1 s (also how soon it sees a cancel). */
  heartbeatRefreshSeconds?: number;
  /** …and a job with no heartbeat for this long is failed (its process died). Default 10 s (pg-boss's least). */
  heartbeatSeconds?: number;
  /** How often a process looks for jobs whose heartbeat stopped. Default 2 s. */
  superviseIntervalSeconds?: number;
  /** How long a finished job stays readable. Default one hour. */
  keepSeconds?: number;
  /** Jobs queued or running at once over every process (`LIFECIRCLE_SITING_QUEUE_MAX`). Default 16. */
  maxQueued?: number;
  /** …of them one caller's (`LIFECIRCLE_SITING_QUEUE_PER_USER`). Default 4. */
  perUser?: number;
  log: { warn: (obj: object, msg: string) => void; error: (obj: object, msg: string) => void };
}

/** Runs one job in this process; `prepared` is set when this process built the run (the POST came here). */
export type Runner<R, T> = (job: { id: string; data: QueuedRun<R> }, signal: AbortSignal, onProgress: (fraction: number, phase: string) => void) => Promise<T>;

/** Thrown by a run: its stored error says what went wrong. */
export class StoredJobError extends Error {
  constructor(readonly stored: JobError) {
    super(stored.message);
  }
}

/**
 * Siting jobs in PostgreSQL through pg-boss, for several `serve` processes on one database: any process
 * enqueues, any process works (localConcurrency per process), any process reads a job (state, progress,
 * result) and cancels it. A cancel reaches the running worker through its heartbeat (the claim is gone:
 * pg-boss aborts the job's signal) within `heartbeatRefreshSeconds`; a process that dies stops
 * heartbeating and the supervisor of any live process fails its job after `heartbeatSeconds`
 * (retryLimit 0: a run that killed one process is not handed to the next).
 */
export class SitingQueue<R, T> {
  readonly #boss: PgBoss;
  readonly #ready: Promise<void>;
  readonly #db: Db;
  readonly #options: Required<Omit<SitingQueueOptions, 'log' | 'url'>> & Pick<SitingQueueOptions, 'log'>;
  /** Jobs that finished in this process: a waiting POST here wakes at once. */
  readonly #local = new Map<string, { done: Promise<void>; resolve: () => void }>();
  #stopped = false;

  constructor(db: Db, options: SitingQueueOptions, run: Runner<R, T>, describe: (err: unknown) => JobError) {
    this.#db = db;
    this.#options = {
      concurrency: options.concurrency ?? 2,
      heartbeatRefreshSeconds: options.heartbeatRefreshSeconds ?? 1,
      heartbeatSeconds: Math.max(10, options.heartbeatSeconds ?? 10),
      superviseIntervalSeconds: options.superviseIntervalSeconds ?? 2,
      keepSeconds: options.keepSeconds ?? 3600,
      maxQueued: options.maxQueued ?? 16,
      perUser: options.perUser ?? 4,
      log: options.log,
    };
    const o = this.#options;
    const boss = new PgBoss({
      connectionString: options.url,
      schema: QUEUE_SCHEMA,
      max: 3,
      application_name: 'lifecircle-queue',
      schedule: false,
      superviseIntervalSeconds: o.superviseIntervalSeconds,
      monitorIntervalSeconds: o.superviseIntervalSeconds,
    });
    this.#boss = boss;
    boss.on('error', (err) => {
      if (!this.#stopped) o.log.error({ err }, 'siting queue error');
    });
    this.#ready = (async () => {
      await boss.start();
      const queue = {
        heartbeatSeconds: o.heartbeatSeconds,
        retryLimit: 0,
        // A run's own time limit is at most 600 s; building and measuring come on top.
        expireInSeconds: 900,
        deleteAfterSeconds: o.keepSeconds,
      };
      if (!(await boss.getQueue(SITING_QUEUE))) {
        try {
          await boss.createQueue(SITING_QUEUE, queue);
        } catch (err) {
          if (!(await boss.getQueue(SITING_QUEUE))) throw err; // else another process created it first
        }
      }
      await boss.work<QueuedRun<R>>(
        SITING_QUEUE,
        { localConcurrency: o.concurrency, batchSize: 1, pollingIntervalSeconds: 0.5, heartbeatRefreshSeconds: o.heartbeatRefreshSeconds },
        async ([job]: BossJob<QueuedRun<R>>[]) => this.#work(job!, run, describe),
      );
    })();
    this.#ready.catch((err) => o.log.error({ err }, 'siting queue did not start'));
  }

  async #work(job: BossJob<QueuedRun<R>>, run: Runner<R, T>, describe: (err: unknown) => JobError): Promise<T> {
    let last = 0;
    let writing: Promise<void> = Promise.resolve();
    const onProgress = (fraction: number, phase: string) => {
      const now = Date.now();
      if (now - last < 250) return;
      last = now;
      writing = writing.then(() => writeProgress(this.#db.kysely, job.id, Math.min(1, Math.max(0, fraction)), phase.slice(0, 64))).catch(() => undefined);
    };
    try {
      await writeProgress(this.#db.kysely, job.id, 0, 'building', WORKER);
      return await run({ id: job.id, data: job.data }, job.signal, onProgress);
    } catch (err) {
      throw new StoredJobError(describe(err));
    } finally {
      await writing;
      await deleteProgress(this.#db.kysely, job.id).catch(() => undefined);
      this.#local.get(job.id)?.resolve();
    }
  }

  get #limits(): { total: number; perUser: number } {
    return { total: this.#options.maxQueued, perUser: this.#options.perUser };
  }

  /**
   * Throws when `owner` may not enqueue now (a look without the lock, before the run is built: a
   * refusal under load costs one count, not a problem built for nothing). `send` decides for good.
   * @throws {SitingLimitError} `too_many_jobs` (the owner's share) or `queue_full` (every process's jobs)
   */
  async admit(owner: string): Promise<void> {
    await this.#ready;
    admit(await sitingQueueLoad(this.#db.sql, QUEUE_SCHEMA, SITING_QUEUE, owner), this.#limits);
  }

  /**
   * Enqueues a run; any process (this one included) picks it up. The count and the insert run under one
   * advisory lock over every process (held until the insert is committed), so the queue never holds more
   * than its limits; a refused run is not enqueued.
   * @throws {SitingLimitError} when the owner's share or the whole queue is full
   */
  async send(data: QueuedRun<R>): Promise<string> {
    await this.#ready;
    const id = await this.#db.sql.begin(async (tx) => {
      await lockSitingEnqueue(tx);
      admit(await sitingQueueLoad(tx, QUEUE_SCHEMA, SITING_QUEUE, data.owner), this.#limits);
      // On pg-boss's own pool: committed before this transaction ends and frees the lock.
      return this.#boss.send(SITING_QUEUE, data as object);
    });
    if (!id) throw new Error('the siting queue refused the job');
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    this.#local.set(id, { done, resolve });
    setTimeout(() => this.#local.delete(id), 60_000).unref();
    return id;
  }

  /** Waits up to `ms` for the job to finish (wakes at once when this process ran it; polls otherwise). */
  async waitFor(id: string, ms: number): Promise<void> {
    const until = Date.now() + ms;
    const local = this.#local.get(id)?.done;
    let ranHere = false;
    while (Date.now() < until) {
      // Ran here: pg-boss records the end just after the handler returns, so look again soon.
      const step = Math.min(ranHere ? 10 : 100, until - Date.now());
      if (local && !ranHere) ranHere = await Promise.race([local.then(() => true), sleep(step).then(() => false)]);
      else await sleep(step);
      const job = await this.#job(id);
      if (!job || !['created', 'retry', 'active'].includes(job.state)) return;
    }
  }

  async #job(id: string): Promise<JobWithMetadata<QueuedRun<R>> | undefined> {
    if (!UUID.test(id)) return undefined;
    await this.#ready;
    return (await this.#boss.getJobById<QueuedRun<R>>(SITING_QUEUE, id)) ?? undefined;
  }

  /** The job and its owner, or undefined. */
  async get(id: string): Promise<{ owner: string; view: JobView<T> } | undefined> {
    const job = await this.#job(id);
    if (!job) return undefined;
    const state: JobState = job.state === 'completed' ? 'done' : job.state === 'failed' ? 'failed' : job.state === 'cancelled' ? 'cancelled' : 'running';
    let progress: JobView<T>['progress'] = { fraction: state === 'done' ? 1 : 0, phase: state === 'running' ? 'queued' : state };
    if (job.state === 'active') progress = (await readProgress(this.#db.kysely, id)) ?? { fraction: 0, phase: 'building' };
    const finished = state === 'running' ? null : (job.completedOn ?? new Date());
    const view: JobView<T> = {
      id: job.id,
      state,
      progress,
      created_at: new Date(job.createdOn).toISOString(),
      finished_at: finished ? new Date(finished).toISOString() : null,
      ...(state === 'done' ? { result: job.output as T } : {}),
      ...(state === 'failed' ? { error: storedError(job.output, this.#options.heartbeatSeconds) } : {}),
    };
    return { owner: job.data.owner, view };
  }

  /** Cancels a queued or running job (its worker aborts within a heartbeat refresh). */
  async cancel(id: string): Promise<void> {
    await this.#ready;
    await this.#boss.cancel(SITING_QUEUE, id);
  }

  /** Forgets a finished job. */
  async forget(id: string): Promise<void> {
    await this.#ready;
    await this.#boss.deleteJob(SITING_QUEUE, id);
  }

  /** Queue depth for health: queued and running jobs over every process. */
  async depth(): Promise<{ queued: number; active: number }> {
    await this.#ready;
    const q = await this.#boss.getQueue(SITING_QUEUE);
    return { queued: q?.queuedCount ?? 0, active: q?.activeCount ?? 0 };
  }

  /** Stops working (running jobs of this process are aborted and failed; others' go on). */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    await this.#ready.catch(() => undefined);
    await this.#boss.stop({ graceful: false, timeout: 2000 }).catch(() => undefined);
  }
}

/** A failed job's error from its output: ours (code, message, field), else its process was lost. */
function storedError(output: unknown, heartbeatSeconds: number): JobError {
  const o = (output ?? {}) as { stored?: JobError; code?: unknown; message?: unknown; field?: unknown };
  const stored = o.stored ?? (typeof o.code === 'string' && typeof o.message === 'string' ? (o as JobError) : undefined);
  if (stored && typeof stored.code === 'string') return { code: stored.code, message: stored.message, ...(stored.field ? { field: stored.field } : {}) };
  return { code: 'internal', message: `the siting run stopped: the process running it ended or stopped answering (no heartbeat for ${heartbeatSeconds} s); start it again` };
}
