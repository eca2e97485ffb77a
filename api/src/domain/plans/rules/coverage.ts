/**
 * `coverage`: the share of households served, city-wide or in each unit of a level.
 * method reach: within walking reach of an open facility (households per community from the coverage
 * engine); method unit: the household's own community / street / district (the facility type's level)
 * has an open facility of the type.
 */
import { isOpenOn } from '../../coverage/model.ts';
import { unitCodeOf, unitsAt, typeName, type CityIndex } from '../city-index.ts';
import type { CommunityRates, CommunityReach, FailingUnit } from '../model.ts';
import type { TargetOf } from '../profile.ts';
import { ceilSafe, formatNumber, formatPercent, lcFirst, unitLabel, unitsCount } from '../text.ts';
import { compare, failingUnit, unitStatus, type RuleEvaluation, type RuleStage } from './common.ts';

/**
 * Households served per community under method `unit`: all of a community's households when the unit
 * of a facility type's catalogue level containing it has an open facility of that type (any type).
 *
 * @param {CityIndex} index the city
 * @param {string[]} types facility types (OR)
 * @param {string} asOf 'YYYY-MM-DD'
 * @returns {CommunityReach[]} per community: households and households served
 */
export function unitMethodReach(index: CityIndex, types: readonly string[], asOf: string): CommunityReach[] {
  const served = new Set<string>(); // `${level}:${code}` of units holding an open facility of a type
  const levelOf = new Map(types.map((t) => [t, index.types.get(t)?.level ?? 'community']));
  for (const [communityCode, list] of index.facilitiesByCommunity) {
    const community = index.communities.get(communityCode)!;
    for (const f of list) {
      const level = levelOf.get(f.type);
      if (level === undefined || !isOpenOn(f, asOf)) continue;
      served.add(`${level}:${unitCodeOf(index, community, level)}`);
    }
  }
  const levels = [...new Set(levelOf.values())];
  return index.city.communities.map((c) => {
    const covered = levels.some((level) => served.has(`${level}:${unitCodeOf(index, c, level)}`));
    return { code: c.code, households: c.households, households_covered: covered ? c.households : 0 };
  });
}

/**
 * Evaluates a coverage target.
 *
 * @param {CityIndex} index the city
 * @param {Object} target the coverage target
 * @param {RuleStage} stage threshold in force
 * @param {Object} options { asOf, reach: per-community households within reach (method reach) }
 * @returns {RuleEvaluation} value = the city's rate, or the lowest unit's rate for a per-unit target
 */
export function evaluateCoverage(
  index: CityIndex,
  target: TargetOf<'coverage'>,
  stage: RuleStage,
  options: { asOf: string; reach?: readonly CommunityReach[] | undefined },
): RuleEvaluation {
  // Input validation
  if (target.method === 'reach' && !options.reach) throw new Error(`evaluateCoverage: ${target.id} uses method reach: per-community reach is required`);

  const rows = target.method === 'reach' ? options.reach! : unitMethodReach(index, target.facilities.map((f) => f.type), options.asOf);
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const units = unitsAt(index, target.level, target.scope);
  const communityRates: CommunityRates = new Map();
  const served = target.method === 'reach' ? { en: 'within reach', zh: '在服务半径内' } : { en: 'served in their own unit', zh: '本单元内有设施' };
  const outside = target.method === 'reach' ? { en: 'outside reach', zh: '不在服务半径内' } : { en: 'without a facility in their own unit', zh: '所在单元无设施' };
  const types = target.facilities.map((f) => typeName(index, f.type));
  const typesEn = types.map((t) => lcFirst(t.en)).join(' or ');
  const typesZh = types.map((t) => t.zh).join('或');

  const perUnit = units.map((unit) => {
    let households = 0;
    let covered = 0;
    for (const c of unit.communities) {
      const r = byCode.get(c.code);
      if (!r) throw new Error(`evaluateCoverage: no coverage row for community ${c.code}`);
      households += r.households;
      covered += r.households_covered;
      communityRates.set(c.code, r.households > 0 ? (r.households_covered / r.households) * 100 : null);
    }
    const rate = households > 0 ? (covered / households) * 100 : null;
    const needed = rate === null ? 0 : Math.max(0, ceilSafe((stage.threshold * households) / 100) - covered);
    return { unit, households, covered, rate, needed };
  });
  const households = perUnit.reduce((s, u) => s + u.households, 0);
  const covered = perUnit.reduce((s, u) => s + u.covered, 0);
  const details = {
    method: target.method,
    facilities: target.facilities,
    households,
    households_covered: covered,
    households_outside: households - covered,
  };
  const unitsList = perUnit.map((u) => ({ level: u.unit.level, code: u.unit.code, name: u.unit.name, kind: u.unit.kind, value: u.rate, status: unitStatus(u.rate, stage) }));

  if (target.level === 'city') {
    const city = perUnit[0]!;
    if (city.rate === null) {
      return { value: null, met: null, shortfall: null, failing_units: [], counts: null, units: unitsList, details, notes: ['no households in scope'], notes_zh: ['范围内没有住户'], communityRates };
    }
    const met = compare(city.rate, stage.threshold, stage.comparator);
    const outsideCount = city.households - city.covered;
    return {
      value: city.rate,
      met,
      shortfall: met ? null : {
        amount: city.needed,
        unit: 'households',
        unit_zh: '户',
        text: `${formatNumber(outsideCount)} households (${formatPercent(100 - city.rate)}) ${outside.en} of a ${typesEn}; ${formatNumber(city.needed)} more must be ${served.en} to reach ${formatPercent(stage.threshold)}`,
        text_zh: `${formatNumber(outsideCount)} 户(${formatPercent(100 - city.rate)})${outside.zh}(${typesZh});还需 ${formatNumber(city.needed)} 户${served.zh}才能达到 ${formatPercent(stage.threshold)}`,
      },
      failing_units: [],
      counts: null,
      units: unitsList,
      details,
      notes: [],
      notes_zh: [],
      communityRates,
    };
  }

  const known = perUnit.filter((u) => u.rate !== null);
  const failing = known.filter((u) => !compare(u.rate!, stage.threshold, stage.comparator));
  const noData = perUnit.length - known.length;
  const value = known.length > 0 ? Math.min(...known.map((u) => u.rate!)) : null;
  const met = failing.length > 0 ? false : noData > 0 || known.length === 0 ? null : true;
  const failingUnits: FailingUnit[] = failing.map((u) => {
    const label = unitLabel(u.unit);
    return failingUnit(
      u.unit,
      {
        en: `${label.en}: ${formatPercent(u.rate!)} of households ${served.en} (needs ${formatPercent(stage.threshold)}); ${formatNumber(u.needed)} more households`,
        zh: `${label.zh}:${formatPercent(u.rate!)} 的住户${served.zh}(目标 ${formatPercent(stage.threshold)});还需 ${formatNumber(u.needed)} 户`,
      },
      { value: u.rate, required: stage.threshold, unit: '%' },
    );
  });
  const amount = failing.reduce((s, u) => s + u.needed, 0);
  const n = unitsCount(target.level, perUnit.map((u) => u.unit.kind), perUnit.length);
  return {
    value,
    met,
    shortfall: failing.length === 0 ? null : {
      amount,
      unit: 'households',
      unit_zh: '户',
      text: `${formatNumber(failing.length)} of ${n.en} below ${formatPercent(stage.threshold)}: ${formatNumber(amount)} more households must be ${served.en} (${failing.map((u) => `${u.unit.name} ${formatPercent(u.rate!)}`).join(', ')})`,
      text_zh: `${n.zh}中有 ${formatNumber(failing.length)} 个低于 ${formatPercent(stage.threshold)}:还需 ${formatNumber(amount)} 户${served.zh}(${failing.map((u) => `${u.unit.name} ${formatPercent(u.rate!)}`).join(',')})`,
    },
    failing_units: failingUnits,
    counts: { checked: perUnit.length, meeting: known.length - failing.length, failing: failing.length, no_data: noData },
    units: unitsList,
    details,
    notes: noData > 0 ? [`${noData} unit(s) without households`] : [],
    notes_zh: noData > 0 ? [`${noData} 个单元没有住户`] : [],
    communityRates,
  };
}
