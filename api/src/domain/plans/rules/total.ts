/**
 * `total`: a city-wide count or sum, e.g. 50 featured culture squares, 30 000 elderly-care beds.
 */
import { unitsAt, type CityIndex } from '../city-index.ts';
import type { TargetOf } from '../profile.ts';
import { ceilSafe, fieldInfo, formatNumber } from '../text.ts';
import { compare, type RuleEvaluation, type RuleStage } from './common.ts';
import { measureIn } from './measure.ts';

/**
 * Evaluates a total target over the in-scope communities of the city.
 *
 * @param {CityIndex} index the city
 * @param {Object} target the total target
 * @param {RuleStage} stage threshold in force
 * @param {string} asOf 'YYYY-MM-DD'
 * @returns {RuleEvaluation} value = the count or sum
 */
export function evaluateTotal(index: CityIndex, target: TargetOf<'total'>, stage: RuleStage, asOf: string): RuleEvaluation {
  const [city] = unitsAt(index, 'city', target.scope);
  const m = measureIn(index, city!.communities, target.measure, asOf);
  const met = compare(m.value, stage.threshold, stage.comparator);
  const needed = Math.max(0, ceilSafe(stage.threshold - m.value));
  const notes: string[] = [];
  const notesZh: string[] = [];
  if (m.missing > 0) {
    notes.push(`${m.missing} facilities without ${fieldInfo(String(target.measure.measure)).en} recorded (counted as 0)`);
    notesZh.push(`${m.missing} 处设施未登记${fieldInfo(String(target.measure.measure)).zh}(按 0 计)`);
  }
  if (m.unchecked > 0) {
    notes.push(`${m.unchecked} facilities left out: their condition could not be checked`);
    notesZh.push(`${m.unchecked} 处设施数据不全,未计入`);
  }
  return {
    value: m.value,
    met,
    shortfall: met || stage.comparator === '<=' ? null : {
      amount: needed,
      unit: target.item.en,
      unit_zh: target.item.zh,
      text: `${formatNumber(needed)} more ${target.item.en} (has ${formatNumber(m.value, 2)} of ${formatNumber(stage.threshold, 2)})`,
      text_zh: `还需 ${formatNumber(needed)} ${target.item.zh}(现有 ${formatNumber(m.value, 2)},目标 ${formatNumber(stage.threshold, 2)})`,
    },
    failing_units: [],
    counts: null,
    units: null,
    details: { facilities: m.facilities, measure: target.measure.measure },
    notes,
    notes_zh: notesZh,
  };
}
