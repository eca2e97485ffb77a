/**
 * `share` of facilities: at least x % of the open facilities of some types satisfy a condition
 * ("≥ 85 % of health stations are grade A").
 */
import { isOpenOn } from '../../coverage/model.ts';
import { forEachFacilityOfTypes, inScope, typeName, type CityIndex } from '../city-index.ts';
import { and, asNumber, conditionText, fieldValue, testCondition, valueText } from '../conditions.ts';
import type { FailingUnit, PlanFacility } from '../model.ts';
import type { TargetOf } from '../profile.ts';
import { fieldInfo, formatNumber, formatPercent, lcFirst } from '../text.ts';
import { shareVerdict, type RuleEvaluation, type RuleStage } from './common.ts';

/**
 * Evaluates a share-of-facilities target. Facilities count when open on `asOf` and located in an
 * in-scope community (a facility inside no community belongs to no unit and is not counted).
 *
 * @param {CityIndex} index the city
 * @param {Object} target share with of = 'facilities'
 * @param {RuleStage} stage threshold in force, and the milestone's condition if it replaces the target's
 * @param {string} asOf 'YYYY-MM-DD'
 * @returns {RuleEvaluation} value = % of those facilities meeting the condition; failing_units = the facilities that do not
 */
export function evaluateFacilityShare(index: CityIndex, target: TargetOf<'share'> | TargetOf<'presence'>, stage: RuleStage, asOf: string): RuleEvaluation {
  // Input validation
  if (!target.facilities) throw new Error(`evaluateFacilityShare: ${target.id} has no "facilities"`);

  const where = stage.where ?? target.facilities.where;
  const types = new Set(target.facilities.types);
  const counted: PlanFacility[] = [];
  // Only the wanted types' facilities of the in-scope communities (the per-type index); sorted below.
  const communities = index.city.communities.filter((c) => inScope(index, c, target.scope));
  forEachFacilityOfTypes(index, communities, [...types], (f) => {
    if (isOpenOn(f, asOf)) counted.push(f);
  });
  counted.sort((a, b) => (a.code < b.code ? -1 : 1));
  let meeting = 0;
  let unknown = 0;
  const failing: FailingUnit[] = [];
  const main = where.find((c) => ['>=', '>', '<=', '<'].includes(c.op));
  for (const f of counted) {
    const results = where.map((c) => testCondition(fieldValue(f, c.field), c));
    const t = and(results);
    if (t === true) meeting += 1;
    else if (t === null) unknown += 1;
    else {
      const community = f.community_code ? index.communities.get(f.community_code) : undefined;
      const bad = where.filter((_, i) => results[i] === false);
      const has = bad.map((c) => valueText(c.field, fieldValue(f, c.field)));
      const needs = bad.map(conditionText);
      failing.push({
        level: 'facility',
        code: f.code,
        name: f.name,
        kind: f.type,
        value: main ? asNumber(fieldValue(f, main.field)) : null,
        required: main ? (main.value as number) : null,
        unit: main ? fieldInfo(main.field).unit || null : null,
        reason: `${f.name} (${f.code}${community ? `, ${community.name}` : ''}): ${has.map((h) => h.en).join(', ')}; needs ${needs.map((n) => n.en).join(' and ')}`,
        reason_zh: `${f.name}(${f.code}${community ? `,${community.name}` : ''}):${has.map((h) => h.zh).join(',')};要求${needs.map((n) => n.zh).join('且')}`,
      });
    }
  }
  const verdict = shareVerdict(meeting, unknown, counted.length, stage);
  const names = [...types].map((t) => typeName(index, t));
  const typesEn = names.map((n) => lcFirst(n.en)).join(' or ');
  const typesZh = names.map((n) => n.zh).join('或');
  const cond = where.map(conditionText);
  const condEn = cond.map((c) => c.en).join(' and ');
  const condZh = cond.map((c) => c.zh).join('且');
  const notes = counted.length === 0 ? [`no open ${typesEn} on ${asOf}`] : unknown > 0 ? [`${unknown} facilities without the data to check "${condEn}"`] : [];
  const notesZh = counted.length === 0 ? [`${asOf} 无开放的${typesZh}`] : unknown > 0 ? [`${unknown} 处设施数据未登记,无法核查“${condZh}”`] : [];
  return {
    value: verdict.value,
    met: verdict.met,
    shortfall: verdict.met === true || counted.length === 0 ? null : {
      amount: verdict.needed,
      unit: 'facilities',
      unit_zh: '处',
      text: `${formatNumber(verdict.needed)} more facilities (${typesEn}) must have ${condEn}: ${formatNumber(meeting)} of ${formatNumber(counted.length)} have it (${formatPercent(verdict.value ?? 0)}; ${formatPercent(stage.threshold)} needs ${formatNumber(meeting + verdict.needed)})`,
      text_zh: `还需 ${formatNumber(verdict.needed)} 处${typesZh}达到${condZh}:现有 ${formatNumber(meeting)}/${formatNumber(counted.length)}(${formatPercent(verdict.value ?? 0)};${formatPercent(stage.threshold)} 需 ${formatNumber(meeting + verdict.needed)} 处)`,
    },
    failing_units: failing,
    counts: { checked: counted.length, meeting, failing: failing.length, no_data: unknown },
    units: null,
    details: { facilities: counted.length, meeting, condition: { en: condEn, zh: condZh } },
    notes,
    notes_zh: notesZh,
  };
}
