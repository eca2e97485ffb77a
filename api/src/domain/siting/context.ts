import type { BoundSites } from './bounds.ts';
import type { SiteRules } from './engine.ts';
import type { SitingProblem } from './model.ts';
import type { Ticker } from './progress.ts';
import type { CheckedOptions } from './validate.ts';

/** What every model's solver gets. @private */
export interface ModelContext {
  problem: SitingProblem;
  opts: CheckedOptions;
  rules: SiteRules;
  boundSites: BoundSites;
  ticker: Ticker;
  signal?: AbortSignal | undefined;
  onProgress?: ((fraction: number, phase: string) => void) | undefined;
  onExactWorker?: ((pid: number) => void) | undefined;
  /** performance.now() at the start of the run (the exact time limit counts from here). */
  t0: number;
}

/** What a model's solver returns (the objective and curve are computed from `sites` afterwards). @private */
export interface ModelResult {
  sites: number[];
  /** Best proven bound in the model's objective terms. */
  bound: number;
  feasible: boolean;
  bestRate?: number | undefined;
  exactStatus?: string | undefined;
  exactMessage?: string | undefined;
  /** Capacitated models: the site each demand point is assigned to (−1: none) and its cost. */
  assignment?: Int32Array | undefined;
  assignedCost?: Float64Array | undefined;
  /** Capacitated mclp: the covered weight (existing coverage included) and each site's load. */
  covered?: number | undefined;
  load?: Float64Array | undefined;
  /** Fair p-median: the objective HiGHS minimised (total + weight × deviation). */
  fairObjective?: number | undefined;
}

/** @private */
export function makeContext(problem: SitingProblem, opts: CheckedOptions, ticker: Ticker, t0: number, signal?: AbortSignal, onProgress?: (fraction: number, phase: string) => void, onExactWorker?: (pid: number) => void): ModelContext {
  const isForced = new Uint8Array(problem.siteIds.length);
  for (const f of opts.forced) isForced[f] = 1;
  const free: number[] = [];
  for (let j = 0; j < problem.siteIds.length; j++) if (opts.allowed[j] && !isForced[j]) free.push(j);
  return {
    problem,
    opts,
    rules: { allowed: opts.allowed, forced: opts.forced, conflictStart: opts.conflictStart, conflictAdj: opts.conflictAdj },
    boundSites: { free: Uint32Array.from(free), forced: opts.forced, pFree: Math.max(0, opts.p - opts.forced.length) },
    ticker,
    signal,
    onProgress,
    onExactWorker,
    t0,
  };
}

/** Seconds left of the exact time limit. @private */
export function secondsLeft(ctx: ModelContext): number {
  return Math.max(0.05, ctx.opts.timeLimitS - (performance.now() - ctx.t0) / 1000);
}
