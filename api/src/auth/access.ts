import type { RequestHandler } from 'express';
import { ApiError } from '../errors.ts';
import { hasRole, principalOf, ROLES, type Role } from './principal.ts';
import { unauthorized } from './authenticate.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** One operation of the OpenAPI document with the role it declares. */
export interface OperationRole {
  method: string;
  /** OpenAPI path template, relative to /api (e.g. `/collections/{collectionId}/items`). */
  path: string;
  /** The declared `x-role`, or undefined when missing or not a role (then only admins pass). */
  declared: Role | undefined;
  /** What is enforced: the declared role, else admin (deny by default). */
  role: Role;
}

interface OpenApiLike {
  paths?: Record<string, Record<string, unknown>>;
}

/** Every operation of the document, with its role. */
export function operationRoles(doc: OpenApiLike): OperationRole[] {
  const out: OperationRole[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method] as { 'x-role'?: unknown } | undefined;
      if (!op) continue;
      const raw = op['x-role'];
      const declared = (ROLES as readonly unknown[]).includes(raw) ? (raw as Role) : undefined;
      out.push({ method: method.toUpperCase(), path, declared, role: declared ?? 'admin' });
    }
  }
  return out;
}

/** `/plans/{id}/evaluation` → /^\/plans\/([^/]+)\/evaluation\/?$/i (express matches case-insensitively). */
function templateRegex(path: string): RegExp {
  const source = path
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '([^/]+)' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}/?$`, 'i');
}

/**
 * Finds the operation a request addresses: literal paths before templated ones (so `/users/me` wins
 * over `/users/{name}`), HEAD as GET.
 */
export function createOperationMatcher(doc: OpenApiLike): (method: string, path: string) => OperationRole | undefined {
  const compiled = operationRoles(doc)
    .map((op) => ({ op, regex: templateRegex(op.path), params: (op.path.match(/\{/g) ?? []).length }))
    .sort((a, b) => a.params - b.params);
  return (method, path) => {
    const m = method === 'HEAD' ? 'GET' : method;
    return compiled.find((c) => c.op.method === m && c.regex.test(path))?.op;
  };
}

export interface AccessOptions {
  /** GET-only path prefixes anyone may read that are not operations (static assets of /docs). */
  publicPrefixes?: readonly string[];
}

/**
 * The one place roles are enforced: the request is matched against the OpenAPI document's paths and
 * the caller must hold the operation's `x-role` (anonymous → 401 with WWW-Authenticate, too weak → 403).
 * A request matching no operation needs admin; anyone else gets the usual 404, so unknown routes stay
 * 404 and an undocumented route is never open.
 */
export function requireRoles(doc: OpenApiLike, options: AccessOptions = {}): RequestHandler {
  const match = createOperationMatcher(doc);
  const prefixes = options.publicPrefixes ?? [];
  return (req, res, next) => {
    const principal = principalOf(req);
    const op = match(req.method, req.path);
    if (!op) {
      if ((req.method === 'GET' || req.method === 'HEAD') && prefixes.some((p) => req.path.startsWith(p))) return next();
      if (hasRole(principal.role, 'admin')) return next();
      return next(new ApiError('not_found', `no route for ${req.method} ${req.originalUrl.split('?')[0]}`));
    }
    if (hasRole(principal.role, op.role)) return next();
    if (principal.via === 'anonymous') return next(unauthorized(res, `${req.method} ${op.path} needs a ${op.role}: log in (POST /api/auth/login) and send "Authorization: Bearer <token>", or send an API key`));
    return next(new ApiError('forbidden', `${req.method} ${op.path} needs the ${op.role} role; ${principal.user} is a ${principal.role}`, { field: 'Authorization', required_role: op.role }));
  };
}
