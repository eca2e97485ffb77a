import type { Request, Response } from 'express';
import type { Caller } from '../services/caller.ts';

/** Roles, weakest first: each role can do everything the ones before it can. */
export const ROLES = ['public', 'planner', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking: set on `res.locals.principal` by the authentication middleware (a `Caller` to services). */
export interface Principal extends Caller {
  role: Role;
  /** How the caller proved it: none, a bearer token, or an API key (its id). */
  via: 'anonymous' | 'token' | 'api_key';
  /** The API key's id when `via` is 'api_key'. */
  keyId?: string;
}

export const ANONYMOUS: Principal = Object.freeze({ role: 'public', user: null, via: 'anonymous' });

/** The caller of a request; anonymous until the authentication middleware says otherwise. */
export function principalOf(req: Request): Principal {
  const res = req.res as Response | undefined;
  return (res?.locals['principal'] as Principal | undefined) ?? ANONYMOUS;
}

/** True when `role` includes the rights of `needed`. */
export function hasRole(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** The name written to the audit log for a write. */
export function actorOf(req: Request): string {
  return principalOf(req).user ?? 'anonymous';
}
