/**
 * What every rule kind returns, and the helpers they share (comparison, per-unit shares, per-unit
 * numeric figures such as coverage by district).
 */
import type { PlanUnit } from '../city-index.ts';
import type { Truth } from '../conditions.ts';
import type { CommunityRates, FailingUnit, ReportedEntry, Shortfall, TargetResult, TargetStatus } from '../model.ts';
import type { Bilingual, FacilityCondition } from '../profile.ts';
import { ceilSafe, formatNumber, formatPercent, levelCount, unitLabel } from '../text.ts';

/** One rule evaluated against one threshold (a target, or one of its milestones). */
export interface RuleEvaluation {
  value: number | null;
  /** true met, false not met, null cannot tell (no data). */
  met: Truth;
  shortfall: Shortfall | null;
  failing_units: FailingUnit[];
  counts: TargetResult['counts'];
  units: TargetResult['units'];
  details: Record<string, unknown>;
  notes: string[];
  notes_zh: string[];
  reported?: ReportedEntry[];
  /** Coverage only: per-community rates (0–100), for the report's map. */
  communityRates?: CommunityRates;
}

/** What a rule needs besides the target: the threshold in force and (milestones) a replacement condition. */
export interface RuleStage {
  threshold: number;
  comparator: '>=' | '<=';
  where?: FacilityCondition[] | undefined;
}

export function compare(value: number, threshold: number, comparator: '>=' | '<='): boolean {
  // Percentages computed as k/n×100 carry float noise (57/60×100 = 94.99999…).
  const eps = 1e-9 * Math.max(1, Math.abs(threshold));
  return comparator === '>=' ? value >= threshold - eps : value <= threshold + eps;
}

export function emptyEvaluation(): RuleEvaluation {
  return { value: null, met: null, shortfall: null, failing_units: [], counts: null, units: null, details: {}, notes: [], notes_zh: [] };
}

/**
 * The share-of-units verdict used by presence, share (of units) and range: value = meeting / all × 100;
 * met when that reaches the threshold; null (no data) when the units without data could still decide it.
 */
export function shareVerdict(
  meeting: number,
  unknown: number,
  total: number,
  stage: RuleStage,
): { value: number | null; met: Truth; needed: number } {
  if (total === 0) return { value: null, met: null, needed: 0 };
  const value = (meeting / total) * 100;
  const needed = Math.max(0, ceilSafe((stage.threshold * total) / 100) - meeting);
  if (compare(value, stage.threshold, stage.comparator)) return { value, met: true, needed: 0 };
  if (compare(((meeting + unknown) / total) * 100, stage.threshold, stage.comparator)) return { value, met: null, needed };
  return { value, met: false, needed };
}

/** A unit as a failing-unit row. */
export function failingUnit(
  unit: PlanUnit,
  reason: Bilingual,
  figures: { value: number | null; required: number | null; unit: string | null },
): FailingUnit {
  return { level: unit.level, code: unit.code, name: unit.name, kind: unit.kind, ...figures, reason: reason.en, reason_zh: reason.zh };
}

/** Per-unit status for the `units` list of per-unit numeric targets. */
export function unitStatus(value: number | null, stage: RuleStage): TargetStatus {
  if (value === null) return 'no_data';
  return compare(value, stage.threshold, stage.comparator) ? 'met' : 'not_met';
}

/** "3 of 4 districts below 70 %" helper text. */
export function belowText(level: PlanUnit['level'], failing: number, total: number, threshold: number, unitText: { en: string; zh: string }): Bilingual {
  const n = levelCount(level, total);
  return {
    en: `${formatNumber(failing)} of ${n.en} below ${unitText.en === '%' ? formatPercent(threshold) : `${formatNumber(threshold, 2)} ${unitText.en}`}`,
    zh: `${n.zh}中有 ${formatNumber(failing)} 个低于 ${unitText.zh === '%' ? formatPercent(threshold) : `${formatNumber(threshold, 2)} ${unitText.zh}`}`,
  };
}

export { unitLabel };
