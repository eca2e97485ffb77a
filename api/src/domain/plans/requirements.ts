/**
 * Per-unit requirements (presence and share-of-units targets): "the street has a culture station of
 * ≥ 300 m²", "the community's rooms add up to ≥ 200 m²", "the community's office is ≥ 90 m²".
 */
import { openFacilitiesIn, typeName, unitRecord, type CityIndex, type PlanUnit } from './city-index.ts';
import { and, asNumber, conditionText, fieldValue, testCondition, valueText, type Truth } from './conditions.ts';
import type { PlanFacility } from './model.ts';
import type { Bilingual, FacilityCondition, Requirement } from './profile.ts';
import { fieldInfo, formatNumber } from './text.ts';

/** The outcome of one requirement on one unit. */
export interface RequirementOutcome {
  truth: Truth;
  label: Bilingual;
  /** What the unit has ("180 m² (和平街道文化站)", "none"). */
  has: Bilingual;
  /** The unit's figure on the requirement's main measure, and what it needs. */
  value: number | null;
  required: number | null;
  unit: string | null;
}

/** Joins names: "A or B" / "A或B". */
function typesText(index: CityIndex, types: readonly string[]): Bilingual {
  const names = types.map((t) => typeName(index, t));
  return { en: names.map((n) => n.en).join(' or '), zh: names.map((n) => n.zh).join('或') };
}

/** The first numeric (≥, >, ≤, <) condition: the one a shortfall quotes. */
function mainCondition(where: readonly FacilityCondition[]): FacilityCondition | undefined {
  return where.find((c) => ['>=', '>', '<=', '<'].includes(c.op));
}

/** How a requirement is named in a shortfall: its label, or one generated from types and conditions. */
export function requirementLabel(index: CityIndex, req: Requirement): Bilingual {
  if (req.label) return req.label;
  if (req.what === 'unit_attribute') return conditionText(req.condition);
  const types = typesText(index, req.types);
  const conds = req.where.map(conditionText);
  if (req.what === 'facility_sum') {
    const info = fieldInfo(req.field);
    return { en: `${formatNumber(req.min, 2)} ${info.unit} of ${info.en} in ${types.en}`, zh: `${types.zh}${info.zh}合计 ${formatNumber(req.min, 2)} ${info.unit_zh}` };
  }
  const count = req.min_count > 1 ? `${req.min_count} × ` : 'a ';
  const en = `${count}${types.en}${conds.length ? ` with ${conds.map((c) => c.en).join(' and ')}` : ''}`;
  const zh = `${conds.length ? `${conds.map((c) => c.zh).join('、')}的` : ''}${types.zh}${req.min_count > 1 ? ` ${req.min_count} 个` : ''}`;
  return { en, zh };
}

/** Scores a candidate: how many conditions hold, then its value on the main condition. @private */
function bestCandidate(candidates: readonly PlanFacility[], where: readonly FacilityCondition[]): PlanFacility | undefined {
  const main = mainCondition(where);
  let best: PlanFacility | undefined;
  let bestScore = -Infinity;
  let bestValue = -Infinity;
  for (const f of candidates) {
    const score = where.filter((c) => testCondition(fieldValue(f, c.field), c) === true).length;
    const raw = main ? asNumber(fieldValue(f, main.field)) : null;
    const v = raw === null ? -Infinity : main && (main.op === '<=' || main.op === '<') ? -raw : raw;
    if (score > bestScore || (score === bestScore && v > bestValue)) {
      best = f;
      bestScore = score;
      bestValue = v;
    }
  }
  return best;
}

/**
 * Evaluates one requirement on one unit on a date.
 *
 * @param {CityIndex} index the city
 * @param {PlanUnit} unit the unit (its in-scope communities)
 * @param {Requirement} req the requirement
 * @param {string} asOf 'YYYY-MM-DD': only facilities open that day count
 * @returns {RequirementOutcome} truth (null = not recorded), and what the unit has
 */
export function evaluateRequirement(index: CityIndex, unit: PlanUnit, req: Requirement, asOf: string): RequirementOutcome {
  const label = requirementLabel(index, req);
  if (req.what === 'unit_attribute') {
    const record = unitRecord(index, unit);
    const raw = record ? fieldValue(record, req.condition.field) : undefined;
    const truth = testCondition(raw, req.condition);
    const n = asNumber(raw);
    return {
      truth,
      label,
      has: valueText(req.condition.field, raw),
      value: n,
      required: typeof req.condition.value === 'number' ? req.condition.value : null,
      unit: fieldInfo(req.condition.field).unit || null,
    };
  }

  const candidates = openFacilitiesIn(index, unit, req.types, asOf);
  if (req.what === 'facility_sum') {
    const info = fieldInfo(req.field);
    let known = 0;
    let missing = 0;
    for (const f of candidates) {
      const w = and(req.where.map((c) => testCondition(fieldValue(f, c.field), c)));
      if (w === false) continue;
      const v = asNumber(fieldValue(f, req.field)) ?? (req.fallback_field ? asNumber(fieldValue(f, req.fallback_field)) : null);
      if (w === null || v === null) missing += 1;
      else known += v;
    }
    const truth: Truth = known >= req.min ? true : missing > 0 ? null : false;
    const parts = candidates.length === 0 ? { en: 'none', zh: '现无' } : {
      en: `${formatNumber(known, 2)} ${info.unit} in ${candidates.length} facilit${candidates.length === 1 ? 'y' : 'ies'}${missing ? ` (${missing} not recorded)` : ''}`,
      zh: `现有 ${candidates.length} 处合计 ${formatNumber(known, 2)} ${info.unit_zh}${missing ? `(${missing} 处未登记)` : ''}`,
    };
    return { truth, label, has: parts, value: known, required: req.min, unit: info.unit || null };
  }

  let yes = 0;
  let unknown = 0;
  for (const f of candidates) {
    const t = and(req.where.map((c) => testCondition(fieldValue(f, c.field), c)));
    if (t === true) yes += 1;
    else if (t === null) unknown += 1;
  }
  const truth: Truth = yes >= req.min_count ? true : yes + unknown >= req.min_count ? null : false;
  const main = mainCondition(req.where);
  const best = bestCandidate(candidates, req.where);
  let has: Bilingual;
  let value: number | null;
  let required: number | null;
  let unitText: string | null;
  if (main) {
    const info = fieldInfo(main.field);
    value = best ? asNumber(fieldValue(best, main.field)) : 0;
    required = main.value as number;
    unitText = info.unit || null;
    if (!best) {
      has = { en: 'has none', zh: '现无' };
    } else {
      const shown = req.where.map((c) => valueText(c.field, fieldValue(best, c.field)));
      has = { en: `has ${shown.map((s) => s.en).join(', ')} (${best.name})`, zh: `现有${best.name}(${shown.map((s) => s.zh).join(',')})` };
    }
  } else {
    value = yes;
    required = req.min_count;
    unitText = 'facilities';
    if (candidates.length === 0) {
      has = { en: 'has none', zh: '现无' };
    } else if (req.where.length > 0 && best) {
      const shown = req.where.map((c) => valueText(c.field, fieldValue(best, c.field)));
      has = { en: `has ${best.name} (${shown.map((s) => s.en).join(', ')})`, zh: `现有${best.name}(${shown.map((s) => s.zh).join(',')})` };
    } else {
      has = { en: `has ${yes}`, zh: `现有 ${yes} 个` };
    }
  }
  return { truth, label, has, value, required, unit: unitText };
}

/** All requirements of a target on one unit (AND), with the failing and unknown ones. */
export function evaluateRequirements(
  index: CityIndex,
  unit: PlanUnit,
  requires: readonly Requirement[],
  asOf: string,
): { truth: Truth; outcomes: RequirementOutcome[]; failing: RequirementOutcome[]; unknown: RequirementOutcome[] } {
  const outcomes = requires.map((r) => evaluateRequirement(index, unit, r, asOf));
  return {
    truth: and(outcomes.map((o) => o.truth)),
    outcomes,
    failing: outcomes.filter((o) => o.truth === false),
    unknown: outcomes.filter((o) => o.truth === null),
  };
}
