/**
 * Parsers for the accessibility parameters shared by `GET /api/accessibility…` and
 * `lifecircle accessibility`: each takes the raw string (undefined = absent) and the field name to
 * report, and throws an InputError naming it (HTTP 400, CLI exit 2). Level and mode are the common
 * parsers (`parseLevel` of http/params.ts, `parseDistanceMode` of walking.ts).
 */
import {
  DEMAND_MEASURES,
  DEMAND_POINTS_MODES,
  SUPPLY_MEASURES,
  type DemandMeasure,
  type DemandPointsMode,
  type SupplyMeasure,
} from '../domain/accessibility/index.ts';
import { choice } from './choice.ts';
import { InputError } from './errors.ts';

export const METHODS = ['2sfca', 'e2sfca'] as const;
export type AccessibilityMethod = (typeof METHODS)[number];

/** `supply`: gp_count | beds | floor_area_m2 | count (required). */
export function parseSupply(raw: string | undefined, field = 'supply'): SupplyMeasure {
  return choice(raw, field, SUPPLY_MEASURES);
}

/** `demand`: population (default) | elderly | households. */
export function parseDemand(raw: string | undefined, field = 'demand'): DemandMeasure {
  return choice(raw, field, DEMAND_MEASURES, 'population');
}

/** `method`: 2sfca (default) | e2sfca. */
export function parseMethod(raw: string | undefined, field = 'method'): AccessibilityMethod {
  return choice(raw?.toLowerCase(), field, METHODS, '2sfca');
}

/** `demand_points`: buildings (default) | centroid. */
export function parseDemandPoints(raw: string | undefined, field = 'demand_points'): DemandPointsMode {
  return choice(raw, field, DEMAND_POINTS_MODES, 'buildings');
}

/** A comma list of numbers, each within [min, max] (`weights`, `zones`); undefined when absent. */
export function parseNumberList(raw: string | undefined, field: string, min: number, max: number, what: string): number[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  return raw.split(',').map((part) => {
    const n = Number(part);
    if (part.trim() === '' || !Number.isFinite(n) || n < min || n > max || (min === 0 && n === 0)) {
      throw new InputError(field, `must be a comma list of ${what}, got ${JSON.stringify(raw)}`);
    }
    return n;
  });
}

/** `target` (supply per `per` units of demand) and `per` (default 1); undefined without a target. */
export function parseTarget(rawValue: string | undefined, rawPer: string | undefined, fields = { target: 'target', per: 'per' }): { value: number; per: number } | undefined {
  const per = rawPer === undefined || rawPer === '' ? 1 : Number(rawPer);
  if (!Number.isFinite(per) || per <= 0) throw new InputError(fields.per, `must be a number > 0 (the demand the target is per, e.g. 10000), got ${JSON.stringify(rawPer)}`);
  if (rawValue === undefined || rawValue === '') {
    if (rawPer !== undefined && rawPer !== '') throw new InputError(fields.target, `is required with ${fields.per}`);
    return undefined;
  }
  const value = Number(rawValue);
  if (!Number.isFinite(value) || value < 0) throw new InputError(fields.target, `must be a number ≥ 0 (supply per ${fields.per} units of demand, e.g. 2 with per=10000), got ${JSON.stringify(rawValue)}`);
  return { value, per };
}
