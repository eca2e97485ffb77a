import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { ApiError } from '../errors.ts';

export interface RateLimitOptions {
  /** Requests per client (IP address, after `trust proxy`) and minute, over the whole API. */
  perMinute: number;
  /** Failed logins per client and 15 minutes; successful ones do not count. */
  loginFailuresPer15Min: number;
}

function limiter(windowMs: number, limit: number, what: string, skipSuccessfulRequests: boolean): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    skipSuccessfulRequests,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, res, next, options) => {
      const retryAfter = Math.ceil(options.windowMs / 1000);
      if (!res.get('Retry-After')) res.set('Retry-After', String(retryAfter));
      next(new ApiError('too_many_requests', `too many ${what} from this client: at most ${limit} per ${windowMs / 60_000} min; retry after the Retry-After header's seconds`));
    },
  });
}

/** The API-wide limiter and the stricter one for `POST /auth/login` (counts failures only). */
export function createRateLimits(options: RateLimitOptions): { api: RequestHandler; login: RequestHandler } {
  return {
    api: limiter(60_000, options.perMinute, 'requests', false),
    login: limiter(15 * 60_000, options.loginFailuresPer15Min, 'failed logins', true),
  };
}
