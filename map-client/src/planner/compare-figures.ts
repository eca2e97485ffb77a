// The figures of GET /api/scenarios/{id}/compare as the before/after panel reads them (no DOM):
// the answer's shape, the query, and which units and targets changed.
import type { Localized } from '../api/endpoints.ts';
import type { Lang } from '../i18n.ts';

export interface CompareRow {
  code: string;
  name: string;
  households: number;
  households_covered_before: number;
  households_covered_after: number;
  delta_households_covered: number;
  rate_before: number | null;
  rate_after: number | null;
  delta_rate: number | null;
}

export interface CompareTarget {
  id: string;
  text: Localized;
  unit: string;
  unit_zh?: string;
  comparator: string;
  threshold: number | null;
  value_before: number | null;
  value_after: number | null;
  status_before: string;
  status_after: string;
}

export interface ScenarioComparison {
  scenario: { id: number; version: number; name: string };
  type: string;
  as_of: string;
  level: string;
  totals: Omit<CompareRow, 'code' | 'name'>;
  units: CompareRow[];
  changed_units: string[];
  plan?: { id: string; targets: CompareTarget[]; met_before: number; met_after: number };
}


/** The query of one comparison (the panel's and its downloads'). */
export function comparePath(scenarioId: string, query: { type: string; level: string; plan: string | null; asOf: string | null; mode?: string }, format?: 'csv' | 'xlsx', lang?: Lang): string {
  const params = new URLSearchParams({ type: query.type, level: query.level });
  if (query.plan) params.set('plan', query.plan);
  if (query.asOf) params.set('as_of', query.asOf);
  if (format) {
    params.set('format', format);
    if (lang) params.set('lang', lang);
  }
  return `scenarios/${encodeURIComponent(scenarioId)}/compare?${params.toString()}`;
}

/** Units whose covered households change, most gained first. */
export function changedRows(comparison: ScenarioComparison): CompareRow[] {
  return comparison.units.filter((u) => u.delta_households_covered !== 0).sort((a, b) => b.delta_households_covered - a.delta_households_covered || a.code.localeCompare(b.code));
}

/** Targets whose value or status changes. */
export function changedTargets(comparison: ScenarioComparison): CompareTarget[] {
  return (comparison.plan?.targets ?? []).filter((target) => target.value_before !== target.value_after || target.status_before !== target.status_after);
}

