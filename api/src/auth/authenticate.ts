import type { RequestHandler, Response } from 'express';
import { ApiError } from '../errors.ts';
import type { Principal } from './principal.ts';
import { credentialsOf, type Credentials } from './credentials.ts';
import { TokenError, type TokenSigner } from './tokens.ts';
import type { UserStore } from './users.ts';

/** Presented credentials that prove nothing: always 401. */
export class AuthError extends Error {
  override name = 'AuthError';
}

/** Turns presented credentials into a principal. */
export interface Authenticator {
  /** undefined = no credentials (anonymous). @throws {AuthError} for wrong, expired or revoked ones. */
  principal(credentials: Credentials): Promise<Principal | undefined>;
}

/**
 * Tokens are checked for signature and claims, then against the user's current row (disabled users
 * and tokens from before a password change are refused; the role is the current one). API keys are
 * looked up by id and compared by hash.
 */
export function createAuthenticator(store: Pick<UserStore, 'find' | 'userOfKey'>, tokens: TokenSigner): Authenticator {
  return {
    async principal(credentials) {
      switch (credentials.kind) {
        case 'none':
          return undefined;
        case 'malformed':
          throw new AuthError(credentials.reason);
        case 'bearer': {
          let claims;
          try {
            claims = await tokens.verify(credentials.token);
          } catch (err) {
            if (err instanceof TokenError) throw new AuthError(err.message);
            throw err;
          }
          const user = await store.find(claims.sub);
          if (!user || user.id !== claims.uid || user.disabled || user.tokenEpoch !== claims.epoch) throw new AuthError('token is no longer valid: log in again');
          return { role: user.role, user: user.name, via: 'token' };
        }
        case 'api_key': {
          const found = await store.userOfKey(credentials.key);
          if (!found) throw new AuthError('API key is not valid (unknown, revoked, or its user is disabled)');
          return { role: found.user.role, user: found.user.name, via: 'api_key', keyId: found.keyId };
        }
      }
    },
  };
}

export const WWW_AUTHENTICATE = 'Bearer realm="lifecircle", ApiKey realm="lifecircle"';

/** 401 in the JSON error shape, with the challenge RFC 9110 asks for. */
export function unauthorized(res: Response, message: string, invalidToken = false): ApiError {
  res.set('WWW-Authenticate', invalidToken ? 'Bearer realm="lifecircle", error="invalid_token"' : WWW_AUTHENTICATE);
  return new ApiError('unauthorized', message, { field: 'Authorization' });
}

/** Sets `res.locals.principal` from the request's credentials; bad credentials → 401 before anything else. */
export function authenticate(auth: Authenticator): RequestHandler {
  return (req, res, next) => {
    // Answers may depend on who asks (building households): shared caches must key on the credentials.
    res.vary('Authorization').vary('X-API-Key');
    auth.principal(credentialsOf(req)).then(
      (principal) => {
        if (principal) res.locals['principal'] = principal;
        next();
      },
      (err: unknown) => next(err instanceof AuthError ? unauthorized(res, err.message, true) : err),
    );
  };
}
