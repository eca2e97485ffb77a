import { stringify } from 'csv-stringify/sync';
import { SAFE_CSV_CAST } from '../domain/csv-cells.ts';
import type { AccessibilityReport, CapacitatedReport } from './accessibility.ts';

export const ACCESSIBILITY_CSV_COLUMNS = ['code', 'name', 'communities', 'demand', 'supply_reachable', 'ratio'] as const;
export const ACCESSIBILITY_TARGET_CSV_COLUMNS = ['ratio_per', 'meets_target', 'supply_gap'] as const;
export const CAPACITATED_CSV_COLUMNS = [
  'code', 'name', 'communities', 'households', 'households_within_capacity', 'households_over_capacity', 'households_not_covered',
  'demand', 'demand_within_capacity', 'demand_over_capacity', 'demand_not_covered',
] as const;

/** 2SFCA units as CSV (UTF-8, header row, one row per unit; a null ratio is an empty cell). */
export function accessibilityCsv(report: AccessibilityReport): string {
  const columns = report.target ? [...ACCESSIBILITY_CSV_COLUMNS, ...ACCESSIBILITY_TARGET_CSV_COLUMNS] : [...ACCESSIBILITY_CSV_COLUMNS];
  return stringify(report.units, { header: true, cast: { ...SAFE_CSV_CAST, boolean: (v: boolean) => String(v) }, columns });
}

/** Capacitated coverage units as CSV. */
export function capacitatedCsv(report: CapacitatedReport): string {
  return stringify(report.units, { header: true, cast: SAFE_CSV_CAST, columns: [...CAPACITATED_CSV_COLUMNS] });
}
