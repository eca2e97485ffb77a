// What colours the communities: the coverage rate of the selected type (GET /api/coverage,
// per community, straight-line or walking, for the active scenario if any) or, for types with a capacity, the 2SFCA ratio
// (GET /api/accessibility). Pure conversions here; thematic-binding.ts fetches and paints.
import { accessProfileFor, type AccessProfile } from './access-profiles.ts';
import type { AccessReport, CoverageReport } from './api/endpoints.ts';
import { COVERAGE_SCALE, accessScale, type SequentialScale } from './map/scales.ts';
import type { AppState, DistanceMode, Theme, Thematic, UnitFigures } from './state.ts';

/** What to fetch for the current state, or null for the neutral look. */
export type ThematicRequest =
  | { theme: 'coverage'; type: string; scenario: string | null; mode: DistanceMode; key: string }
  | { theme: 'access'; profile: AccessProfile; scenario: string | null; mode: DistanceMode; key: string };

/** The theme actually shown: accessibility only for types that have a capacity profile. */
export function effectiveTheme(selectedType: string | null, theme: Theme): Theme {
  return theme === 'access' && accessProfileFor(selectedType) ? 'access' : 'coverage';
}

/**
 * The request the state calls for (null when no type is selected). The key changes whenever
 * the answer could: type, theme, scenario and its revision.
 */
export function thematicRequest(state: Pick<AppState, 'selectedType' | 'theme' | 'scenario' | 'mode'>): ThematicRequest | null {
  const type = state.selectedType;
  if (type === null) return null;
  const scenario = state.scenario?.id ?? null;
  const version = `${state.mode}:${scenario ?? '-'}:${state.scenario?.revision ?? 0}`;
  if (effectiveTheme(type, state.theme) === 'access') {
    const profile = accessProfileFor(type)!;
    return { theme: 'access', profile, scenario, mode: state.mode, key: `access:${profile.id}:${version}` };
  }
  const key = `coverage:${type}:${version}`;
  return { theme: 'coverage', type, scenario, mode: state.mode, key };
}

/**
 * Whether the colours the state asks for are in (or failed, or none are asked for). The map holds a
 * type or mode switch until then, so the facilities, reach and colours change in one frame (#16).
 */
export function thematicSettled(state: Pick<AppState, 'selectedType' | 'theme' | 'scenario' | 'mode' | 'thematic'>): boolean {
  const wanted = thematicRequest(state);
  if (wanted === null) return true;
  const thematic = state.thematic;
  return (thematic.status === 'ready' || thematic.status === 'error') && thematic.key === wanted.key;
}

function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Per-community figures from a coverage report; the value is the rate (null without households). */
export function coverageFigures(report: CoverageReport): Map<string, UnitFigures> {
  const units = new Map<string, UnitFigures>();
  for (const unit of report.units) {
    const rate = unit.households > 0 ? finite(unit.rate) : null;
    units.set(unit.code, {
      code: unit.code,
      name: unit.name,
      value: rate,
      households: unit.households,
      households_covered: unit.households_covered,
      rate,
    });
  }
  return units;
}

/** Per-community figures from an accessibility report; the value is supply per `per` demand. */
export function accessFigures(report: AccessReport, per: number): Map<string, UnitFigures> {
  const units = new Map<string, UnitFigures>();
  for (const unit of report.units) {
    const ratio = unit.demand > 0 ? finite(unit.ratio) : null;
    const ratioPer = ratio === null ? null : ratio * per;
    units.set(unit.code, {
      code: unit.code,
      name: unit.name,
      value: ratioPer,
      demand: unit.demand,
      supply_reachable: unit.supply_reachable,
      ratio_per: ratioPer,
    });
  }
  return units;
}

/** Reach in metres as a list (the API answers a number for one type, a list for several). */
export function reachList(reach: number | number[]): number[] {
  return Array.isArray(reach) ? reach : [reach];
}

/** The scale a ready thematic is drawn with; null for the neutral look. */
export function scaleFor(thematic: Thematic): SequentialScale | null {
  if (thematic.status !== 'ready') return null;
  return thematic.theme === 'access' ? accessScale(thematic.target ?? 1) : COVERAGE_SCALE;
}
