import type { RequestHandler } from 'express';
import { ApiError, STATUS_OF } from '../errors.ts';

/** Paths (relative to /api) of analyses: coverage, accessibility, plan evaluation and progress, siting. */
export const ANALYSIS_PATHS: readonly RegExp[] = [
  /^\/coverage(\/|$)/i,
  /^\/accessibility(\/|$)/i,
  /^\/siting(\/|$)/i,
  /^\/plans\/[^/]+\/(evaluation|progress)\/?$/i,
];

/**
 * Answers 503 `timeout` when an analysis has not answered within `ms`. The work itself is not
 * cancelled (a running query or computation finishes and its answer is dropped), so the client is
 * freed and told to narrow the request. Writes are never under this timer.
 */
export function analysisTimeout(ms: number, paths: readonly RegExp[] = ANALYSIS_PATHS): RequestHandler {
  return (req, res, next) => {
    if (!paths.some((p) => p.test(req.path))) return next();
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      res.set('Retry-After', '30');
      const err = new ApiError('timeout', `the analysis did not finish within ${ms} ms; narrow it (fewer types, a smaller unit or level) or try again later`);
      res.status(STATUS_OF[err.code]).json(err.toJSON());
    }, ms);
    timer.unref();
    res.on('close', () => clearTimeout(timer));
    next();
  };
}
