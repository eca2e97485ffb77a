/**
 * Wording helpers for evaluations: numbers grouped with spaces ("1 240"), percentages ("62.3 %"),
 * unit and field names in Chinese and English.
 */
import type { Bilingual, TargetLevel } from './profile.ts';

/**
 * A number with thousands grouped by spaces and at most `digits` decimals (trailing zeros dropped).
 *
 * @param {number} value the number
 * @param {number} [digits=0] decimals at most
 * @returns {string} e.g. "23 400", "1.52"
 * @example
 * formatNumber(1240); // "1 240"
 */
export function formatNumber(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return String(value);
  const fixed = value.toFixed(digits);
  const [int = '', frac] = fixed.split('.');
  const sign = int.startsWith('-') ? '-' : '';
  const body = sign ? int.slice(1) : int;
  const grouped = body.length > 3 ? body.replace(/\B(?=(\d{3})+(?!\d))/g, ' ') : body;
  const trimmed = frac ? frac.replace(/0+$/, '') : '';
  return `${sign}${grouped}${trimmed ? `.${trimmed}` : ''}`;
}

/** "62.3 %" (one decimal; whole numbers without). */
export function formatPercent(value: number): string {
  return `${formatNumber(value, 1)} %`;
}

/** A value with its unit: "62.3 %", "1.52 per 1 000 residents", "180 m²". */
export function withUnit(value: number, unit: string, digits = 2): string {
  if (unit === '%' || unit.startsWith('% ')) return `${formatNumber(value, 1)} ${unit}`;
  return `${formatNumber(value, digits)} ${unit}`;
}

/** Smallest integer ≥ x, tolerant of floating-point noise (3 × 0.95 × 100 = 284.99999…). */
export function ceilSafe(x: number): number {
  return Math.ceil(x - 1e-9);
}

const LEVEL_PLURAL: Record<TargetLevel, Bilingual> = {
  community: { en: 'communities', zh: '个社区' },
  street: { en: 'streets', zh: '个街道(乡镇)' },
  district: { en: 'districts', zh: '个区县' },
  city: { en: 'cities', zh: '个市' },
};
const LEVEL_SINGULAR: Record<TargetLevel, Bilingual> = {
  community: { en: 'community', zh: '社区' },
  street: { en: 'street', zh: '街道' },
  district: { en: 'district', zh: '区县' },
  city: { en: 'city', zh: '全市' },
};
/** "4 streets" / "4 个街道(乡镇)". */
export function levelCount(level: TargetLevel, n: number): Bilingual {
  const p = LEVEL_PLURAL[level];
  return { en: `${formatNumber(n)} ${n === 1 ? LEVEL_SINGULAR[level].en : p.en}`, zh: `${formatNumber(n)} ${p.zh}` };
}
export function levelName(level: TargetLevel): Bilingual {
  return LEVEL_SINGULAR[level];
}
export function levelPlural(level: TargetLevel): Bilingual {
  return LEVEL_PLURAL[level];
}

/** Chinese name of a unit kind. */
export const KIND_ZH: Record<string, string> = {
  community: '社区',
  street: '街道',
  township: '乡镇',
  district: '区',
  county: '县',
  city: '市',
};

const FIELD_NAMES: Record<string, { en: string; zh: string; unit: string; unit_zh: string }> = {
  floor_area_m2: { en: 'floor area', zh: '建筑面积', unit: 'm²', unit_zh: 'm²' },
  site_area_m2: { en: 'site area', zh: '场地面积', unit: 'm²', unit_zh: 'm²' },
  beds: { en: 'beds', zh: '床位', unit: 'beds', unit_zh: '张' },
  gp_count: { en: 'general practitioners', zh: '全科医生', unit: 'GPs', unit_zh: '名' },
  service_items: { en: 'service items', zh: '服务项目', unit: 'items', unit_zh: '项' },
  grade: { en: 'grade', zh: '等级', unit: '', unit_zh: '' },
  households: { en: 'households', zh: '户数', unit: 'households', unit_zh: '户' },
  population: { en: 'population', zh: '人口', unit: 'residents', unit_zh: '人' },
  elderly: { en: 'elderly', zh: '老年人口', unit: 'elderly', unit_zh: '人' },
};

/** Name and unit of a facility or community field (`properties.x` is named x, without unit). */
export function fieldInfo(field: string): { en: string; zh: string; unit: string; unit_zh: string } {
  return FIELD_NAMES[field] ?? { en: field.replace(/^properties\./, ''), zh: field.replace(/^properties\./, ''), unit: '', unit_zh: '' };
}

const OP_TEXT: Record<string, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '=': '=', '!=': '≠', in: '∈' };
export function opText(op: string): string {
  return OP_TEXT[op] ?? op;
}

/** "A unit" label: `和平街道 (D01S03)` / `和平街道(D01S03)`; the city is "the city" / "全市". */
export function unitLabel(unit: { level: string; code: string; name: string }): Bilingual {
  if (unit.level === 'city') return { en: 'The city', zh: '全市' };
  return { en: `${unit.name} (${unit.code})`, zh: `${unit.name}(${unit.code})` };
}

/** Lower-cases the first letter (type names such as "Community health station" inside a sentence). */
export function lcFirst(text: string): string {
  return text.length > 0 && /[A-Z]/.test(text[0]!) && !/^[A-Z]{2}/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

const KIND_NOUN: Record<string, { one: string; many: string; zh: string }> = {
  community: { one: 'community', many: 'communities', zh: '个社区' },
  street: { one: 'street', many: 'streets', zh: '个街道' },
  township: { one: 'township', many: 'townships', zh: '个乡镇' },
  district: { one: 'district', many: 'districts', zh: '个区' },
  county: { one: 'county', many: 'counties', zh: '个县' },
  city: { one: 'city', many: 'cities', zh: '个市' },
};

/**
 * "2 districts" / "1 county" / "3 streets and townships", worded by the kinds of the units counted
 * (Zibo's targets tell 区 and 县 apart, so the text should too).
 */
export function unitsCount(level: TargetLevel, kinds: readonly string[], n: number): Bilingual {
  const distinct = [...new Set(kinds)];
  if (distinct.length === 1 && KIND_NOUN[distinct[0]!]) {
    const k = KIND_NOUN[distinct[0]!]!;
    return { en: `${formatNumber(n)} ${n === 1 ? k.one : k.many}`, zh: `${formatNumber(n)} ${k.zh}` };
  }
  return levelCount(level, n);
}
