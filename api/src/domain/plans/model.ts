/**
 * Plain inputs and outputs of plan evaluation. The city comes in as arrays read at one data version;
 * every facility carries the community whose polygon contains it (computed in SQL with ST_Covers).
 */
import type { FacilityStatus } from '../coverage/model.ts';
import type { Bilingual, TargetKind, TargetLevel } from './profile.ts';

export interface PlanCommunity {
  code: string;
  name: string;
  street_code: string;
  households: number;
  population: number;
  elderly: number;
  properties: Record<string, unknown>;
}

export interface PlanStreet {
  code: string;
  name: string;
  kind: 'street' | 'township';
  district_code: string;
  /** User-entered street attributes (hotline opened, advanced sports street …). */
  properties?: Record<string, unknown>;
}

export interface PlanDistrict {
  code: string;
  name: string;
  kind: 'district' | 'county';
  /** A class a profile can select on (Beijing 城区 / 近郊区 / 远郊区县), from `properties.class`. */
  class?: string | null;
  properties?: Record<string, unknown>;
}

export interface PlanFacility {
  code: string;
  name: string;
  type: string;
  status: FacilityStatus;
  opened_on: string | null;
  closed_on: string | null;
  floor_area_m2: number | null;
  site_area_m2: number | null;
  beds: number | null;
  gp_count: number | null;
  grade: string | null;
  service_items: number | null;
  properties: Record<string, unknown>;
  /** The community whose polygon contains the facility; null outside every community. */
  community_code: string | null;
  /**
   * Set when the facility lies outside every community and was given to the nearest one within the
   * tolerance (plan_facilities.sql): the distance in metres.
   */
  snapped_m?: number | null;
}

export interface PlanFacilityType {
  code: string;
  name_zh: string;
  name_en: string;
  level: 'district' | 'street' | 'community';
}

/** The city as plan evaluation sees it. */
export interface PlanCity {
  communities: readonly PlanCommunity[];
  streets: readonly PlanStreet[];
  districts: readonly PlanDistrict[];
  facilities: readonly PlanFacility[];
  types: readonly PlanFacilityType[];
}

/** Households within reach per community, for one coverage target (from the coverage engine). */
export interface CommunityReach {
  code: string;
  households: number;
  households_covered: number;
}

/** Supply reachable by a community's people (2SFCA), for ratio targets with a catchment. */
export interface CommunityCatchment {
  code: string;
  /** The community's demand (the target's denominator: population, elderly or households). */
  demand: number;
  /** Σ demand × 2SFCA accessibility over the community's demand points. */
  supply_reachable: number;
}

/** A figure entered by a user for a `reported` target. */
export interface ReportedFigure {
  target_id: string;
  /** '' for a target with one figure. */
  measure: string;
  /** The unit the figure is for (a street, district or community code); '' or absent for the city. */
  unit_code?: string;
  value: number;
  /** The date the figure refers to. */
  as_of: string;
  source: string;
  author: string;
  note: string | null;
  entered_at: string;
}

/** not_applicable: a count of the plan's own city (Beijing's 50 squares) on another city, where no scaling is possible. */
export type TargetStatus = 'met' | 'not_met' | 'not_yet_due' | 'no_data' | 'not_applicable';
export const TARGET_STATUSES: readonly TargetStatus[] = ['met', 'not_met', 'not_yet_due', 'no_data', 'not_applicable'];

/** One district or street of a city-level target's breakdown. */
export interface BreakdownRow {
  level: 'district' | 'street';
  code: string;
  name: string;
  kind: string;
  /** The unit's own rate (coverage, ratio) or count (total). */
  value: number | null;
  /** What the unit needs: the threshold (rate), or its pro-rata share of the city total. */
  required: number | null;
  /** Households / items to add for the unit to reach `required`; null without demand. */
  shortfall: number | null;
  unit: string;
  numerator: number;
  denominator: number;
}

/** How an absolute (source-city) target applies to the loaded city. */
export interface Applicability {
  source_city: string;
  /** as_is: the data is the source city; scaled: threshold scaled per resident / elderly; not_applicable. */
  applies: 'as_is' | 'scaled' | 'not_applicable';
  source_threshold: number;
  scaled_threshold: number | null;
  per: 'population' | 'elderly' | null;
  source_figure: number | null;
  city_figure: number | null;
  derivation: Bilingual | null;
}

/** The baseline a target's progress starts from (the plan's start figure). */
export interface BaselineEntry {
  id: string;
  as_of: string;
  value: number | null;
  figure: string;
  qualifier: string;
  /** True when it is in the target's own measure and unit (its series starts there). */
  starts_series: boolean;
}

/** A unit (or, for a share of facilities, a facility) that fails a target, with what it would take. */
export interface FailingUnit {
  level: TargetLevel | 'facility';
  code: string;
  name: string;
  /** street | township | district | county | community | facility type code. */
  kind: string;
  /** The unit's own figure (e.g. 180 m², 62.3 %), when there is one. */
  value: number | null;
  /** What the unit needs in the same unit (e.g. 300 m², 70 %). */
  required: number | null;
  unit: string | null;
  reason: string;
  reason_zh: string;
}

/** What it would take to meet the target, in the user's terms. */
export interface Shortfall {
  /** How much is missing (1 240 beds, 23 400 households, 4 streets), when countable. */
  amount: number | null;
  unit: string | null;
  unit_zh: string | null;
  text: string;
  text_zh: string;
}

/** One milestone of a staged target (e.g. 30 % by 2003, then 50 % by 2005). */
export interface MilestoneResult {
  deadline: string | null;
  threshold: number;
  value: number | null;
  status: TargetStatus;
  text: Bilingual | null;
}

/** A reported figure as shown in an evaluation. */
export interface ReportedEntry {
  measure: string;
  /** The unit the figure is for; '' for the city. */
  unit_code: string;
  value: number;
  as_of: string;
  source: string;
  author: string;
  note: string | null;
}

/** The evaluation of one target on one date. */
export interface TargetResult {
  id: string;
  kind: TargetKind;
  level: TargetLevel;
  text: Bilingual;
  /** False for `reported` targets: the figure was entered by a person, not computed from the map. */
  computed: boolean;
  method: 'reach' | 'unit' | null;
  /** In the target's own unit: a percentage as 0–100, a rate per 1 000 as that rate, a count as a count. */
  value: number | null;
  threshold: number;
  comparator: '>=' | '<=';
  unit: string;
  unit_zh: string;
  deadline: string | null;
  status: TargetStatus;
  shortfall: Shortfall | null;
  failing_units: FailingUnit[];
  /** Units (or facilities) checked, meeting, failing, and without the data to decide. */
  counts: { checked: number; meeting: number; failing: number; no_data: number } | null;
  /** Per-unit figures for per-unit numeric targets (coverage, ratio by district …). */
  units: Array<{ level: TargetLevel; code: string; name: string; kind: string; value: number | null; status: TargetStatus }> | null;
  /** Kind-specific figures behind the value (households covered, beds and elderly …). */
  details: Record<string, unknown>;
  /** Reported targets: the figures used. */
  reported: ReportedEntry[] | null;
  milestones: MilestoneResult[] | null;
  /** City-level coverage, ratio and total: districts and streets worst to best, with shortfalls. */
  breakdown: BreakdownRow[] | null;
  /** Absolute targets: whether the source city's own count applies here. */
  applicability: Applicability | null;
  /** The plan's start figures for this target. */
  baselines: BaselineEntry[];
  notes: string[];
  notes_zh: string[];
}

/** Per-community coverage rates of a coverage target (for maps; not part of the JSON answer). */
export type CommunityRates = Map<string, number | null>;
