/**
 * Conditions on facility and community attributes, in three-valued logic: true, false, or null when
 * the attribute is not recorded (unless the condition says a missing value fails).
 */
import type { PlanCommunity, PlanFacility } from './model.ts';
import type { Bilingual, FacilityCondition, UnitCondition } from './profile.ts';
import { fieldInfo, formatNumber, opText } from './text.ts';

/** true, false, or null = unknown (not recorded). */
export type Truth = boolean | null;

/** Kleene AND: false wins, then unknown. */
export function and(values: readonly Truth[]): Truth {
  let unknown = false;
  for (const v of values) {
    if (v === false) return false;
    if (v === null) unknown = true;
  }
  return unknown ? null : true;
}

/** A facility's or community's value of a field (`properties.x` reads the properties object). */
export function fieldValue(record: PlanFacility | PlanCommunity | { properties: Record<string, unknown> }, field: string): unknown {
  if (field.startsWith('properties.')) {
    const props = record.properties ?? {};
    return props[field.slice('properties.'.length)];
  }
  return (record as unknown as Record<string, unknown>)[field];
}

/**
 * Tests one value against a condition. Numeric ops need a finite number (a numeric string counts);
 * `=`, `!=` and `in` compare as strings, so grade "1" equals 1.
 *
 * @param {unknown} value the attribute (undefined or null = not recorded)
 * @param {Object} condition { op, value, if_missing }
 * @returns {Truth} true, false, or null when not recorded and if_missing is 'unknown'
 * @example
 * testCondition(180, { field: 'floor_area_m2', op: '>=', value: 300, if_missing: 'unknown' }); // false
 */
export function testCondition(value: unknown, condition: FacilityCondition | UnitCondition): Truth {
  if (value === null || value === undefined || value === '') return condition.if_missing === 'fail' ? false : null;
  const { op } = condition;
  if (op === 'has') {
    if (!Array.isArray(value)) return condition.if_missing === 'fail' ? false : null;
    const held = new Set(value.map(String));
    return (condition.value as Array<string | number>).every((v) => held.has(String(v)));
  }
  if (op === 'in') return (condition.value as Array<string | number>).some((v) => String(v) === String(value));
  if (op === '=') return String(condition.value) === String(value);
  if (op === '!=') return String(condition.value) !== String(value);
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n)) return condition.if_missing === 'fail' ? false : null;
  const limit = condition.value as number;
  if (op === '>=') return n >= limit;
  if (op === '>') return n > limit;
  if (op === '<=') return n <= limit;
  return n < limit;
}

/** A numeric reading of a value, or null. */
export function asNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** "floor area ≥ 300 m²" / "建筑面积 ≥ 300 m²"; "grade ∈ A". */
export function conditionText(condition: FacilityCondition | UnitCondition): Bilingual {
  const info = fieldInfo(condition.field);
  const shown = Array.isArray(condition.value)
    ? condition.value.join('/')
    : typeof condition.value === 'number'
      ? formatNumber(condition.value, 2)
      : String(condition.value);
  if (condition.op === 'in' || condition.op === '=') {
    return { en: `${info.en} ${shown}`, zh: `${info.zh}为${shown}` };
  }
  if (condition.op === 'has') {
    const list = (condition.value as Array<string | number>).join('、');
    return { en: `${info.en} including ${list}`, zh: `${info.zh}含${list}` };
  }
  const unitEn = info.unit && info.unit !== info.en ? ` ${info.unit}` : '';
  const unitZh = info.unit_zh ? ` ${info.unit_zh}` : '';
  return { en: `${info.en} ${opText(condition.op)} ${shown}${unitEn}`, zh: `${info.zh} ${opText(condition.op)} ${shown}${unitZh}` };
}

/** How a value reads in a shortfall: "180 m²", "grade B", "not recorded". */
export function valueText(field: string, value: unknown): Bilingual {
  const info = fieldInfo(field);
  if (value === null || value === undefined || value === '') return { en: `${info.en} not recorded`, zh: `${info.zh}未登记` };
  const n = asNumber(value);
  if (n !== null && field !== 'grade') {
    return {
      en: info.unit ? `${formatNumber(n, 2)} ${info.unit}` : `${info.en} ${formatNumber(n, 2)}`,
      zh: info.unit_zh ? `${formatNumber(n, 2)} ${info.unit_zh}` : `${info.zh} ${formatNumber(n, 2)}`,
    };
  }
  if (Array.isArray(value)) return { en: `${info.en} ${value.join('、') || 'none'}`, zh: `${info.zh}为${value.join('、') || '无'}` };
  return { en: `${info.en} ${String(value)}`, zh: `${info.zh}为${String(value)}` };
}
