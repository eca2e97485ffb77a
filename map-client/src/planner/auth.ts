// The planner's sign-in: POST /api/auth/login gives a bearer token, kept in memory and in
// sessionStorage (this tab only, gone when it closes), and dropped once it expires.
import type { Auth } from '../state.ts';

const KEY = 'lifecircle.auth';

function isAuth(value: unknown): value is Auth {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.token === 'string' && typeof v.name === 'string' && (v.role === 'planner' || v.role === 'admin');
}

/** True when the token's expiry has passed (a missing expiry never expires here). */
export function expired(auth: Pick<Auth, 'expiresAt'>, now = Date.now()): boolean {
  if (!auth.expiresAt) return false;
  const at = Date.parse(auth.expiresAt);
  return Number.isFinite(at) && at <= now;
}

/** The stored sign-in of this tab, unless absent, malformed or expired. */
export function restoreAuth(): Auth | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const parsed: unknown = JSON.parse(raw);
    if (!isAuth(parsed) || expired(parsed)) {
      sessionStorage.removeItem(KEY);
      return null;
    }
    return parsed;
  } catch {
    return null;
  }
}

export function saveAuth(auth: Auth | null): void {
  try {
    if (auth) sessionStorage.setItem(KEY, JSON.stringify(auth));
    else sessionStorage.removeItem(KEY);
  } catch {
    // Storage blocked: the sign-in still holds in memory for this page.
  }
}
