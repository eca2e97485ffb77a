import { scenarioEngine, type ScenarioDelta } from '../domain/coverage/scenario-delta.ts';
import type { CoverageSnapshot } from './coverage-snapshot.ts';
import type { ScenarioOverlay } from './scenario-model.ts';

/**
 * The baseline snapshot with a scenario's changes applied to its facility list, and an engine that is
 * the baseline's plus the scenario's delta (`domain/coverage/scenario-delta.ts`): no demand index is
 * rebuilt, and coverage is read from a baseline session holding the scenario's changes, which the next
 * version of the scenario takes over. Everything downstream (reports, gaps, what-if, accessibility, siting) then
 * runs unchanged on it, so a scenario's answers are exactly those the same facilities would give if
 * they were in the database: an added facility is what `POST /api/collections/facilities/items`
 * would store (status open, no dates), a closed one is gone, a moved one stands at its new point.
 * Communities, buildings and units are shared with the baseline (read-only).
 */
export function scenarioSnapshot(base: CoverageSnapshot, overlay: ScenarioOverlay, delta: ScenarioDelta): CoverageSnapshot {
  const started = Date.now();
  const facilities = overlay.apply(base.facilities, (a) => ({
    code: a.code, name: a.name, type: a.type, status: a.status, opened_on: a.opened_on, closed_on: a.closed_on, lon: a.lon, lat: a.lat,
  }));
  const engine = scenarioEngine(base.engine, facilities, delta);
  return { ...base, facilities, engine, scenario: overlay.toJSON(), loadedMs: Date.now() - started };
}
