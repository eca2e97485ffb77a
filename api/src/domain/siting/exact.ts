import { runHighs, type HighsResult } from './highs-runner.ts';
import { sitesOf, type SitingMip } from './mip.ts';
import { secondsLeft, type ModelContext } from './context.ts';

/** Result of solving a siting MIP warm-started from the heuristic. @private */
export interface ExactRun {
  /** HiGHS's sites, or null when it found no solution. */
  sites: number[] | null;
  /** HiGHS's proven bound (offset included); NaN when none. */
  bound: number;
  status: string;
  /** Set when the run did not end normally (crash, kill, memory). */
  message?: string | undefined;
  raw: HighsResult;
}

/**
 * Runs HiGHS on a siting MIP for the time left, starting from the heuristic's open sites.
 *
 * @private
 */
export async function solveMip(ctx: ModelContext, mip: SitingMip, startSites: readonly number[] | null, cutoff?: number): Promise<ExactRun> {
  // Nothing to decide (no allowed site, no demand left): the objective is the constant.
  if (mip.model.numCols === 0) {
    const offset = mip.model.offset ?? 0;
    return { sites: [], bound: offset, status: 'optimal', raw: { status: 'optimal', objective: offset, dualBound: offset, colValue: new Float64Array(0), elapsedMs: 0 } };
  }
  let start: Float64Array | undefined;
  if (startSites) {
    const open = new Uint8Array(mip.xCol.length);
    for (const j of startSites) open[j] = 1;
    start = mip.start(open);
  }
  const limit = secondsLeft(ctx);
  const raw = await runHighs(mip.model, {
    maximize: mip.maximize,
    timeLimitS: limit,
    memoryLimitMb: ctx.opts.memoryLimitMb,
    start,
    cutoff,
    signal: ctx.signal,
    onProgress: (timeS) => ctx.onProgress?.(Math.min(1, timeS / limit), 'exact'),
    onWorker: ctx.onExactWorker,
  });
  const sites = raw.colValue ? sitesOf(mip, raw.colValue) : null;
  let bound = raw.dualBound;
  if (raw.status === 'optimal' && !Number.isFinite(bound) && raw.objective !== null) bound = raw.objective;
  return { sites, bound, status: raw.status, message: raw.message, raw };
}
