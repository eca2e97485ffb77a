import type { Request } from 'express';

/** What the caller presented: a bearer token, an API key, nothing, or something we cannot read. */
export type Credentials =
  | { kind: 'none' }
  | { kind: 'bearer'; token: string }
  | { kind: 'api_key'; key: string }
  | { kind: 'malformed'; reason: string };

/**
 * Reads `Authorization: Bearer <jwt>`, `Authorization: ApiKey <key>` or `X-API-Key: <key>`.
 * More than one credential, or another scheme, is malformed (never silently anonymous).
 */
export function credentialsOf(req: Request): Credentials {
  const authorization = req.get('authorization');
  const apiKey = req.get('x-api-key');
  if (authorization !== undefined && apiKey !== undefined) return { kind: 'malformed', reason: 'send either Authorization or X-API-Key, not both' };
  if (apiKey !== undefined) return apiKey.trim() ? { kind: 'api_key', key: apiKey.trim() } : { kind: 'malformed', reason: 'X-API-Key is empty' };
  if (authorization === undefined) return { kind: 'none' };
  const m = /^\s*(\S+)\s+(\S+)\s*$/.exec(authorization);
  if (!m) return { kind: 'malformed', reason: 'Authorization must be "Bearer <token>" or "ApiKey <key>"' };
  const scheme = m[1]!.toLowerCase();
  if (scheme === 'bearer') return { kind: 'bearer', token: m[2]! };
  if (scheme === 'apikey') return { kind: 'api_key', key: m[2]! };
  return { kind: 'malformed', reason: `Authorization scheme ${JSON.stringify(m[1])} is not supported; use Bearer or ApiKey` };
}
