/**
 * `reported`: a figure the map cannot compute (hotline satisfaction, health records, volunteers …),
 * entered by a person with a date, a source and an author. The evaluation on date D uses the latest
 * figure dated on or before D, and says so.
 */
import { unitsAt, type CityIndex } from '../city-index.ts';
import type { FailingUnit, ReportedEntry, ReportedFigure } from '../model.ts';
import type { TargetOf } from '../profile.ts';
import { formatNumber, levelCount, unitLabel, unitsCount } from '../text.ts';
import { compare, failingUnit, unitStatus, type RuleEvaluation, type RuleStage } from './common.ts';

/**
 * The latest figure per measure dated on or before `asOf` (ties: the one entered last).
 *
 * @param {ReportedFigure[]} figures all figures of the target
 * @param {string} asOf 'YYYY-MM-DD'
 * @returns {Map<string, ReportedFigure>} measure key ('' for single-figure targets) → figure
 */
export function latestFigures(figures: readonly ReportedFigure[], asOf: string): Map<string, ReportedFigure> {
  const out = new Map<string, ReportedFigure>();
  for (const f of figures) {
    if (f.as_of > asOf) continue;
    const current = out.get(f.measure);
    if (!current || f.as_of > current.as_of || (f.as_of === current.as_of && f.entered_at >= current.entered_at)) out.set(f.measure, f);
  }
  return out;
}

/**
 * Evaluates a reported target from the figures entered for it.
 *
 * @param {Object} target the reported target
 * @param {RuleStage} stage threshold in force (single-figure targets)
 * @param {ReportedFigure[]} figures figures of this target
 * @param {string} asOf 'YYYY-MM-DD'
 * @returns {RuleEvaluation} value = the (first) figure; met only when every measure has a figure that meets it
 */
export function evaluateReported(index: CityIndex, target: TargetOf<'reported'>, stage: RuleStage, figures: readonly ReportedFigure[], asOf: string): RuleEvaluation {
  if (target.level !== 'city') return evaluateReportedPerUnit(index, target, stage, figures, asOf);
  figures = figures.filter((f) => !f.unit_code);
  const measures = target.measures ?? [{ key: '', text: target.text, threshold: stage.threshold }];
  const latest = latestFigures(figures.filter((f) => f.target_id === target.id), asOf);
  const unit = target.unit;
  const perMeasure = measures.map((m) => {
    const fig = latest.get(m.key);
    return { m, fig, met: fig ? compare(fig.value, m.threshold, stage.comparator) : null };
  });
  const missing = perMeasure.filter((p) => !p.fig);
  const failing = perMeasure.filter((p) => p.met === false);
  const met = failing.length > 0 ? false : missing.length > 0 ? null : true;
  const reported: ReportedEntry[] = perMeasure.flatMap((p) =>
    p.fig ? [{ measure: p.m.key, unit_code: '', value: p.fig.value, as_of: p.fig.as_of, source: p.fig.source, author: p.fig.author, note: p.fig.note }] : [],
  );
  const label = (p: (typeof perMeasure)[number]) => (target.measures ? { en: `${p.m.text.en}: `, zh: `${p.m.text.zh}:` } : { en: '', zh: '' });
  const notes: string[] = ['reported figure, not computed from the map'];
  const notesZh: string[] = ['填报数据,非地图计算'];
  for (const p of missing) {
    notes.push(`${label(p).en}no figure reported on or before ${asOf}`);
    notesZh.push(`${label(p).zh}截至 ${asOf} 无填报数据`);
  }
  const first = perMeasure[0]!;
  return {
    value: first.fig ? first.fig.value : null,
    met,
    shortfall: failing.length === 0 ? null : {
      amount: failing.length === 1 && measures.length === 1 ? Math.abs(failing[0]!.m.threshold - failing[0]!.fig!.value) : null,
      unit: unit.en,
      unit_zh: unit.zh,
      text: failing
        .map((p) => `${label(p).en}reported ${formatNumber(p.fig!.value, 2)} ${unit.en}, needs ${formatNumber(p.m.threshold, 2)} ${unit.en} (${p.fig!.as_of}, ${p.fig!.source}, by ${p.fig!.author})`)
        .join('; '),
      text_zh: failing
        .map((p) => `${label(p).zh}填报 ${formatNumber(p.fig!.value, 2)} ${unit.zh},目标 ${formatNumber(p.m.threshold, 2)} ${unit.zh}(${p.fig!.as_of},来源:${p.fig!.source},填报人:${p.fig!.author})`)
        .join(';'),
    },
    failing_units: [],
    counts: null,
    units: null,
    details: target.measures
      ? { measures: perMeasure.map((p) => ({ key: p.m.key, text: p.m.text, threshold: p.m.threshold, value: p.fig?.value ?? null, met: p.met })) }
      : {},
    notes,
    notes_zh: notesZh,
    reported,
  };
}

/**
 * A reported target whose level is below the city (per street, district or community): each unit of
 * the level (within the scope) is checked on its own latest figure; units without one are listed.
 *
 * @param {CityIndex} index the city (its units)
 * @param {Object} target the reported target (level street, district or community)
 * @param {RuleStage} stage threshold in force
 * @param {ReportedFigure[]} figures figures of this target, each with its unit_code
 * @param {string} asOf 'YYYY-MM-DD'
 * @returns {RuleEvaluation} value = the lowest unit figure; met only when every unit has a figure that meets it
 */
export function evaluateReportedPerUnit(index: CityIndex, target: TargetOf<'reported'>, stage: RuleStage, figures: readonly ReportedFigure[], asOf: string): RuleEvaluation {
  const units = unitsAt(index, target.level, target.scope);
  const mine = figures.filter((f) => f.target_id === target.id && f.measure === '');
  const unit = target.unit;
  const rows = units.map((u) => {
    const fig = latestFigures(mine.filter((f) => f.unit_code === u.code), asOf).get('');
    return { u, fig, met: fig ? compare(fig.value, stage.threshold, stage.comparator) : null };
  });
  const known = rows.filter((r) => r.fig);
  const failing = rows.filter((r) => r.met === false);
  const missing = rows.filter((r) => !r.fig);
  const failingUnits: FailingUnit[] = failing.map((r) => {
    const label = unitLabel(r.u);
    const f = r.fig!;
    return failingUnit(
      r.u,
      {
        en: `${label.en}: reported ${formatNumber(f.value, 2)} ${unit.en}, needs ${formatNumber(stage.threshold, 2)} ${unit.en} (${f.as_of}, ${f.source}, by ${f.author})`,
        zh: `${label.zh}:填报 ${formatNumber(f.value, 2)} ${unit.zh},目标 ${formatNumber(stage.threshold, 2)} ${unit.zh}(${f.as_of},来源:${f.source},填报人:${f.author})`,
      },
      { value: f.value, required: stage.threshold, unit: unit.en },
    );
  });
  const notes = ['reported figure, not computed from the map'];
  const notesZh = ['填报数据,非地图计算'];
  if (missing.length > 0) {
    const n = unitsCount(target.level, missing.map((r) => r.u.kind), missing.length);
    notes.push(`${n.en} without a figure on or before ${asOf}: ${missing.map((r) => r.u.code).join(', ')}`);
    notesZh.push(`${n.zh}截至 ${asOf} 无填报数据:${missing.map((r) => r.u.code).join('、')}`);
  }
  return {
    value: known.length > 0 ? Math.min(...known.map((r) => r.fig!.value)) : null,
    met: failing.length > 0 ? false : missing.length > 0 || rows.length === 0 ? null : true,
    shortfall: failing.length === 0 ? null : {
      amount: failing.length,
      unit: levelCount(target.level, failing.length).en.replace(/^\S+ /, ''),
      unit_zh: levelCount(target.level, failing.length).zh.replace(/^\S+ 个/, ''),
      text: `${unitsCount(target.level, failing.map((r) => r.u.kind), failing.length).en} below ${formatNumber(stage.threshold, 2)} ${unit.en}: ${failing.map((r) => `${r.u.name} ${formatNumber(r.fig!.value, 2)}`).join(', ')}`,
      text_zh: `${unitsCount(target.level, failing.map((r) => r.u.kind), failing.length).zh}低于 ${formatNumber(stage.threshold, 2)} ${unit.zh}:${failing.map((r) => `${r.u.name} ${formatNumber(r.fig!.value, 2)}`).join(',')}`,
    },
    failing_units: failingUnits,
    counts: { checked: rows.length, meeting: known.length - failing.length, failing: failing.length, no_data: missing.length },
    units: rows.map((r) => ({ level: r.u.level, code: r.u.code, name: r.u.name, kind: r.u.kind, value: r.fig?.value ?? null, status: unitStatus(r.fig?.value ?? null, stage) })),
    details: { units_without_figure: missing.map((r) => ({ code: r.u.code, name: r.u.name, kind: r.u.kind })) },
    notes,
    notes_zh: notesZh,
    reported: known.map((r) => ({ measure: '', unit_code: r.u.code, value: r.fig!.value, as_of: r.fig!.as_of, source: r.fig!.source, author: r.fig!.author, note: r.fig!.note })),
  };
}
