import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ModelData } from 'highs';
import { SitingAbortError } from './errors.ts';

/**
 * How a HiGHS run ended: HiGHS's own statuses ('optimal', 'infeasible', 'time_limit', …), or what
 * happened to the worker: 'out_of_memory' (the memory budget or the heap ran out),
 * 'memory_limit' (refused before starting: the model alone would not fit the budget),
 * 'worker_killed' (killed from outside, e.g. by a signal or the OS), 'worker_crashed' (died or
 * failed otherwise). @private
 */
export type ExactStatus = string;

/** What one HiGHS run gives back. @private */
export interface HighsResult {
  status: ExactStatus;
  /** Objective of the best solution found (offset included); null when none. */
  objective: number | null;
  /** Best proven bound on the objective (NaN when HiGHS reports none). */
  dualBound: number;
  /** Column values of the best solution; null when none. */
  colValue: Float64Array | null;
  elapsedMs: number;
  /** A sentence saying what happened when the run did not end normally. */
  message?: string | undefined;
}

/** @private */
export interface HighsRunOptions {
  maximize: boolean;
  timeLimitS: number;
  /** Memory budget of the worker in MB (its WebAssembly heap and its JavaScript heap each). */
  memoryLimitMb: number;
  /** Minimisation only: solutions must cost less than this (HiGHS's objective_bound); none → 'infeasible'. */
  cutoff?: number | undefined;
  /** A feasible start (the heuristic's solution) for HiGHS to improve on. */
  start?: Float64Array | undefined;
  signal?: AbortSignal | undefined;
  /** HiGHS progress: seconds so far, best objective and bound (null until known). */
  onProgress?: ((timeS: number, primal: number | null, dual: number | null) => void) | undefined;
  /** Called once HiGHS starts on the model, with the worker's process id (for monitoring). */
  onWorker?: ((pid: number) => void) | undefined;
}

const WORKER = fileURLToPath(new URL('./highs-worker.mjs', import.meta.url));
/** HiGHS overruns its time limit a little (presolve, the last node): how long we wait before killing it. */
const GRACE_S = 15;

/**
 * Bytes a HiGHS MIP needs at least: its matrix twice (row- and column-wise copies) plus the
 * presolved copy and per-row/column work arrays. Measured on the OR-Library and bench models, the
 * peak is 2–4 times this; it is the floor under which a solve cannot even start.
 *
 * @private
 */
export function estimateMipBytes(model: ModelData): number {
  const nnz = model.matrix?.values.length ?? 0;
  return 3 * 12 * nnz + 200 * (model.numRows + model.numCols) + 24 * 2 ** 20;
}

/** The default memory budget (MB): LIFECIRCLE_SITING_MEMORY_MB, else 1 536 (the heap stops at 2 048). @private */
export function defaultMemoryLimitMb(): number {
  const env = Number(process.env.LIFECIRCLE_SITING_MEMORY_MB);
  return Number.isFinite(env) && env > 0 ? env : 1536;
}

const failed = (status: ExactStatus, message: string, t0: number): HighsResult => ({ status, objective: null, dualBound: NaN, colValue: null, elapsedMs: performance.now() - t0, message });

/**
 * Solves a MIP with HiGHS in a child process under a memory budget. Never rejects because the worker
 * failed: a crash, a kill, running out of memory or overrunning the time limit resolve with that
 * status and no solution, so the caller can fall back to the answer it already has. Aborting the
 * signal kills the worker and rejects with SitingAbortError (that is the caller's own choice).
 *
 * @private
 */
export function runHighs(model: ModelData, options: HighsRunOptions): Promise<HighsResult> {
  if (options.signal?.aborted) return Promise.reject(new SitingAbortError());
  const t0 = performance.now();
  const budgetMb = options.memoryLimitMb;
  const needMb = estimateMipBytes(model) / 2 ** 20;
  if (needMb > budgetMb) {
    return Promise.resolve(failed('memory_limit', `the MIP (${model.numRows} rows, ${model.numCols} columns, ${model.matrix?.values.length ?? 0} nonzeros) needs at least ${Math.ceil(needMb)} MB, over the memory budget of ${budgetMb} MB; HiGHS was not started`, t0));
  }
  return new Promise<HighsResult>((resolve, reject) => {
    const child = fork(WORKER, [], {
      execArgv: [`--max-old-space-size=${Math.max(64, Math.ceil(budgetMb))}`],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    let settled = false;
    let primal: number | null = null;
    let dual: number | null = null;
    let overrun: NodeJS.Timeout | undefined;
    // HiGHS logs (and so calls back) rarely with output off: report elapsed time from here.
    const timer = setInterval(() => options.onProgress?.((performance.now() - t0) / 1000, primal, dual), 250);
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      clearTimeout(overrun);
      options.signal?.removeEventListener('abort', onAbort);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      fn();
    };
    const onAbort = (): void => finish(() => reject(new SitingAbortError()));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('message', (msg: { kind: string; [k: string]: unknown }) => {
      if (msg.kind === 'running') {
        overrun = setTimeout(() => finish(() => resolve(failed('time_limit', `HiGHS overran its time limit of ${options.timeLimitS.toFixed(1)} s by ${GRACE_S} s and was stopped`, t0))), (options.timeLimitS + GRACE_S) * 1000);
        if (child.pid !== undefined) options.onWorker?.(child.pid);
        return;
      }
      if (msg.kind === 'progress') {
        primal = msg.primal as number | null;
        dual = msg.dual as number | null;
        return;
      }
      if (msg.kind === 'error') {
        const oom = msg.oom === true;
        finish(() => resolve(failed(oom ? 'out_of_memory' : 'worker_crashed', oom ? `HiGHS ran out of memory (budget ${budgetMb} MB) and stopped; the answer is the heuristic's, with its bound` : `HiGHS failed (${String(msg.message).replace(/\. Build with.*$/, '')}); the answer is the heuristic's, with its bound`, t0)));
        return;
      }
      finish(() =>
        resolve({
          status: msg.status as string,
          objective: msg.objective as number | null,
          dualBound: msg.dualBound as number,
          colValue: msg.colValue as Float64Array | null,
          elapsedMs: performance.now() - t0,
        }),
      );
    });
    child.on('error', (err) => finish(() => resolve(failed('worker_crashed', `the HiGHS worker failed: ${err.message}`, t0))));
    child.on('close', (code, signal) => {
      finish(() => {
        if (signal === 'SIGKILL' || signal === 'SIGTERM' || signal === 'SIGINT') resolve(failed('worker_killed', `the HiGHS worker was killed (${signal}) before answering; the answer is the heuristic's, with its bound`, t0));
        // V8 exits with a fatal error (SIGABRT / 134) when its heap limit is reached.
        else if (signal === 'SIGABRT' || code === 134) resolve(failed('out_of_memory', `the HiGHS worker ran out of memory (budget ${budgetMb} MB)`, t0));
        else resolve(failed('worker_crashed', `the HiGHS worker exited (${signal ?? `code ${code}`}) before answering`, t0));
      });
    });
    child.send({ model, maximize: options.maximize, start: options.start, timeLimitS: options.timeLimitS, memoryLimitMb: budgetMb, cutoff: options.cutoff });
  });
}
