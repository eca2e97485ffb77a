/**
 * `reported`: a figure the map cannot compute (hotline satisfaction, health records, volunteers …),
 * entered by a person with a date, a source and an author. The evaluation on date D uses the latest
 * figure dated on or before D, and says so.
 */
import type { ReportedEntry, ReportedFigure } from '../model.ts';
import type { TargetOf } from '../profile.ts';
import { formatNumber } from '../text.ts';
import { compare, type RuleEvaluation, type RuleStage } from './common.ts';

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
export function evaluateReported(target: TargetOf<'reported'>, stage: RuleStage, figures: readonly ReportedFigure[], asOf: string): RuleEvaluation {
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
    p.fig ? [{ measure: p.m.key, value: p.fig.value, as_of: p.fig.as_of, source: p.fig.source, author: p.fig.author, note: p.fig.note }] : [],
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
