import { createHash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Store } from 'express-rate-limit';
import { ApiError } from '../errors.ts';

export interface RateLimitOptions {
  /** Requests per client and minute over the API except tiles: per token or key when one is sent, else per IP address (after `trust proxy`). */
  perMinute: number;
  /** Map tile requests (`/tiles/…`) per client and minute, counted apart (a map view asks for dozens at once). */
  tilesPerMinute: number;
  /** Failed logins per client and 15 minutes; successful ones do not count. */
  loginFailuresPer15Min: number;
  /**
   * Where the counts live, per limiter ('api', 'tiles', 'login'): undefined = this process's memory
   * (the embedded database); on a PostgreSQL server, a shared table so several processes count together.
   */
  store?: ((limiter: 'api' | 'tiles' | 'login') => Store) | undefined;
}

/**
 * Whose budget a request spends: the credential it carries (so signed-in users behind one office NAT
 * each have their own), else its IP address. A forged credential gets a bucket of its own but is refused
 * (401) at its signature or key check, which costs no more than a refused request.
 */
export function clientKey(req: Request): string {
  const credential = req.get('authorization') ?? req.get('x-api-key');
  if (credential) return `cred:${createHash('sha256').update(credential).digest('base64url')}`;
  return `ip:${ipKeyGenerator(req.ip ?? '')}`;
}

function limiter(windowMs: number, limit: number, what: string, skipSuccessfulRequests: boolean, store: Store | undefined, skip?: (req: Request) => boolean, keyGenerator: (req: Request) => string = clientKey): RequestHandler {
  return rateLimit({
    ...(store ? { store, passOnStoreError: true } : {}),
    windowMs,
    limit,
    skipSuccessfulRequests,
    keyGenerator,
    ...(skip ? { skip } : {}),
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, res, next, options) => {
      const retryAfter = Math.ceil(options.windowMs / 1000);
      if (!res.get('Retry-After')) res.set('Retry-After', String(retryAfter));
      next(new ApiError('too_many_requests', `too many ${what} from this client: at most ${limit} per ${windowMs / 60_000} min; retry after the Retry-After header's seconds`));
    },
  });
}

const isTile = (req: Request) => req.path.startsWith('/tiles/');

/** The API-wide limiter (tiles apart, in their own), and the stricter one for `POST /auth/login` (counts failures only). */
export function createRateLimits(options: RateLimitOptions): { api: RequestHandler; tiles: RequestHandler; login: RequestHandler } {
  return {
    api: limiter(60_000, options.perMinute, 'requests', false, options.store?.('api'), isTile),
    tiles: limiter(60_000, options.tilesPerMinute, 'tile requests', false, options.store?.('tiles'), (req) => !isTile(req)),
    // Failed logins count per address whatever header comes along.
    login: limiter(15 * 60_000, options.loginFailuresPer15Min, 'failed logins', true, options.store?.('login'), undefined, (req) => `ip:${ipKeyGenerator(req.ip ?? '')}`),
  };
}
