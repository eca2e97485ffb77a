/**
 * Evaluates plan targets on a date: dispatches on the rule kind, picks the milestone in force, and
 * turns met / not met into a status (met, not met, not yet due, no data).
 */
import type { CityIndex } from './city-index.ts';
import { isOpenOn } from '../coverage/model.ts';
import { snappedFacilities, unitsAt } from './city-index.ts';
import type { Applicability, BaselineEntry, BreakdownRow, CommunityCatchment, CommunityRates, CommunityReach, MilestoneResult, PlanCommunity, ReportedFigure, TargetResult, TargetStatus } from './model.ts';
import type { Baseline, Bilingual, FacilityCondition, PlanProfile, PlanTarget, TargetLevel } from './profile.ts';
import { cityBreakdown } from './rules/breakdown.ts';
import { unitMethodReach } from './rules/coverage.ts';
import { measureIn } from './rules/measure.ts';
import { fieldInfo, formatNumber } from './text.ts';
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
  /**
   * The city the data is (app_state "city", e.g. 北京市). An absolute target applies as it stands only
   * when this is its source city; otherwise it is scaled or not applicable.
   */
  city?: string | null;
  /** The plan's baselines (start figures), shown with the targets they belong to. */
  baselines?: readonly Baseline[];
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
      // A rule over the facilities of a type (zb.health.records: every health facility keeps records).
      if (target.kind === 'presence' && target.of === 'facilities') return { en: '% of facilities', zh: '% 设施' };
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
  const absolute = applicabilityOf(target, input);
  const scale = absolute && absolute.applies === 'scaled' ? absolute.scaled_threshold! / absolute.source_threshold : 1;
  const evaluations = stages.map((s) => ({ stage: { ...s, threshold: s.threshold * scale }, ev: runRule(input, target, { threshold: s.threshold * scale, comparator: target.comparator, where: s.where }) }));
  let current = 0;
  evaluations.forEach((e, i) => {
    if (e.stage.deadline !== null && e.stage.deadline <= input.asOf) current = i;
  });
  const { stage, ev } = evaluations[current]!;
  const unit = targetUnit(target);
  const milestones: MilestoneResult[] | null = stages.length > 1
    ? evaluations.map((e) => ({ deadline: e.stage.deadline, threshold: e.stage.threshold, value: e.ev.value, status: statusOf(e.ev.met, e.stage.deadline, input.asOf), text: e.stage.text }))
    : null;
  let status = statusOf(ev.met, stage.deadline, input.asOf);
  const notes = [...ev.notes];
  const notesZh = [...ev.notes_zh];
  if (absolute && absolute.applies === 'not_applicable') {
    status = 'not_applicable';
    notes.unshift(`${absolute.source_city}'s own count: it does not apply to this city, and the plan gives no figure to scale it per resident or elderly person`);
    notesZh.unshift(`此为${absolute.source_city}本市的总量指标,不适用于本市;规划未给出按人口或老年人口换算所需的数据`);
  } else if (absolute && absolute.applies === 'scaled') {
    const per = fieldInfo(absolute.per!);
    notes.unshift(`${absolute.source_city}'s own count (${formatNumber(absolute.source_threshold)}), scaled to this city per ${per.en === 'elderly' ? 'elderly person' : 'resident'}: ${formatNumber(absolute.source_threshold)} × ${formatNumber(absolute.city_figure!)} / ${formatNumber(absolute.source_figure!)} = ${formatNumber(absolute.scaled_threshold!, 1)}. ${absolute.derivation!.en}`);
    notesZh.unshift(`${absolute.source_city}本市总量 ${formatNumber(absolute.source_threshold)},按${per.zh}换算到本市:${formatNumber(absolute.source_threshold)} × ${formatNumber(absolute.city_figure!)} / ${formatNumber(absolute.source_figure!)} = ${formatNumber(absolute.scaled_threshold!, 1)}。${absolute.derivation!.zh}`);
  }
  const outside = outsideNotes(target, input);
  notes.push(...outside.en);
  notesZh.push(...outside.zh);
  const notApplicable = status === 'not_applicable';
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
    status,
    shortfall: notApplicable ? null : ev.shortfall,
    failing_units: notApplicable ? [] : ev.failing_units,
    counts: ev.counts,
    units: ev.units,
    details: ev.details,
    reported: ev.reported ?? null,
    milestones,
    breakdown: notApplicable ? null : breakdownOf(target, input, stage.threshold),
    applicability: absolute,
    baselines: baselinesOf(target, input.baselines ?? []),
    notes,
    notes_zh: notesZh,
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
  const withBaselines = { baselines: profile.baselines, ...input };
  for (const target of profile.targets) {
    if (options.level && target.level !== options.level) continue;
    const { result, communityRates: rates } = evaluateTarget(target, withBaselines);
    targets.push(result);
    if (rates) communityRates.set(target.id, rates);
  }
  return { targets, communityRates };
}

/** Whether an absolute target's count applies here: as is (source city), scaled, or not at all. */
function applicabilityOf(target: PlanTarget, input: EvaluationInput): Applicability | null {
  const a = target.absolute;
  if (!a) return null;
  const base = { source_city: a.city, source_threshold: target.threshold, derivation: a.scale?.derivation ?? null };
  if (input.city === a.city) return { ...base, applies: 'as_is', scaled_threshold: null, per: null, source_figure: null, city_figure: null };
  if (!a.scale) return { ...base, applies: 'not_applicable', scaled_threshold: null, per: null, source_figure: null, city_figure: null };
  const per = a.scale.per;
  const cityFigure = unitsAt(input.index, 'city', target.scope)[0]!.communities.reduce((s, c) => s + c[per], 0);
  return { ...base, applies: 'scaled', scaled_threshold: (target.threshold * cityFigure) / a.scale.source_figure, per, source_figure: a.scale.source_figure, city_figure: cityFigure };
}

/**
 * Every facility type a target's evaluation reads (its rule, milestones, breakdown, notes, and the
 * reach or catchment answers behind it). A change to facilities of other types leaves its result as it is.
 *
 * @param {Object} target a validated target
 * @returns {Set<string>} facility-type codes
 */
export function targetFacilityTypes(target: PlanTarget): Set<string> {
  const out = new Set<string>(typesOf(target));
  if (target.kind === 'presence' || target.kind === 'share') {
    for (const t of target.facilities?.types ?? []) out.add(t);
    for (const r of target.requires ?? []) if (r.what !== 'unit_attribute') for (const t of r.types) out.add(t);
  }
  return out;
}

/** Facility types a target counts (for the notes on facilities outside every community). */
function typesOf(target: PlanTarget): string[] {
  switch (target.kind) {
    case 'coverage':
      return target.facilities.map((f) => f.type);
    case 'presence':
    case 'share':
      return target.facilities ? target.facilities.types : (target.requires ?? []).flatMap((r) => (r.what === 'unit_attribute' ? [] : r.types));
    case 'ratio':
      return target.numerator.types;
    case 'total':
      return target.measure.types;
    default:
      return [];
  }
}

/**
 * Notes on the target's facilities that lie outside every community: those given to the nearest
 * community within the tolerance, and those left out (with their count and capacity), so nothing is
 * dropped silently.
 */
function outsideNotes(target: PlanTarget, input: EvaluationInput): { en: string[]; zh: string[] } {
  const types = new Set(typesOf(target));
  const en: string[] = [];
  const zh: string[] = [];
  if (types.size === 0) return { en, zh };
  const open = (f: { type: string; status: 'open' | 'planned' | 'closed'; opened_on: string | null; closed_on: string | null }) => types.has(f.type) && isOpenOn(f, input.asOf);
  const capacity = (list: ReadonlyArray<{ beds: number | null; floor_area_m2: number | null }>) => {
    const beds = list.reduce((s, f) => s + (f.beds ?? 0), 0);
    const floor = list.reduce((s, f) => s + (f.floor_area_m2 ?? 0), 0);
    return { en: [beds ? `${formatNumber(beds)} beds` : '', floor ? `${formatNumber(floor)} m²` : ''].filter(Boolean).join(', '), zh: [beds ? `${formatNumber(beds)} 张床位` : '', floor ? `${formatNumber(floor)} m²` : ''].filter(Boolean).join(',') };
  };
  const snapped = snappedFacilities(input.index).filter(open);
  if (snapped.length > 0) {
    const c = capacity(snapped);
    const far = Math.max(...snapped.map((f) => f.snapped_m!));
    en.push(`${snapped.length} facilit${snapped.length === 1 ? 'y' : 'ies'} outside every community given to the nearest community (at most ${formatNumber(far, 1)} m away)${c.en ? `: ${c.en}` : ''}: ${snapped.map((f) => f.code).join(', ')}`);
    zh.push(`${snapped.length} 处设施位于所有社区之外,已归入最近的社区(最远 ${formatNumber(far, 1)} m)${c.zh ? `:${c.zh}` : ''}:${snapped.map((f) => f.code).join('、')}`);
  }
  const left = input.index.outside.filter(open);
  if (left.length > 0) {
    const c = capacity(left);
    en.push(`${left.length} facilit${left.length === 1 ? 'y lies' : 'ies lie'} outside every community and beyond the tolerance, so ${left.length === 1 ? 'it is' : 'they are'} not counted${c.en ? ` (${c.en})` : ''}: ${left.map((f) => f.code).join(', ')}`);
    zh.push(`${left.length} 处设施位于所有社区之外且超出容差,未计入${c.zh ? `(${c.zh})` : ''}:${left.map((f) => f.code).join('、')}`);
  }
  return { en, zh };
}

/** Districts and streets of a city-level coverage, ratio or total target, worst first. */
function breakdownOf(target: PlanTarget, input: EvaluationInput, threshold: number): BreakdownRow[] | null {
  if (target.level !== 'city') return null;
  const sum = (field: 'households' | 'population' | 'elderly') => (cs: readonly PlanCommunity[]) => cs.reduce((s, c) => s + c[field], 0);
  if (target.kind === 'coverage') {
    const rows = target.method === 'reach' ? input.reach?.get(target.id) : unitMethodReach(input.index, target.facilities.map((f) => f.type), input.asOf);
    if (!rows) return null;
    const covered = new Map(rows.map((r) => [r.code, r.households_covered]));
    return cityBreakdown(input.index, {
      scope: target.scope, mode: 'rate', per: 100, threshold, comparator: target.comparator, unit: '%',
      numerator: (cs) => cs.reduce((s, c) => s + (covered.get(c.code) ?? 0), 0),
      denominator: sum('households'),
    });
  }
  if (target.kind === 'ratio') {
    const catchment = target.catchment ? new Map((input.catchment?.get(target.id) ?? []).map((c) => [c.code, c])) : null;
    return cityBreakdown(input.index, {
      scope: target.scope, mode: 'rate', per: target.per, threshold, comparator: target.comparator, unit: target.unit.en,
      numerator: (cs) => (catchment ? cs.reduce((s, c) => s + (catchment.get(c.code)?.supply_reachable ?? 0), 0) : measureIn(input.index, cs, target.numerator, input.asOf).value),
      denominator: catchment ? (cs) => cs.reduce((s, c) => s + (catchment.get(c.code)?.demand ?? 0), 0) : sum(target.denominator),
    });
  }
  if (target.kind === 'total') {
    // A city total is split over the units pro rata to the people it serves.
    const per = target.absolute?.scale?.per ?? (target.measure.measure === 'beds' ? 'elderly' : 'population');
    return cityBreakdown(input.index, {
      scope: target.scope, mode: 'share', per: 1, threshold, comparator: target.comparator, unit: target.unit.en,
      numerator: (cs) => measureIn(input.index, cs, target.measure, input.asOf).value,
      denominator: sum(per),
    });
  }
  return null;
}

/** The plan's start figures for a target. */
function baselinesOf(target: PlanTarget, baselines: readonly Baseline[]): BaselineEntry[] {
  return baselines
    .filter((b) => b.targets.includes(target.id) || b.starts === target.id)
    .map((b) => ({ id: b.id, as_of: b.as_of, value: b.value, figure: b.figure, qualifier: b.qualifier, starts_series: b.starts === target.id }));
}
