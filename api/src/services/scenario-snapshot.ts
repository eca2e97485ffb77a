import { createCoverageEngine } from '../domain/coverage/index.ts';
import type { CoverageSnapshot } from './coverage-snapshot.ts';
import type { ScenarioOverlay } from './scenario-model.ts';

/**
 * The baseline snapshot with a scenario's changes applied to its facility list, and an engine of its
 * own built from that list. Everything downstream (reports, gaps, what-if, accessibility, siting) then
 * runs unchanged on it, so a scenario's answers are exactly those the same facilities would give if
 * they were in the database: an added facility is what `POST /api/collections/facilities/items`
 * would store (status open, no dates), a closed one is gone, a moved one stands at its new point.
 * Communities, buildings and units are shared with the baseline (read-only).
 */
export function scenarioSnapshot(base: CoverageSnapshot, overlay: ScenarioOverlay): CoverageSnapshot {
  const started = Date.now();
  const facilities = overlay.apply(base.facilities, (a) => ({
    code: a.code, name: a.name, type: a.type, status: a.status, opened_on: a.opened_on, closed_on: a.closed_on, lon: a.lon, lat: a.lat,
  }));
  const engine = createCoverageEngine({ communities: base.communities, buildings: base.buildings, facilities });
  return { ...base, facilities, engine, scenario: overlay.toJSON(), loadedMs: Date.now() - started };
}
