/**
 * Evaluates plan targets on a date: dispatches on the rule kind, picks the milestone in force, and
 * turns met / not met into a status (met, not met, not yet due, no data).
 */
import type { CityIndex } from './city-index.ts';
import type { CommunityCatchment, CommunityRates, CommunityReach, MilestoneResult, ReportedFigure, TargetResult, TargetStatus } from './model.ts';
import type { Bilingual, FacilityCondition, PlanProfile, PlanTarget, TargetLevel } from './profile.ts';
import type { Truth } from './conditions.ts';
import { evaluateCoverage } from './rules/coverage.ts';
import { evaluateFacilityShare } from './rules/facility-share.ts';
import { evaluateRange } from './rules/range.ts';
import { evaluateRatio } from './rules/ratio.ts';
import { evaluateReported } from './rules/reported.ts';
import { evaluateTotal } from './rules/total.ts';
import { evaluateUnitRequirements } from './rules/unit-requirements.ts';
import type { RuleEvaluation, RuleStage } from './rules/common.ts';

/** Everything a target's evaluation reads besides the target. */
export interface EvaluationInput {
  index: CityIndex;
  /** 'YYYY-MM-DD' */
  asOf: string;
  /** Coverage targets with method reach: households within reach per community, by target id. */
  reach?: ReadonlyMap<string, readonly CommunityReach[]>;
  /** Ratio targets with a catchment: 2SFCA supply reachable per community, by target id. */
  catchment?: ReadonlyMap<string, readonly CommunityCatchment[]>;
  /** Figures entered for reported targets (any target, any date). */
  reported?: readonly ReportedFigure[];
}

/** Status from met/unknown and the deadline. */
export function statusOf(met: Truth, deadline: string | null, asOf: string): TargetStatus {
  if (met === true) return 'met';
  if (met === null) return 'no_data';
  return deadline !== null && asOf < deadline ? 'not_yet_due' : 'not_met';
}

/** Unit of a target's value as the plan words it. */
export function targetUnit(target: PlanTarget): Bilingual {
  switch (target.kind) {
    case 'coverage':
      return { en: '% of households', zh: '% 住户' };
    case 'presence':
    case 'range':
      return { en: `% of ${target.level === 'community' ? 'communities' : target.level === 'street' ? 'streets' : target.level === 'district' ? 'districts' : 'the city'}`, zh: `% ${target.level === 'community' ? '社区' : target.level === 'street' ? '街道(乡镇)' : target.level === 'district' ? '区县' : '全市'}` };
    case 'share':
      return target.of === 'facilities'
        ? { en: '% of facilities', zh: '% 设施' }
        : { en: `% of ${target.level === 'community' ? 'communities' : target.level === 'street' ? 'streets' : 'districts'}`, zh: `% ${target.level === 'community' ? '社区' : target.level === 'street' ? '街道(乡镇)' : '区县'}` };
    case 'ratio':
    case 'total':
    case 'reported':
      return target.unit;
  }
}

function runRule(input: EvaluationInput, target: PlanTarget, stage: RuleStage): RuleEvaluation {
  const { index, asOf } = input;
  switch (target.kind) {
    case 'coverage':
      return evaluateCoverage(index, target, stage, { asOf, reach: input.reach?.get(target.id) });
    case 'presence':
      return target.of === 'facilities' ? evaluateFacilityShare(index, target, stage, asOf) : evaluateUnitRequirements(index, target, stage, asOf);
    case 'share':
      return target.of === 'facilities' ? evaluateFacilityShare(index, target, stage, asOf) : evaluateUnitRequirements(index, target, stage, asOf);
    case 'ratio':
      return evaluateRatio(index, target, stage, asOf, input.catchment?.get(target.id));
    case 'range':
      return evaluateRange(index, target, stage);
    case 'total':
      return evaluateTotal(index, target, stage, asOf);
    case 'reported':
      return evaluateReported(index, target, stage, input.reported ?? [], asOf);
  }
}

/**
 * Evaluates one target on `input.asOf`. A target with milestones is judged on the latest milestone
 * due by then (before the first is due: on the first), and every milestone is listed.
 *
 * @param {Object} target a validated target
 * @param {EvaluationInput} input city index, date, reach per coverage target, reported figures
 * @returns {{ result: TargetResult, communityRates?: CommunityRates }} the JSON-ready result, and per-community rates of a coverage target
 * @example
 * const { result } = evaluateTarget(profile.targets[0], { index, asOf: '2005-12-31' });
 */
export function evaluateTarget(target: PlanTarget, input: EvaluationInput): { result: TargetResult; communityRates?: CommunityRates } {
  // Input validation
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.asOf)) throw new Error(`evaluateTarget: asOf must be 'YYYY-MM-DD', got ${JSON.stringify(input.asOf)}`);

  const stages: Array<{ deadline: string | null; threshold: number; where?: FacilityCondition[] | undefined; text: Bilingual | null }> = [
    ...(target.milestones ?? []).map((m) => ({ deadline: m.deadline, threshold: m.threshold, where: m.where, text: m.text ?? null })),
    { deadline: target.deadline, threshold: target.threshold, text: null },
  ].sort((a, b) => (a.deadline ?? '9999') < (b.deadline ?? '9999') ? -1 : 1);
  const evaluations = stages.map((s) => ({ stage: s, ev: runRule(input, target, { threshold: s.threshold, comparator: target.comparator, where: s.where }) }));
  let current = 0;
  evaluations.forEach((e, i) => {
    if (e.stage.deadline !== null && e.stage.deadline <= input.asOf) current = i;
  });
  const { stage, ev } = evaluations[current]!;
  const unit = targetUnit(target);
  const milestones: MilestoneResult[] | null = stages.length > 1
    ? evaluations.map((e) => ({ deadline: e.stage.deadline, threshold: e.stage.threshold, value: e.ev.value, status: statusOf(e.ev.met, e.stage.deadline, input.asOf), text: e.stage.text }))
    : null;
  const result: TargetResult = {
    id: target.id,
    kind: target.kind,
    level: target.level,
    text: target.text,
    computed: target.kind !== 'reported',
    method: target.kind === 'coverage' ? target.method : null,
    value: ev.value,
    threshold: stage.threshold,
    comparator: target.comparator,
    unit: unit.en,
    unit_zh: unit.zh,
    deadline: stage.deadline,
    status: statusOf(ev.met, stage.deadline, input.asOf),
    shortfall: ev.shortfall,
    failing_units: ev.failing_units,
    counts: ev.counts,
    units: ev.units,
    details: ev.details,
    reported: ev.reported ?? null,
    milestones,
    notes: ev.notes,
    notes_zh: ev.notes_zh,
  };
  return ev.communityRates ? { result, communityRates: ev.communityRates } : { result };
}

/** The evaluation of a plan on one date. */
export interface PlanEvaluation {
  targets: TargetResult[];
  /** Per-community rates of each coverage target (for maps). */
  communityRates: Map<string, CommunityRates>;
}

/**
 * Evaluates every target of a profile (or those of one level).
 *
 * @param {PlanProfile} profile a validated profile
 * @param {EvaluationInput} input city index, date, reach, reported figures
 * @param {Object} [options={}] Optional parameters
 * @param {string} [options.level] only targets of this level
 * @returns {PlanEvaluation} one result per target, in profile order
 */
export function evaluatePlan(profile: PlanProfile, input: EvaluationInput, options: { level?: TargetLevel | undefined } = {}): PlanEvaluation {
  const targets: TargetResult[] = [];
  const communityRates = new Map<string, CommunityRates>();
  for (const target of profile.targets) {
    if (options.level && target.level !== options.level) continue;
    const { result, communityRates: rates } = evaluateTarget(target, input);
    targets.push(result);
    if (rates) communityRates.set(target.id, rates);
  }
  return { targets, communityRates };
}
