/**
 * Who asks a service, as far as services care: a role and a user name. `auth/` decides both (its
 * `Principal` extends this); services only compare them, so they never import from `auth/`.
 */
export interface Caller {
  role: 'public' | 'planner' | 'admin';
  /** User name, or null for anonymous requests. */
  user: string | null;
}
