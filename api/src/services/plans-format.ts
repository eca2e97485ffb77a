import { stringify } from 'csv-stringify/sync';
import { SAFE_CSV_CAST } from '../domain/csv-cells.ts';
import type { PlanEvaluationReport, PlanSeriesReport } from './plans.ts';

export const EVALUATION_CSV_COLUMNS = [
  'id', 'kind', 'level', 'computed', 'status', 'value', 'threshold', 'comparator', 'unit', 'deadline',
  'shortfall', 'shortfall_zh', 'failing_count', 'failing_units', 'breakdown', 'applies', 'baseline', 'units_without_figure', 'text_zh', 'text_en',
] as const;

const round = (v: number | null): string => (v === null ? '' : String(Math.round(v * 100) / 100));

const range = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** One row per target (UTF-8, header row); failing units as space-separated codes. */
export function evaluationCsv(report: PlanEvaluationReport): string {
  const rows = report.targets.map((t) => ({
    id: t.id,
    kind: t.kind,
    level: t.level,
    computed: t.computed ? 'yes' : 'no (reported)',
    status: t.status,
    value: range(t.value),
    threshold: t.threshold,
    comparator: t.comparator,
    unit: t.unit,
    deadline: range(t.deadline),
    shortfall: t.shortfall?.text ?? '',
    shortfall_zh: t.shortfall?.text_zh ?? '',
    failing_count: t.failing_units.length,
    failing_units: t.failing_units.map((u) => u.code).join(' '),
    // Districts then streets, worst first: CODE=value/needed(-shortfall).
    breakdown: (t.breakdown ?? []).map((b) => `${b.code}=${round(b.value)}/${round(b.required)}(-${b.shortfall ?? ''})`).join(' '),
    applies: t.applicability ? (t.applicability.applies === 'scaled' ? `scaled from ${t.applicability.source_city}: ${round(t.applicability.scaled_threshold)}` : t.applicability.applies === 'as_is' ? `${t.applicability.source_city}: as is` : `${t.applicability.source_city} only: not applicable`) : '',
    baseline: t.baselines.filter((b) => b.starts_series).map((b) => `${b.figure} (${b.as_of})`).join(' '),
    units_without_figure: ((t.details['units_without_figure'] as Array<{ code: string }> | undefined) ?? []).map((u) => u.code).join(' '),
    text_zh: t.text.zh,
    text_en: t.text.en,
  }));
  return stringify(rows, { header: true, cast: SAFE_CSV_CAST, columns: [...EVALUATION_CSV_COLUMNS] });
}

export const SERIES_CSV_COLUMNS = ['id', 'kind', 'level', 'computed', 'unit', 'as_of', 'value', 'threshold', 'deadline', 'status'] as const;

/** One row per target and date (long format). */
export function seriesCsv(report: PlanSeriesReport): string {
  const rows = report.targets.flatMap((t) =>
    t.series.map((s) => ({
      id: t.id,
      kind: t.kind,
      level: t.level,
      computed: t.computed ? 'yes' : 'no (reported)',
      unit: t.unit,
      as_of: s.as_of,
      value: range(s.value),
      threshold: s.threshold,
      deadline: range(s.deadline),
      status: s.status,
    })),
  );
  return stringify(rows, { header: true, cast: SAFE_CSV_CAST, columns: [...SERIES_CSV_COLUMNS] });
}
