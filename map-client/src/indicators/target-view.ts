// How one plan target reads in the panel, as data (testable without a DOM): status, the text in
// the language, "value vs threshold" with the unit, the shortfall, and the failing units.
import type { ChartPoint } from '../charts/line-chart.ts';
import type { PlanProgress, TargetEvaluation, TargetStatus } from '../api/endpoints.ts';
import { formatNumber, localizeNumbers, t, type Lang } from '../i18n.ts';

export interface TargetView {
  id: string;
  status: TargetStatus;
  statusLabel: string;
  text: string;
  /** "64.6 now, target ≥ 70 % of households". */
  valueLine: string;
  shortfall: string | null;
  /** Why a target does not apply here (the API's first note), for not_applicable targets only. */
  note: string | null;
  failing: { code: string; name: string; level: string; reason: string }[];
  /** How many fail: the answer lists only the first ones of a long list. */
  failingCount: number;
}

const COMPARATORS: Record<string, string> = { '>=': '≥', '<=': '≤', '>': '>', '<': '<', '==': '=', '=': '=' };

/** The comparator as a mathematical sign. */
export function comparatorSign(comparator: string): string {
  return COMPARATORS[comparator] ?? comparator;
}

/** Formats a target's figure: whole numbers without decimals, others with one or two. */
export function formatFigure(lang: Lang, value: number): string {
  const digits = Number.isInteger(value) ? 0 : Math.abs(value) < 10 ? 2 : 1;
  return formatNumber(lang, value, digits);
}

export function targetView(target: TargetEvaluation, lang: Lang): TargetView {
  const unit = lang === 'zh-CN' ? target.unit_zh : target.unit;
  const comparator = comparatorSign(target.comparator);
  const threshold = target.threshold === null ? '—' : formatFigure(lang, target.threshold);
  const valueLine = target.value === null
    ? t(lang, 'ind.noValue', { comparator, threshold, unit })
    : t(lang, 'ind.value', { value: formatFigure(lang, target.value), comparator, threshold, unit });
  // The API writes its texts' numbers in its own grouping ("23 400"): one format per language here.
  const shortfall = target.shortfall ? localizeNumbers(lang, lang === 'zh-CN' ? target.shortfall.text_zh : target.shortfall.text) : null;
  return {
    id: target.id,
    status: target.status,
    statusLabel: t(lang, `ind.status.${target.status}`),
    text: lang === 'zh-CN' ? target.text.zh : target.text.en,
    valueLine,
    shortfall,
    note: target.status === 'not_applicable' ? localizeNumbers(lang, (lang === 'zh-CN' ? target.notes_zh : target.notes)?.[0] ?? '') || null : null,
    failing: target.failing_units.map((unit) => ({
      code: unit.code,
      name: unit.name,
      level: unit.level,
      reason: localizeNumbers(lang, (lang === 'zh-CN' ? unit.reason_zh : unit.reason) ?? ''),
    })),
    failingCount: target.failing_total ?? target.failing_units.length,
  };
}

/** A target's series over the years, for the chart (x = year of each date). */
export function progressSeries(progress: PlanProgress, targetId: string): { points: ChartPoint[]; threshold: number | null } | null {
  const target = progress.targets.find((candidate) => candidate.id === targetId);
  if (!target) return null;
  const points = target.series.map((point) => ({ x: Number(point.as_of.slice(0, 4)), y: point.value }));
  const threshold = [...target.series].reverse().find((point) => point.threshold !== null)?.threshold ?? null;
  return { points, threshold };
}
