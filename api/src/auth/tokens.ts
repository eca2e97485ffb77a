import { SignJWT, jwtVerify, errors } from 'jose';
import type { Role } from './principal.ts';

export const TOKEN_ISSUER = 'lifecircle';
export const TOKEN_AUDIENCE = 'lifecircle-api';
/** Seconds of clock skew tolerated between the server that signed and the one that checks. */
export const TOKEN_CLOCK_TOLERANCE_S = 5;
const ALGORITHM = 'HS256';

export interface TokenClaims {
  /** User name. */
  sub: string;
  /** The user's id: never reused, so a token of a deleted account never fits a new one of the same name. */
  uid: number;
  /** The role when issued (informative: the server reads the current role from the database). */
  role: Role;
  /** The user's token epoch when issued; a password change or disabling bumps it. */
  epoch: number;
}

export interface IssuedToken {
  token: string;
  /** ISO 8601 instant after which the token is refused. */
  expiresAt: string;
}

/** Why a presented token was refused (all of them mean 401). */
export class TokenError extends Error {
  override name = 'TokenError';
}

export interface TokenSigner {
  issue(claims: TokenClaims): Promise<IssuedToken>;
  /** @throws {TokenError} when the signature, issuer, audience, expiry or claims are wrong. */
  verify(token: string): Promise<TokenClaims>;
}

/**
 * Short-lived HS256 JWTs (jose). `secret` must be at least 32 bytes; `ttlSeconds` is the lifetime.
 * @example
 * const tokens = createTokenSigner(randomBytes(32), 3600);
 * const { token } = await tokens.issue({ sub: 'wang', uid: 7, role: 'planner', epoch: 1 });
 */
export function createTokenSigner(secret: Uint8Array, ttlSeconds: number, now: () => number = Date.now): TokenSigner {
  // Input validation
  if (secret.byteLength < 32) throw new Error('token secret must be at least 32 bytes');
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) throw new Error('token lifetime must be a positive integer of seconds');

  return {
    async issue({ sub, uid, role, epoch }) {
      const iat = Math.floor(now() / 1000);
      const exp = iat + ttlSeconds;
      const token = await new SignJWT({ uid, role, epoch })
        .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
        .setSubject(sub)
        .setIssuer(TOKEN_ISSUER)
        .setAudience(TOKEN_AUDIENCE)
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(secret);
      return { token, expiresAt: new Date(exp * 1000).toISOString() };
    },

    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, secret, {
          algorithms: [ALGORITHM],
          issuer: TOKEN_ISSUER,
          audience: TOKEN_AUDIENCE,
          clockTolerance: TOKEN_CLOCK_TOLERANCE_S,
          requiredClaims: ['sub', 'exp', 'iat'],
          currentDate: new Date(now()),
          // Issued at most one lifetime ago: an old iat with a far exp is refused too.
          maxTokenAge: ttlSeconds + TOKEN_CLOCK_TOLERANCE_S,
        });
        const { sub, uid, role, epoch, iat, exp } = payload as { sub?: unknown; uid?: unknown; role?: unknown; epoch?: unknown; iat?: number; exp?: number };
        if (typeof sub !== 'string' || typeof uid !== 'number' || !Number.isSafeInteger(uid) || typeof epoch !== 'number' || !Number.isInteger(epoch) || (role !== 'planner' && role !== 'admin')) {
          throw new TokenError('token claims are malformed');
        }
        // The lifetime is capped: a token (even one signed with the secret) living longer than the server issues is refused.
        if (exp! - iat! > ttlSeconds || iat! > Math.floor(now() / 1000) + TOKEN_CLOCK_TOLERANCE_S) {
          throw new TokenError(`token lifetime exceeds the server's ${ttlSeconds} s`);
        }
        return { sub, uid, role, epoch };
      } catch (err) {
        if (err instanceof TokenError) throw err;
        if (err instanceof errors.JWTExpired) throw new TokenError('token has expired');
        if (err instanceof errors.JOSEError) throw new TokenError('token is invalid');
        throw err;
      }
    },
  };
}
