/**
 * Breakdowns of city-level coverage, ratio and total targets: every district and street with its own
 * figure and its shortfall, worst first, so a bureau sees where the city-wide gap lies.
 */
import { unitsAt, type CityIndex } from '../city-index.ts';
import type { BreakdownRow, PlanCommunity } from '../model.ts';
import type { TargetScope } from '../profile.ts';
import { ceilSafe } from '../text.ts';

export interface BreakdownSpec {
  scope?: TargetScope | undefined;
  /** The unit's supply: covered households, beds, outlets … in its communities. */
  numerator: (communities: readonly PlanCommunity[]) => number;
  /** The unit's demand: households, residents, elderly. */
  denominator: (communities: readonly PlanCommunity[]) => number;
  /**
   * rate: value = numerator / denominator × per, checked against the threshold (coverage, ratio);
   * share: value = numerator, checked against the threshold × the unit's share of the city's
   * denominator (a city total split pro rata).
   */
  mode: 'rate' | 'share';
  per: number;
  threshold: number;
  comparator: '>=' | '<=';
  unit: string;
}

/**
 * Districts then streets, each level sorted worst to best (lowest value against what it needs first;
 * units without demand last).
 *
 * @param {CityIndex} index the city
 * @param {BreakdownSpec} spec how to measure a unit
 * @returns {BreakdownRow[]} one row per district and per street in scope
 */
export function cityBreakdown(index: CityIndex, spec: BreakdownSpec): BreakdownRow[] {
  const all = unitsAt(index, 'city', spec.scope)[0]!.communities;
  const cityDenominator = spec.denominator(all);
  const rows: BreakdownRow[] = [];
  for (const level of ['district', 'street'] as const) {
    const levelRows = unitsAt(index, level, spec.scope).map((unit): BreakdownRow => {
      const num = spec.numerator(unit.communities);
      const den = spec.denominator(unit.communities);
      let value: number | null;
      let required: number | null;
      let shortfall: number | null;
      if (spec.mode === 'rate') {
        value = den > 0 ? (num / den) * spec.per : null;
        required = spec.threshold;
        shortfall = value === null ? null : spec.comparator === '>=' ? Math.max(0, ceilSafe((spec.threshold * den) / spec.per - num)) : 0;
      } else {
        value = num;
        required = cityDenominator > 0 ? (spec.threshold * den) / cityDenominator : null;
        shortfall = required === null ? null : spec.comparator === '>=' ? Math.max(0, ceilSafe(required - num)) : 0;
      }
      return { level, code: unit.code, name: unit.name, kind: unit.kind, value, required, shortfall, unit: spec.unit, numerator: num, denominator: den };
    });
    // Worst first: the lowest value relative to what the unit needs.
    const score = (r: BreakdownRow) => (r.value === null || r.required === null ? Infinity : r.required === 0 ? Infinity : r.value / r.required);
    levelRows.sort((a, b) => score(a) - score(b) || (b.shortfall ?? 0) - (a.shortfall ?? 0) || (a.code < b.code ? -1 : 1));
    rows.push(...levelRows);
  }
  return rows;
}
