/**
 * `range`: a unit attribute within bounds, e.g. every community has 1 000–3 000 households.
 */
import { unitsAt, type CityIndex, type PlanUnit } from '../city-index.ts';
import { asNumber, fieldValue } from '../conditions.ts';
import type { FailingUnit } from '../model.ts';
import type { TargetOf } from '../profile.ts';
import { fieldInfo, formatNumber, formatPercent, levelCount, levelPlural, unitLabel } from '../text.ts';
import { failingUnit, shareVerdict, type RuleEvaluation, type RuleStage } from './common.ts';

/** A unit's value of a field: the community's own, or the sum over its communities for a numeric column. @private */
function unitValue(unit: PlanUnit, field: string): number | null {
  if (unit.level === 'community') return asNumber(fieldValue(unit.communities[0]!, field));
  if (field.startsWith('properties.')) return null;
  return unit.communities.reduce((s, c) => s + (asNumber(fieldValue(c, field)) ?? 0), 0);
}

/**
 * Evaluates a range target: value = % of units whose attribute lies in [min, max].
 *
 * @param {CityIndex} index the city
 * @param {Object} target the range target
 * @param {RuleStage} stage threshold in force (default 100: every unit)
 * @returns {RuleEvaluation} failing_units = the units outside the bounds, with their value
 */
export function evaluateRange(index: CityIndex, target: TargetOf<'range'>, stage: RuleStage): RuleEvaluation {
  const units = unitsAt(index, target.level, target.scope);
  const failing: FailingUnit[] = [];
  let meeting = 0;
  let unknown = 0;
  let below = 0;
  let above = 0;
  let lo = Infinity;
  let hi = -Infinity;
  const info = fieldInfo(target.field);
  const unitEn = target.unit.en;
  const unitZh = target.unit.zh;
  const bounds = { en: `${formatNumber(target.min)}–${formatNumber(target.max)} ${unitEn}`, zh: `${formatNumber(target.min)}–${formatNumber(target.max)} ${unitZh}` };
  for (const unit of units) {
    const v = unitValue(unit, target.field);
    if (v === null) {
      unknown += 1;
      continue;
    }
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
    if (v >= target.min && v <= target.max) {
      meeting += 1;
      continue;
    }
    if (v < target.min) below += 1;
    else above += 1;
    const label = unitLabel(unit);
    failing.push(
      failingUnit(
        unit,
        {
          en: `${label.en}: ${formatNumber(v)} ${unitEn}, outside ${bounds.en} (${v < target.min ? `${formatNumber(target.min - v)} below` : `${formatNumber(v - target.max)} above`})`,
          zh: `${label.zh}:${formatNumber(v)} ${unitZh},不在 ${bounds.zh} 之间(${v < target.min ? `少 ${formatNumber(target.min - v)}` : `多 ${formatNumber(v - target.max)}`})`,
        },
        { value: v, required: v < target.min ? target.min : target.max, unit: unitEn },
      ),
    );
  }
  const verdict = shareVerdict(meeting, unknown, units.length, stage);
  const f = levelCount(target.level, failing.length);
  return {
    value: verdict.value,
    met: verdict.met,
    shortfall: verdict.met === true || units.length === 0 ? null : {
      amount: failing.length,
      unit: levelPlural(target.level).en,
      unit_zh: levelPlural(target.level).zh.replace(/^个/, ''),
      text: `${f.en} outside ${bounds.en} (${below} below, ${above} above); ${formatPercent(verdict.value ?? 0)} within, target ${formatPercent(stage.threshold)}`,
      text_zh: `${f.zh}不在 ${bounds.zh} 之间(偏小 ${below} 个,偏大 ${above} 个);达标比例 ${formatPercent(verdict.value ?? 0)},目标 ${formatPercent(stage.threshold)}`,
    },
    failing_units: failing,
    counts: { checked: units.length, meeting, failing: failing.length, no_data: unknown },
    units: null,
    details: { field: target.field, min: target.min, max: target.max, observed_min: Number.isFinite(lo) ? lo : null, observed_max: Number.isFinite(hi) ? hi : null },
    notes: unknown > 0 ? [`${levelCount(target.level, unknown).en} without ${info.en} recorded`] : [],
    notes_zh: unknown > 0 ? [`${levelCount(target.level, unknown).zh}未登记${info.zh}`] : [],
  };
}
