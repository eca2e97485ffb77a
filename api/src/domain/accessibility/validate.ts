/**
 * Input guards of the accessibility functions (the "Input validation" blocks), with messages that
 * name the function, the field and the value. Community, building and facility checks are the
 * coverage engine's.
 */
import { ISO_DATE } from '../coverage/model.ts';
import { validateCoverageInput, validateRule } from '../coverage/validate.ts';
import {
  DEMAND_MEASURES,
  DEMAND_POINTS_MODES,
  SUPPLY_MEASURES,
  type AccessibilityInput,
  type AccessibilityOptions,
  type CatchmentPairs,
  type DecayZone,
} from './model.ts';

function fail(fn: string, message: string): never {
  throw new Error(`Invalid input to ${fn}: ${message}`);
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/**
 * Checks an array of amounts (finite numbers ≥ 0).
 *
 * @private
 */
export function checkAmounts(values: ArrayLike<number>, fn: string, name: string): void {
  if (!values || typeof values.length !== 'number') fail(fn, `${name} must be an array of numbers`);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !(v >= 0) || v === Infinity) fail(fn, `${name}[${i}] must be a finite number ≥ 0, got ${show(v)}`);
  }
}

/**
 * Checks catchment pairs against the demand and supply counts; returns the number of pairs.
 * Weights must be finite and > 0; distances, when given (or required), finite and ≥ 0.
 *
 * @private
 */
export function checkPairs(pairs: CatchmentPairs, demandCount: number, supplyCount: number, fn: string, needDistance = false): number {
  if (!pairs || typeof pairs !== 'object') fail(fn, 'pairs must be an object { demandIndex, supplyIndex, weight }');
  const { demandIndex, supplyIndex, weight, distanceMeters } = pairs;
  for (const [name, a] of [['demandIndex', demandIndex], ['supplyIndex', supplyIndex], ['weight', weight]] as const) {
    if (!a || typeof a.length !== 'number') fail(fn, `pairs.${name} must be an array`);
  }
  if (needDistance && (!distanceMeters || typeof distanceMeters.length !== 'number')) fail(fn, 'pairs.distanceMeters must be an array (the allocation goes nearest first)');
  const n = demandIndex.length;
  if (supplyIndex.length !== n || weight.length !== n || (distanceMeters !== undefined && distanceMeters.length !== n)) {
    fail(fn, `pairs arrays differ in length (demandIndex ${n}, supplyIndex ${supplyIndex.length}, weight ${weight.length}${distanceMeters ? `, distanceMeters ${distanceMeters.length}` : ''})`);
  }
  for (let k = 0; k < n; k++) {
    const i = demandIndex[k] as number;
    const j = supplyIndex[k] as number;
    const w = weight[k] as number;
    if (!Number.isInteger(i) || i < 0 || i >= demandCount) fail(fn, `pairs.demandIndex[${k}] must be an index into demand (0…${demandCount - 1}), got ${show(i)}`);
    if (!Number.isInteger(j) || j < 0 || j >= supplyCount) fail(fn, `pairs.supplyIndex[${k}] must be an index into supply (0…${supplyCount - 1}), got ${show(j)}`);
    if (typeof w !== 'number' || !(w > 0) || w === Infinity) fail(fn, `pairs.weight[${k}] must be a finite number > 0, got ${show(w)}`);
    if (distanceMeters !== undefined) {
      const d = distanceMeters[k] as number;
      if (typeof d !== 'number' || !(d >= 0) || d === Infinity) fail(fn, `pairs.distanceMeters[${k}] must be a finite number ≥ 0, got ${show(d)}`);
    }
  }
  return n;
}

/**
 * Checks distance-decay zones: a non-empty list with `upToFraction` strictly increasing in (0, 1],
 * the last one exactly 1, and each `weight` a finite number > 0. Returns a copy.
 *
 * @private
 */
export function validateZones(zones: readonly DecayZone[], fn: string): DecayZone[] {
  if (!Array.isArray(zones) || zones.length === 0) fail(fn, 'zones must be a non-empty array of { upToFraction, weight }');
  let previous = 0;
  zones.forEach((z, i) => {
    const f = z?.upToFraction;
    const w = z?.weight;
    if (typeof f !== 'number' || !(f > previous && f <= 1)) fail(fn, `zones[${i}].upToFraction must be in (${previous}, 1] and above the previous zone's, got ${show(f)}`);
    if (typeof w !== 'number' || !(w > 0) || w === Infinity) fail(fn, `zones[${i}].weight must be a finite number > 0, got ${show(w)}`);
    previous = f;
  });
  if (previous !== 1) fail(fn, `the last zone must end at the reach (upToFraction 1), got ${previous}`);
  return zones.map((z) => ({ upToFraction: z.upToFraction, weight: z.weight }));
}

/**
 * Checks an {@link AccessibilityInput}: the coverage checks plus the capacity columns (null or a
 * finite number ≥ 0).
 *
 * @private
 */
export function validateAccessibilityInput(input: AccessibilityInput, fn: string): void {
  validateCoverageInput(input, fn);
  input.facilities.forEach((f, i) => {
    for (const key of ['gp_count', 'beds', 'floor_area_m2'] as const) {
      const v = f[key];
      if (v === undefined) fail(fn, `facilities[${i}].${key} must be null or a number ≥ 0, got undefined`);
      if (v !== null && (typeof v !== 'number' || !(v >= 0) || v === Infinity)) fail(fn, `facilities[${i}].${key} must be null or a finite number ≥ 0, got ${show(v)}`);
    }
  });
}

/**
 * Checks the options shared by the engine's computations; returns the reach per type.
 *
 * @private
 */
export function validateAccessibilityOptions(options: AccessibilityOptions, fn: string): Map<string, number> {
  if (!options || typeof options !== 'object') fail(fn, 'options must be an object { rule, supply, demand, asOf }');
  const reachByType = validateRule(options.rule, fn);
  if (!SUPPLY_MEASURES.includes(options.supply)) fail(fn, `options.supply must be one of ${SUPPLY_MEASURES.join(', ')}, got ${show(options.supply)}`);
  if (!DEMAND_MEASURES.includes(options.demand)) fail(fn, `options.demand must be one of ${DEMAND_MEASURES.join(', ')}, got ${show(options.demand)}`);
  if (typeof options.asOf !== 'string' || !ISO_DATE.test(options.asOf)) fail(fn, `options.asOf must be an ISO date 'YYYY-MM-DD', got ${show(options.asOf)}`);
  if (options.demandPoints !== undefined && !DEMAND_POINTS_MODES.includes(options.demandPoints)) {
    fail(fn, `options.demandPoints must be one of ${DEMAND_POINTS_MODES.join(', ')}, got ${show(options.demandPoints)}`);
  }
  return reachByType;
}
