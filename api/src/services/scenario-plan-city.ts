import { indexCity } from '../domain/plans/index.ts';
import type { PlanCitySnapshot, PlanFacilityRow } from './plans-data.ts';
import type { ScenarioOverlay } from './scenario-model.ts';

const cache = new WeakMap<PlanCitySnapshot, Map<string, PlanCitySnapshot>>();

/**
 * The plan-evaluation city with a scenario's facilities: added ones as sql/queries/plan_facilities.sql would
 * read them once inserted (with the community containing them, found by the same ST_Covers rule),
 * moved ones at their new point and community, closed ones gone. Same data version as the baseline.
 * Cached per baseline city object and scenario (id, version).
 */
export function scenarioPlanCity(base: PlanCitySnapshot, overlay: ScenarioOverlay): PlanCitySnapshot {
  let byScenario = cache.get(base);
  if (!byScenario) cache.set(base, (byScenario = new Map()));
  const hit = byScenario.get(overlay.key);
  if (hit) return hit;
  const facilities = overlay.apply<PlanFacilityRow>(
    base.facilities,
    (a) => ({ ...a, properties: { ...a.properties } }),
    (f, m) => ({ ...f, lon: m.lon, lat: m.lat, community_code: m.community_code }),
  );
  const city: PlanCitySnapshot = { version: base.version, index: indexCity({ ...base.index.city, facilities }), facilities };
  if (byScenario.size >= 4) byScenario.delete(byScenario.keys().next().value!);
  byScenario.set(overlay.key, city);
  return city;
}
