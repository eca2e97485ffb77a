import type { RequestHandler } from 'express';
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import { createRateLimits } from './rate-limits.ts';
import { PostgresRateLimitStore, rateLimitClient } from './rate-limit-store.ts';
import { authenticate, createAuthenticator, type Authenticator } from './authenticate.ts';
import { requireRoles } from './access.ts';
import { createTokenSigner, type TokenSigner } from './tokens.ts';
import { tokenSecretBytes } from './token-secret.ts';
import { UserStore } from './users.ts';

export interface AccessControl {
  users: UserStore;
  tokens: TokenSigner;
  /** In order, before any body is read or handler runs: rate limit, authentication, role check. */
  gate: RequestHandler[];
  /** The stricter limiter for POST /auth/login. */
  loginLimit: RequestHandler;
}

/**
 * Wires authentication and authorisation for one app. `doc` is the OpenAPI document whose `x-role`
 * values are enforced; `authenticator` replaces the database-backed one (tests with a stand-in Db).
 */
export function createAccessControl(deps: {
  db: Db;
  config: Config;
  log: { warn: (msg: string) => void };
  doc: { paths?: Record<string, Record<string, unknown>> };
  authenticator?: Authenticator | undefined;
}): AccessControl {
  const { db, config, log, doc } = deps;
  const users = new UserStore(db);
  const tokens = createTokenSigner(tokenSecretBytes(config.security.tokenSecret, log), config.security.tokenTtlSeconds);
  const counts = db.backend === 'postgres' && db.url ? rateLimitClient(db.url) : undefined;
  const limits = createRateLimits({ perMinute: config.security.rateLimitPerMinute, tilesPerMinute: config.security.tileRateLimitPerMinute, loginFailuresPer15Min: config.security.loginFailuresPer15Min,
    // On a server, counts are shared by every process on the database; the embedded database has one process.
    store: counts ? (limiter) => new PostgresRateLimitStore(counts, `${limiter}:`) : undefined,
  });
  const auth = deps.authenticator ?? createAuthenticator(users, tokens);
  return {
    users,
    tokens,
    gate: [limits.api, limits.tiles, authenticate(auth), requireRoles(doc, { publicPrefixes: ['/docs/assets/'] })],
    loginLimit: limits.login,
  };
}
