import { stringify } from 'csv-stringify/sync';
import { SAFE_CSV_CAST } from '../domain/csv-cells.ts';
import type { TargetResult } from '../domain/plans/index.ts';
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

/** Lists of a target that grow with the city (issue 19): cut in the default answer, paged on request. */
export const EVALUATION_LISTS = ['failing_units', 'units', 'breakdown'] as const;
/** Items of each list kept inline by default (`units=all` keeps every one). */
export const DEFAULT_INLINE_UNITS = 20;
export const MAX_PAGE_LIMIT = 1000;
export const DEFAULT_PAGE_LIMIT = 100;

/** A list of a target cut in the answer: how many items it has and the link to the next page. */
export interface ListCut {
  total: number;
  next: string;
}

/** A target in the bounded answer: each long list cut to its first items, the full count beside it. */
export type BoundedTarget = TargetResult & {
  /** How many units (or facilities) fail, whether or not all are listed. */
  failing_total: number;
  /** The lists cut here (`failing_units`, `units`, `breakdown`, `details.<key>`), with their length and next page. */
  more?: Record<string, ListCut>;
};

/** One page of one list of one target (`?target=…&list=…&offset=…&limit=…`). */
export interface EvaluationPage {
  plan: PlanEvaluationReport['plan'];
  as_of: string;
  target: string;
  list: string;
  total: number;
  offset: number;
  limit: number;
  items: unknown[];
  /** The next page, null on the last. */
  next: string | null;
  data_version: string;
  scenario?: { id: number; version: number };
  mode?: 'walk';
}

/** The lists of a target that can be paged: the three fixed ones and every array of `details`. */
function listsOf(t: TargetResult): Array<[string, readonly unknown[]]> {
  const out: Array<[string, readonly unknown[]]> = [];
  for (const name of EVALUATION_LISTS) {
    const v = t[name];
    if (Array.isArray(v)) out.push([name, v]);
  }
  for (const [k, v] of Object.entries(t.details)) if (Array.isArray(v)) out.push([`details.${k}`, v]);
  return out;
}

/** The link to a page: `base` is the evaluation's own path and query without the paging parameters. */
export function pageLink(base: string, target: string, list: string, offset: number, limit: number): string {
  const q = new URLSearchParams({ target, list, offset: String(offset), limit: String(limit) });
  return `${base}${base.includes('?') ? '&' : '?'}${q.toString()}`;
}

/**
 * The evaluation with every long list of every target cut to its first `limit` items (in the list's own
 * order: unit code for failing units, worst first for breakdowns), each target's `failing_total`, and for
 * each list cut its length and the link to the rest. Nothing else changes.
 */
export function boundedEvaluation(report: PlanEvaluationReport, limit: number, base: string): PlanEvaluationReport & { targets: BoundedTarget[]; units_limit: number } {
  const targets = report.targets.map((t): BoundedTarget => {
    const more: Record<string, ListCut> = {};
    const out: BoundedTarget = { ...t, failing_total: t.failing_units.length };
    let details: Record<string, unknown> | undefined;
    for (const [name, list] of listsOf(t)) {
      if (list.length <= limit) continue;
      more[name] = { total: list.length, next: pageLink(base, t.id, name, limit, DEFAULT_PAGE_LIMIT) };
      const cut = list.slice(0, limit);
      if (name.startsWith('details.')) (details ??= { ...t.details })[name.slice('details.'.length)] = cut;
      else (out as unknown as Record<string, unknown>)[name] = cut;
    }
    if (details) out.details = details;
    if (Object.keys(more).length > 0) out.more = more;
    return out;
  });
  return { ...report, units_limit: limit, targets };
}

/** One page of one list of one target; `InputError`-style failures are the caller's (unknown target or list). */
export function evaluationPage(report: PlanEvaluationReport, target: string, list: string, offset: number, limit: number, base: string): EvaluationPage | { unknown: 'target' | 'list'; known: string[] } {
  const t = report.targets.find((x) => x.id === target);
  if (!t) return { unknown: 'target', known: report.targets.map((x) => x.id) };
  const lists = listsOf(t);
  const found = lists.find(([name]) => name === list);
  if (!found) return { unknown: 'list', known: lists.map(([name]) => name) };
  const all = found[1];
  const end = offset + limit;
  return {
    plan: report.plan,
    as_of: report.as_of,
    target,
    list,
    total: all.length,
    offset,
    limit,
    items: all.slice(offset, end),
    next: end < all.length ? pageLink(base, target, list, end, limit) : null,
    data_version: report.data_version,
    ...(report.scenario ? { scenario: report.scenario } : {}),
    ...(report.mode ? { mode: report.mode } : {}),
  };
}

const jsonKept = new WeakMap<PlanEvaluationReport, Map<string, string>>();

/**
 * The evaluation's JSON text, bounded (`limit` items per list) or whole (`limit` null), kept per report
 * object: the service hands out the same report while nothing it reads changed, so a repeat or a
 * scenario's unchanged version costs no serialisation.
 */
export function evaluationJson(report: PlanEvaluationReport, limit: number | null, base: string): string {
  const key = `${limit ?? 'all'}\n${base}`;
  let kept = jsonKept.get(report);
  if (!kept) jsonKept.set(report, (kept = new Map()));
  let text = kept.get(key);
  if (text === undefined) {
    text = JSON.stringify(limit === null ? report : boundedEvaluation(report, limit, base));
    if (kept.size >= 4) kept.delete(kept.keys().next().value!);
    kept.set(key, text);
  }
  return text;
}
