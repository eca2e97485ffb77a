import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { principalOf } from '../auth/principal.ts';
import { todayIn } from '../domain/dates.ts';
import { ifNoneMatch } from './params.ts';

/** What an analysis answer depends on besides its URL: the city's data version and the scenario's version. */
export interface AnalysisKey {
  dataVersion: string;
  /** The scenario's `{ id, version }` when the answer is for one. */
  scenario?: { id: number; version: number } | undefined;
  /** Anything else the answer reads (a plan's revision and reported figures). */
  extra?: unknown;
}

/**
 * The ETag of an analysis answer, keyed by (data version, scenario version, parameters): the path,
 * the query (sorted), the caller's role (the public sees fewer fields) and today's date (the default
 * `as_of`). Weak: the same answer compressed or not. Any write bumps the data version, any scenario
 * edit its version, so the tag changes exactly when the answer may.
 */
export function analysisEtag(req: Request, key: AnalysisKey): string {
  const query = Object.keys(req.query).sort().map((k) => [k, req.query[k]]);
  const text = JSON.stringify([key.dataVersion, key.scenario ?? null, req.baseUrl + req.path, query, principalOf(req).role, todayIn(), key.extra ?? null]);
  return `W/"a${key.dataVersion}${key.scenario ? `s${key.scenario.id}.${key.scenario.version}` : ''}-${createHash('sha256').update(text).digest('base64url').slice(0, 22)}"`;
}

/**
 * Sets `ETag` and `Cache-Control: no-cache` (revalidate every time) on an analysis answer before it
 * is computed; answers 304 and returns true when the request's If-None-Match already holds it, so a
 * repeat costs one data-version read instead of the computation and the bytes.
 */
export function notModified(req: Request, res: Response, key: AnalysisKey): boolean {
  const etag = analysisEtag(req, key);
  res.set({ ETag: etag, 'Cache-Control': 'no-cache' });
  if (!ifNoneMatch(req, etag.slice(2))) return false;
  res.status(304).end();
  return true;
}
