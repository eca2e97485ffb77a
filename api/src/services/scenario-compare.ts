import type { RollUpLevel } from '../domain/coverage/index.ts';
import type { TargetStatus } from '../domain/plans/index.ts';
import type { CoverageReport, CoverageService } from './coverage.ts';
import { InputError } from './errors.ts';
import type { PlanService } from './plans.ts';
import type { ScenarioOverlay } from './scenario-model.ts';

export interface CompareRequest {
  types: string[];
  reachMeters?: number[] | undefined;
  level: RollUpLevel;
  asOf: string;
  /** A plan profile id: also compare its targets. */
  plan?: string | undefined;
}

type Figures = Pick<CoverageReport['totals'], 'households' | 'households_covered' | 'rate' | 'population_covered' | 'elderly_covered'>;

/** One unit (or the city totals), baseline vs scenario. */
export interface CompareRow {
  code: string;
  name: string;
  households: number;
  households_covered_before: number;
  households_covered_after: number;
  delta_households_covered: number;
  rate_before: number;
  rate_after: number;
  delta_rate: number;
  population_covered_before: number;
  population_covered_after: number;
  elderly_covered_before: number;
  elderly_covered_after: number;
}

export interface TargetCompare {
  id: string;
  kind: string;
  level: string;
  text: unknown;
  unit: string;
  /** The unit in Chinese (as the evaluation gives it). */
  unit_zh: string;
  comparator: '>=' | '<=';
  threshold: number;
  value_before: number | null;
  value_after: number | null;
  status_before: TargetStatus;
  status_after: TargetStatus;
  met_before: boolean;
  met_after: boolean;
}

export interface ScenarioComparison {
  scenario: { id: number; version: number; name: string };
  type: string;
  reach_m: number | number[];
  as_of: string;
  level: RollUpLevel;
  totals: Omit<CompareRow, 'code' | 'name'>;
  units: CompareRow[];
  /** Units whose covered households changed. */
  changed_units: string[];
  plan?: { id: string; targets: TargetCompare[]; met_before: number; met_after: number };
  data_version: string;
}

function row(before: Figures, after: Figures): Omit<CompareRow, 'code' | 'name'> {
  return {
    households: before.households,
    households_covered_before: before.households_covered,
    households_covered_after: after.households_covered,
    delta_households_covered: after.households_covered - before.households_covered,
    rate_before: before.rate,
    rate_after: after.rate,
    delta_rate: after.rate - before.rate,
    population_covered_before: before.population_covered,
    population_covered_after: after.population_covered,
    elderly_covered_before: before.elderly_covered,
    elderly_covered_after: after.elderly_covered,
  };
}

/**
 * Baseline vs scenario: coverage per unit of a level (households covered, rate, delta) and, with a
 * plan, each target's value and status before and after. Both sides are the ordinary reports (the
 * scenario side is what `?scenario=` answers), so the comparison adds no arithmetic of its own.
 */
export async function compareScenario(coverage: CoverageService, plans: PlanService, overlay: ScenarioOverlay, req: CompareRequest): Promise<ScenarioComparison> {
  const base = { types: req.types, reachMeters: req.reachMeters, level: req.level, asOf: req.asOf };
  const before = await coverage.coverage(base);
  const after = await coverage.coverage({ ...base, scenario: overlay });
  const afterByCode = new Map(after.units.map((u) => [u.code, u]));
  const units = before.units.map((u) => ({ code: u.code, name: u.name, ...row(u, afterByCode.get(u.code)!) }));
  const out: ScenarioComparison = {
    scenario: { id: overlay.id, version: overlay.version, name: overlay.name },
    type: before.type,
    reach_m: before.reach_m,
    as_of: req.asOf,
    level: req.level,
    totals: row(before.totals, after.totals),
    units,
    changed_units: units.filter((u) => u.delta_households_covered !== 0).map((u) => u.code),
    data_version: before.data_version,
  };
  if (req.plan) {
    const plan = req.plan;
    await plans.get(plan).catch((err: unknown) => {
      throw err instanceof InputError && err.code === 'not_found' ? new InputError('plan', `no plan profile ${JSON.stringify(plan)}; GET /api/plans lists them`, 'not_found') : err;
    });
    const b = (await plans.evaluate(req.plan, { asOf: req.asOf })).report;
    const a = (await plans.evaluate(req.plan, { asOf: req.asOf, scenario: overlay })).report;
    const afterById = new Map(a.targets.map((t) => [t.id, t]));
    const targets = b.targets.map((t) => {
      const s = afterById.get(t.id)!;
      return {
        id: t.id, kind: t.kind, level: t.level, text: t.text, unit: t.unit, unit_zh: t.unit_zh, comparator: t.comparator, threshold: t.threshold,
        value_before: t.value, value_after: s.value, status_before: t.status, status_after: s.status,
        met_before: t.status === 'met', met_after: s.status === 'met',
      };
    });
    out.plan = { id: req.plan, targets, met_before: targets.filter((t) => t.met_before).length, met_after: targets.filter((t) => t.met_after).length };
  }
  return out;
}
