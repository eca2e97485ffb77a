import type { Request } from 'express';
import { ApiError, invalidParameter } from '../errors.ts';

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
  if (raw !== undefined && raw !== '') {
    if (!(allowed as readonly string[]).includes(raw)) throw invalidParameter('f', `must be one of ${allowed.join(', ')}, got ${JSON.stringify(raw)}`);
    return raw as OutputFormat;
  }
  const match = accepts(allowed.flatMap((a) => MEDIA[a]));
  if (!match) {
    throw new ApiError('not_acceptable', `cannot produce any type the Accept header allows; available: ${allowed.flatMap((a) => MEDIA[a]).join(', ')}`, { field: 'Accept' });
  }
  return match === 'text/csv' ? 'csv' : 'json';
}
