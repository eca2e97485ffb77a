import type { RequestHandler } from 'express';
import { invalidParameter } from '../errors.ts';

/** The path (`properties.name`, `changes[2].code`) of the first string holding a NUL character, if any. */
function nulAt(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'body' : undefined;
  if (value === null || typeof value !== 'object' || depth > 64) return undefined;
  for (const [k, v] of Object.entries(value)) {
    if (k.includes('\u0000')) return path || 'body';
    const found = nulAt(v, Array.isArray(value) ? `${path}[${k}]` : path ? `${path}.${k}` : k, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * Refuses NUL characters in the path, the query and JSON bodies with a 400 naming the field.
 * PostgreSQL text cannot hold them, so they would otherwise fail deep in a query.
 */
export const refuseNul: RequestHandler = (req, _res, next) => {
  let path: string;
  try {
    path = decodeURIComponent(req.path);
  } catch {
    return next(invalidParameter('path', 'is not valid percent-encoding'));
  }
  if (path.includes('\u0000')) return next(invalidParameter('path', 'must not contain NUL characters'));
  const inQuery = nulAt(req.query, '');
  if (inQuery) return next(invalidParameter(inQuery, 'must not contain NUL characters'));
  const inBody = nulAt(req.body, '');
  if (inBody) return next(invalidParameter(inBody, 'must not contain NUL characters'));
  next();
};
