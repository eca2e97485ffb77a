import type { RequestHandler } from 'express';
import { invalidParameter } from '../errors.ts';

/** Deepest nesting a JSON body or query may have (GeoJSON MultiPolygons need 5; 5 000 deep once ended in a RangeError). */
export const MAX_JSON_DEPTH = 64;

// A UTF-16 surrogate without its partner: PostgreSQL would store U+FFFD in its place, silently.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function stringFault(s: string): string | undefined {
  if (s.includes('\u0000')) return 'must not contain NUL characters';
  if (LONE_SURROGATE.test(s)) return 'must not contain a lone UTF-16 surrogate (text that is not valid Unicode)';
  return undefined;
}

/**
 * The first field (`properties.name`, `changes[2].code`) holding a NUL character or a lone surrogate, or
 * nested deeper than MAX_JSON_DEPTH, with the reason. Iterative: a deep body cannot overflow the stack.
 */
function faultAt(root: unknown): { path: string; reason: string } | undefined {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: root, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const reason = stringFault(value);
      if (reason) return { path: path || 'body', reason };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return { path: path || 'body', reason: `is nested deeper than ${MAX_JSON_DEPTH} levels` };
    const entries = Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i -= 1) {
      const [k, v] = entries[i]!;
      const reason = stringFault(k);
      if (reason) return { path: path || 'body', reason: `has a member name that ${reason.replace(/^must not/, 'must not')}` };
      stack.push({ value: v, path: Array.isArray(value) ? `${path}[${k}]` : path ? `${path}.${k}` : k, depth: depth + 1 });
    }
  }
  return undefined;
}

/**
 * Refuses NUL characters and lone surrogates in the path, the query and JSON bodies, and bodies nested
 * deeper than MAX_JSON_DEPTH, with a 400 naming the field. PostgreSQL text cannot hold NUL (it would fail
 * deep in a query) and would turn a lone surrogate into U+FFFD.
 */
export const refuseNul: RequestHandler = (req, _res, next) => {
  let path: string;
  try {
    path = decodeURIComponent(req.path);
  } catch {
    return next(invalidParameter('path', 'is not valid percent-encoding'));
  }
  if (path.includes('\u0000')) return next(invalidParameter('path', 'must not contain NUL characters'));
  const inQuery = faultAt(req.query);
  if (inQuery) return next(invalidParameter(inQuery.path, inQuery.reason));
  const inBody = faultAt(req.body);
  if (inBody) return next(invalidParameter(inBody.path, inBody.reason));
  next();
};
