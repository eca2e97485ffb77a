/**
 * `ratio`: supply per population, e.g. beds per elderly (%), GPs per 10 000 residents, outlets per
 * 1 000 residents; city-wide, or in each unit of a level.
 */
import { unitsAt, type CityIndex } from '../city-index.ts';
import type { CommunityCatchment, FailingUnit } from '../model.ts';
import type { TargetOf } from '../profile.ts';
import { ceilSafe, fieldInfo, formatNumber, levelCount, unitLabel, unitsCount, withUnit } from '../text.ts';
import { compare, failingUnit, unitStatus, type RuleEvaluation, type RuleStage } from './common.ts';
import { measureIn } from './measure.ts';

/**
 * Evaluates a ratio target: value = supply / denominator × per.
 *
 * @param {CityIndex} index the city
 * @param {Object} target the ratio target
 * @param {RuleStage} stage threshold in force
 * @param {string} asOf 'YYYY-MM-DD'
 * @param {Object[]} [catchment] per-community 2SFCA supply reachable and demand (targets with `catchment`)
 * @returns {RuleEvaluation} value = the city's rate, or the lowest unit's; null when the denominator is 0
 */
export function evaluateRatio(
  index: CityIndex,
  target: TargetOf<'ratio'>,
  stage: RuleStage,
  asOf: string,
  catchment?: readonly CommunityCatchment[],
): RuleEvaluation {
  if (target.catchment && !catchment) throw new Error(`evaluateRatio: ${target.id} counts supply by catchment: per-community 2SFCA figures are required`);
  const units = unitsAt(index, target.level, target.scope);
  const den = fieldInfo(target.denominator);
  const byCommunity = new Map((catchment ?? []).map((c) => [c.code, c]));
  const perUnit = units.map((unit) => {
    let m = measureIn(index, unit.communities, target.numerator, asOf);
    let denominator = unit.communities.reduce((s, c) => s + c[target.denominator], 0);
    if (target.catchment) {
      // Supply reachable by the unit's people (2SFCA, summed over its communities), not supply located in it.
      const rows = unit.communities.map((c) => byCommunity.get(c.code));
      m = { ...m, value: rows.reduce((s, r) => s + (r?.supply_reachable ?? 0), 0) };
      denominator = rows.reduce((s, r) => s + (r?.demand ?? 0), 0);
    }
    const rate = denominator > 0 ? (m.value / denominator) * target.per : null;
    // Items to add so that (value + x) / denominator × per reaches the threshold.
    const needed = rate === null ? 0 : Math.max(0, ceilSafe((stage.threshold * denominator) / target.per - m.value));
    return { unit, m, denominator, rate, needed };
  });
  const numerator = perUnit.reduce((s, u) => s + u.m.value, 0);
  const denominator = perUnit.reduce((s, u) => s + u.denominator, 0);
  const missing = perUnit.reduce((s, u) => s + u.m.missing, 0);
  const unchecked = perUnit.reduce((s, u) => s + u.m.unchecked, 0);
  const notes: string[] = [];
  const notesZh: string[] = [];
  if (missing > 0) {
    notes.push(`${missing} facilities without ${fieldInfo(String(target.numerator.measure)).en} recorded (counted as 0)`);
    notesZh.push(`${missing} 处设施未登记${fieldInfo(String(target.numerator.measure)).zh}(按 0 计)`);
  }
  if (unchecked > 0) {
    notes.push(`${unchecked} facilities left out: their condition could not be checked`);
    notesZh.push(`${unchecked} 处设施数据不全,未计入`);
  }
  const details = {
    numerator, denominator, denominator_field: target.denominator, per: target.per, facilities: perUnit.reduce((s, u) => s + u.m.facilities, 0),
    ...(target.catchment ? { catchment: { method: target.catchment.method, reach_m: target.catchment.reach_m ?? null } } : {}),
  };
  const unitsList = perUnit.map((u) => ({ level: u.unit.level, code: u.unit.code, name: u.unit.name, kind: u.unit.kind, value: u.rate, status: unitStatus(u.rate, stage) }));
  const unitEn = target.unit.en;
  const unitZh = target.unit.zh;

  if (target.level === 'city') {
    const city = perUnit[0]!;
    if (city.rate === null) {
      notes.push(`no ${den.en} in scope: the ratio is undefined`);
      notesZh.push(`范围内${den.zh}为 0,比率无意义`);
      return { value: null, met: null, shortfall: null, failing_units: [], counts: null, units: null, details, notes, notes_zh: notesZh };
    }
    const met = compare(city.rate, stage.threshold, stage.comparator);
    return {
      value: city.rate,
      met,
      shortfall: met ? null : {
        amount: city.needed,
        unit: target.item.en,
        unit_zh: target.item.zh,
        text: `${formatNumber(city.needed)} more ${target.item.en} (has ${formatNumber(numerator, 2)} for ${formatNumber(denominator)} ${den.unit}: ${withUnit(city.rate, unitEn)}; needs ${withUnit(stage.threshold, unitEn)})`,
        text_zh: `还需 ${formatNumber(city.needed)} ${target.item.zh}(现有 ${formatNumber(numerator, 2)},${den.zh} ${formatNumber(denominator)} ${den.unit_zh}:${formatNumber(city.rate, 2)} ${unitZh};目标 ${formatNumber(stage.threshold, 2)} ${unitZh})`,
      },
      failing_units: [],
      counts: null,
      units: null,
      details,
      notes,
      notes_zh: notesZh,
    };
  }

  const known = perUnit.filter((u) => u.rate !== null);
  const failing = known.filter((u) => !compare(u.rate!, stage.threshold, stage.comparator));
  const noData = perUnit.length - known.length;
  const failingUnits: FailingUnit[] = failing.map((u) => {
    const label = unitLabel(u.unit);
    return failingUnit(
      u.unit,
      {
        en: `${label.en}: ${withUnit(u.rate!, unitEn)} (needs ${withUnit(stage.threshold, unitEn)}); ${formatNumber(u.needed)} more ${target.item.en}`,
        zh: `${label.zh}:${formatNumber(u.rate!, 2)} ${unitZh}(目标 ${formatNumber(stage.threshold, 2)} ${unitZh});还需 ${formatNumber(u.needed)} ${target.item.zh}`,
      },
      { value: u.rate, required: stage.threshold, unit: unitEn },
    );
  });
  const amount = failing.reduce((s, u) => s + u.needed, 0);
  if (noData > 0) {
    notes.push(`${levelCount(target.level, noData).en} without ${den.en}: ratio undefined`);
    notesZh.push(`${levelCount(target.level, noData).zh}${den.zh}为 0,比率无意义`);
  }
  return {
    value: known.length > 0 ? Math.min(...known.map((u) => u.rate!)) : null,
    met: failing.length > 0 ? false : noData > 0 || known.length === 0 ? null : true,
    shortfall: failing.length === 0 ? null : {
      amount,
      unit: target.item.en,
      unit_zh: target.item.zh,
      text: `${unitsCount(target.level, failing.map((u) => u.unit.kind), failing.length).en} below ${withUnit(stage.threshold, unitEn)}: ${formatNumber(amount)} more ${target.item.en} there`,
      text_zh: `${unitsCount(target.level, failing.map((u) => u.unit.kind), failing.length).zh}低于 ${formatNumber(stage.threshold, 2)} ${unitZh}:共需增加 ${formatNumber(amount)} ${target.item.zh}`,
    },
    failing_units: failingUnits,
    counts: { checked: perUnit.length, meeting: known.length - failing.length, failing: failing.length, no_data: noData },
    units: unitsList,
    details,
    notes,
    notes_zh: notesZh,
  };
}
