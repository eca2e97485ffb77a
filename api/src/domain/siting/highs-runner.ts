import { Worker } from 'node:worker_threads';
import type { ModelData } from 'highs';
import { SitingAbortError } from './errors.ts';

/** What one HiGHS run gives back. @private */
export interface HighsResult {
  /** 'optimal', 'infeasible', 'time_limit', … (see highs-worker.mjs). */
  status: string;
  /** Objective of the best solution found (offset included); null when none. */
  objective: number | null;
  /** Best proven bound on the objective (NaN when HiGHS reports none). */
  dualBound: number;
  /** Column values of the best solution; null when none. */
  colValue: Float64Array | null;
  elapsedMs: number;
}

/** @private */
export interface HighsRunOptions {
  maximize: boolean;
  timeLimitS: number;
  /** A feasible start (the heuristic's solution) for HiGHS to improve on. */
  start?: Float64Array | undefined;
  signal?: AbortSignal | undefined;
  /** HiGHS progress: seconds so far, best objective and bound (null until known). */
  onProgress?: ((timeS: number, primal: number | null, dual: number | null) => void) | undefined;
}

const WORKER_URL = new URL('./highs-worker.mjs', import.meta.url);

/**
 * Solves a MIP with HiGHS in a worker thread. Aborting the signal terminates the worker and rejects
 * with SitingAbortError.
 *
 * @private
 */
export function runHighs(model: ModelData, options: HighsRunOptions): Promise<HighsResult> {
  if (options.signal?.aborted) return Promise.reject(new SitingAbortError());
  const t0 = performance.now();
  return new Promise<HighsResult>((resolve, reject) => {
    const worker = new Worker(WORKER_URL, {
      workerData: { model, maximize: options.maximize, start: options.start, timeLimitS: options.timeLimitS },
    });
    let settled = false;
    let primal: number | null = null;
    let dual: number | null = null;
    // HiGHS logs (and so calls back) rarely with output off: report elapsed time from here.
    const timer = setInterval(() => options.onProgress?.((performance.now() - t0) / 1000, primal, dual), 250);
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      options.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = (): void => {
      finish(() => reject(new SitingAbortError()));
      void worker.terminate();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (msg: { kind: string; [k: string]: unknown }) => {
      if (msg.kind === 'progress') {
        primal = msg.primal as number | null;
        dual = msg.dual as number | null;
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
      void worker.terminate();
    });
    worker.on('error', (err) => finish(() => reject(err)));
    worker.on('exit', (code) => finish(() => reject(new Error(`HiGHS worker exited with code ${code} before answering`))));
  });
}
