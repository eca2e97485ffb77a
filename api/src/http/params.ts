import type { Request } from 'express';
import { isIsoDate, todayIn } from '../domain/dates.ts';
import { ApiError, invalidParameter } from '../errors.ts';
import { principalOf } from '../auth/principal.ts';
import { choice } from '../services/choice.ts';

export const PARAM_LIMIT = 'limit';
export const PARAM_OFFSET = 'offset';
export const PARAM_BBOX = 'bbox';

export type BBox = [west: number, south: number, east: number, north: number];

function single(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidParameter(field, 'must be given once, as a single value');
  return value;
}

/** A query parameter given at most once; empty counts as absent. */
export function one(req: Request, name: string): string | undefined {
  const v = req.query[name];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') throw invalidParameter(name, 'must be given once, as a single value');
  return v;
}

/** `limit`: integer 1…max; absent = default. */
export function parseLimit(value: unknown, paging: { limitDefault: number; limitMax: number }): number {
  const raw = single(value, PARAM_LIMIT);
  if (raw === undefined || raw === '') return paging.limitDefault;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < 1 || n > paging.limitMax) {
    throw invalidParameter(PARAM_LIMIT, `must be an integer 1–${paging.limitMax}, got ${JSON.stringify(raw)}`);
  }
  return n;
}

/** `offset`: integer ≥ 0; absent = 0. */
export function parseOffset(value: unknown): number {
  const raw = single(value, PARAM_OFFSET);
  if (raw === undefined || raw === '') return 0;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n)) {
    throw invalidParameter(PARAM_OFFSET, `must be an integer ≥ 0, got ${JSON.stringify(raw)}`);
  }
  return n;
}

/** `bbox=west,south,east,north` in WGS 84 degrees (OGC API – Features, no height). */
export function parseBbox(value: unknown): BBox | undefined {
  const raw = single(value, PARAM_BBOX);
  if (raw === undefined || raw === '') return undefined;
  const parts = raw.split(',');
  const nums = parts.map((p) => (p.trim() === '' ? NaN : Number(p)));
  if (nums.length !== 4 || nums.some((n) => !Number.isFinite(n))) {
    throw invalidParameter(PARAM_BBOX, `must be four numbers west,south,east,north, got ${JSON.stringify(raw)}`);
  }
  const [w, s, e, n] = nums as BBox;
  if (w < -180 || e > 180 || s < -90 || n > 90) {
    throw invalidParameter(PARAM_BBOX, `must lie within -180,-90,180,90, got ${JSON.stringify(raw)}`);
  }
  if (s > n) throw invalidParameter(PARAM_BBOX, `south (${s}) must not exceed north (${n})`);
  if (w > e) throw invalidParameter(PARAM_BBOX, `west (${w}) greater than east (${e}) (antimeridian-crossing boxes are not supported)`);
  return [w, s, e, n];
}

export type OutputFormat = 'json' | 'csv';

const MEDIA: Record<OutputFormat, string[]> = {
  json: ['application/geo+json', 'application/json'],
  csv: ['text/csv'],
};

/**
 * Output format from `f` (wins) or the Accept header. Unsupported `f` → 400; an Accept header that
 * allows none of the formats → 406.
 */
export function negotiateFormat(
  f: unknown,
  accepts: (types: string[]) => string | false,
  allowed: readonly OutputFormat[] = ['json'],
): OutputFormat {
  const raw = single(f, 'f');
  if (raw !== undefined && raw !== '') return choice(raw, 'f', allowed);
  const match = accepts(allowed.flatMap((a) => MEDIA[a]));
  if (!match) {
    throw new ApiError('not_acceptable', `cannot produce any type the Accept header allows; available: ${allowed.flatMap((a) => MEDIA[a]).join(', ')}`, { field: 'Accept' });
  }
  return match === 'text/csv' ? 'csv' : 'json';
}

/** `format` (or `f`): one of `allowed`; absent = json. Analyses answer JSON, GeoJSON or CSV by it. */
export function parseFormat<T extends string>(req: Request, allowed: readonly T[]): T {
  return choice(one(req, 'format') ?? one(req, 'f') ?? 'json', 'format', allowed);
}

/** `level`: one of `levels`; absent = the first. */
export function parseLevel<T extends string>(req: Request, levels: readonly T[]): T {
  return choice(one(req, 'level'), 'level', levels, levels[0]);
}

/** `type`: one facility type or a comma list; required. */
export function parseTypes(req: Request): string[] {
  const raw = one(req, 'type');
  if (!raw) throw invalidParameter('type', 'is required: one facility type or several separated by commas (e.g. health_center,health_station)');
  return raw.split(',').map((t) => t.trim());
}

/**
 * Reaches asked for, with who asks: for public callers (`publicCaller`), the coverage service accepts only
 * each type's catalogue reach (disclosure control: sweeping the reach and differencing the totals would
 * reveal single buildings' households; docs/security.md).
 */
export type ReachRequest = number[] & { publicCaller?: boolean };

/** `reach_m`: metres in decimal (`0x1F`, `1e3` refused), one or one per type; absent = each type's catalogue reach. */
export function parseReach(req: Request): ReachRequest | undefined {
  const raw = one(req, 'reach_m');
  if (!raw) return undefined;
  const reaches: ReachRequest = raw.split(',').map((part) => {
    const n = Number(part);
    if (!/^\d{1,6}(\.\d{1,3})?$/.test(part.trim()) || !Number.isFinite(n) || n <= 0 || n > 100_000) {
      throw invalidParameter('reach_m', `must be metres > 0 and ≤ 100000 in decimal digits (or a comma list, one per type), got ${JSON.stringify(raw)}`);
    }
    return n;
  });
  if (principalOf(req).role === 'public') reaches.publicCaller = true;
  return reaches;
}

/** `as_of`: a date YYYY-MM-DD; absent = today in the city's time zone. */
export function parseAsOf(req: Request): string {
  const raw = one(req, 'as_of');
  if (!raw) return todayIn();
  if (!isIsoDate(raw)) throw invalidParameter('as_of', `must be a date YYYY-MM-DD, got ${JSON.stringify(raw)}`);
  return raw;
}

/** The strong ETag of a row version. */
export const versionEtag = (version: number): string => `"${version}"`;

/** The version named by If-Match (`"3"` or `W/"3"`); writes without one are refused (428). */
export function ifMatchVersion(req: Request): number {
  const raw = req.get('If-Match');
  if (!raw) throw new ApiError('precondition_required', 'If-Match is required: send the ETag you read, so a newer edit by someone else is never overwritten', { field: 'If-Match' });
  const m = /^\s*(?:W\/)?"(\d+)"\s*$/.exec(raw);
  if (!m) throw invalidParameter('If-Match', `must be one ETag as returned by GET (e.g. "3"), got ${JSON.stringify(raw)}`);
  return Number(m[1]);
}

/** True when the request's If-None-Match lists this ETag (or `*`); weak comparison, as RFC 9110 asks. */
export function ifNoneMatch(req: Request, etag: string): boolean {
  const header = req.get('if-none-match');
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}
