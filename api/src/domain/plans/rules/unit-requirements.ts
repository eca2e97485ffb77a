/**
 * `presence` (every unit of a level meets the requirements) and `share` of units (at least x % do):
 * "each street has a culture station of ≥ 300 m²", "≥ 60 % of communities have an employment station".
 */
import { unitsAt, type CityIndex } from '../city-index.ts';
import type { FailingUnit } from '../model.ts';
import type { Requirement, TargetOf } from '../profile.ts';
import { evaluateRequirements, requirementLabel } from '../requirements.ts';
import { formatNumber, formatPercent, levelCount, levelName, levelPlural, unitLabel, unitsCount } from '../text.ts';
import { failingUnit, shareVerdict, type RuleEvaluation, type RuleStage } from './common.ts';

/**
 * Evaluates a presence target, or a share target of units.
 *
 * @param {CityIndex} index the city
 * @param {Object} target presence, or share with of = 'units'
 * @param {RuleStage} stage threshold in force (presence: 100)
 * @param {string} asOf 'YYYY-MM-DD'
 * @returns {RuleEvaluation} value = % of units meeting every requirement
 */
export function evaluateUnitRequirements(
  index: CityIndex,
  target: TargetOf<'presence'> | TargetOf<'share'>,
  stage: RuleStage,
  asOf: string,
): RuleEvaluation {
  // Input validation
  const requires: readonly Requirement[] | undefined = target.requires;
  if (!requires || requires.length === 0) throw new Error(`evaluateUnitRequirements: ${target.id} has no requirements`);

  const units = unitsAt(index, target.level, target.scope);
  const failing: FailingUnit[] = [];
  const unknownLabels = new Map<string, { en: string; zh: string; n: number }>();
  const failingLabels = new Map<string, { en: string; zh: string; n: number }>();
  const failingKinds: string[] = [];
  let meeting = 0;
  let unknown = 0;
  for (const unit of units) {
    const r = evaluateRequirements(index, unit, requires, asOf);
    if (r.truth === true) {
      meeting += 1;
      continue;
    }
    if (r.truth === null) {
      unknown += 1;
      for (const o of r.unknown) {
        const key = o.label.en;
        const entry = unknownLabels.get(key) ?? { en: o.label.en, zh: o.label.zh, n: 0 };
        entry.n += 1;
        unknownLabels.set(key, entry);
      }
      continue;
    }
    const label = unitLabel(unit);
    const first = r.failing[0]!;
    failingKinds.push(unit.kind);
    for (const o of r.failing) {
      const entry = failingLabels.get(o.label.en) ?? { en: o.label.en, zh: o.label.zh, n: 0 };
      entry.n += 1;
      failingLabels.set(o.label.en, entry);
    }
    failing.push(
      failingUnit(
        unit,
        {
          en: `${label.en} needs ${r.failing.map((o) => `${o.label.en}; ${o.has.en}`).join('; and ')}`,
          zh: `${label.zh}缺少${r.failing.map((o) => `${o.label.zh};${o.has.zh}`).join(';并缺少')}`,
        },
        { value: first.value, required: first.required, unit: first.unit },
      ),
    );
  }

  const verdict = shareVerdict(meeting, unknown, units.length, stage);
  const notes: string[] = [];
  const notesZh: string[] = [];
  for (const u of unknownLabels.values()) {
    notes.push(`${levelCount(target.level, u.n).en}: no data to check "${u.en}"`);
    notesZh.push(`${levelCount(target.level, u.n).zh}无法核查“${u.zh}”(数据未登记)`);
  }
  const labels = requires.map((r) => requirementLabel(index, r));
  const what = { en: labels.map((l) => l.en).join(' and '), zh: labels.map((l) => l.zh).join('和') };
  const plural = levelPlural(target.level);
  let shortfall: RuleEvaluation['shortfall'] = null;
  if (verdict.met !== true && units.length > 0) {
    if (target.kind === 'presence') {
      if (failing.length > 0) {
        const byRequirement = [...failingLabels.values()];
        const lacking = (l: { en: string; zh: string; n: number }) => ({
          en: `${unitsCount(target.level, failingKinds, l.n).en} lack ${l.en}`,
          zh: `${unitsCount(target.level, failingKinds, l.n).zh}缺少${l.zh}`,
        });
        shortfall = {
          amount: failing.length,
          unit: plural.en,
          unit_zh: plural.zh.replace(/^个/, ''),
          text: `${byRequirement.map((l) => lacking(l).en).join('; ')}${unknown ? ` (${formatNumber(unknown)} more without the data to check)` : ''}`,
          text_zh: `${byRequirement.map((l) => lacking(l).zh).join(';')}${unknown ? `(另有 ${formatNumber(unknown)} 个数据不全)` : ''}`,
        };
      }
    } else {
      const n = levelCount(target.level, units.length);
      shortfall = {
        amount: verdict.needed,
        unit: plural.en,
        unit_zh: plural.zh.replace(/^个/, ''),
        text: `${formatNumber(verdict.needed)} more ${verdict.needed === 1 ? levelName(target.level).en : plural.en} ${verdict.needed === 1 ? 'needs' : 'need'} ${what.en}: ${formatNumber(meeting)} of ${n.en} have it (${formatPercent(verdict.value ?? 0)}); ${formatPercent(stage.threshold)} needs ${formatNumber(meeting + verdict.needed)}`,
        text_zh: `还需 ${levelCount(target.level, verdict.needed).zh}达到“${what.zh}”:现有 ${formatNumber(meeting)}/${formatNumber(units.length)}(${formatPercent(verdict.value ?? 0)}),${formatPercent(stage.threshold)} 需 ${formatNumber(meeting + verdict.needed)} 个`,
      };
    }
  }
  return {
    value: verdict.value,
    met: verdict.met,
    shortfall,
    failing_units: failing,
    counts: { checked: units.length, meeting, failing: failing.length, no_data: unknown },
    units: null,
    details: { requirement: what, units: units.length },
    notes,
    notes_zh: notesZh,
  };
}
