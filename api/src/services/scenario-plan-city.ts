import { locationWarnings, reindexCity, type LocationWarning } from '../domain/plans/index.ts';
import type { PlanCitySnapshot, PlanFacilityRow } from './plans-data.ts';
import { ScenarioStaleError, type ScenarioOverlay } from './scenario-model.ts';

const cache = new WeakMap<PlanCitySnapshot, Map<string, PlanCitySnapshot>>();
const byCode = new WeakMap<PlanCitySnapshot, Map<string, PlanFacilityRow>>();
const warnings = new WeakMap<PlanCitySnapshot, LocationWarning[]>();

function facilityByCode(city: PlanCitySnapshot): Map<string, PlanFacilityRow> {
  let out = byCode.get(city);
  if (!out) byCode.set(city, (out = new Map(city.facilities.map((f) => [f.code, f]))));
  return out;
}

/**
 * The plan-evaluation city with a scenario's facilities: added ones as sql/queries/plan_facilities.sql would
 * read them once inserted (with the community containing them, found by the same ST_Covers rule),
 * moved ones at their new point and community, closed ones gone. Same data version as the baseline.
 * Derived from the baseline's index (#16: an edit costs what the change costs): only the communities the
 * changes touch are re-indexed, and `delta` names the facility types and codes the scenario changes, so
 * plan evaluation re-evaluates only the targets that read those types.
 * Cached per baseline city object and scenario (id, version).
 */
export function scenarioPlanCity(base: PlanCitySnapshot, overlay: ScenarioOverlay): PlanCitySnapshot {
  let byScenario = cache.get(base);
  if (!byScenario) cache.set(base, (byScenario = new Map()));
  const hit = byScenario.get(overlay.key);
  if (hit) return hit;
  // overlay.apply's result and checks, with the baseline's code index kept per city instead of rebuilt.
  const old = facilityByCode(base);
  const gone = [...overlay.closed, ...overlay.moved.keys()].filter((c) => !old.has(c));
  if (gone.length > 0) throw new ScenarioStaleError(overlay, `facility ${gone.map((c) => JSON.stringify(c)).join(', ')} no longer exists in the baseline`);
  const clash = overlay.added.filter((a) => old.has(a.code)).map((a) => a.code);
  if (clash.length > 0) throw new ScenarioStaleError(overlay, `the baseline now has a facility with code ${clash.map((c) => JSON.stringify(c)).join(', ')} that the scenario adds`);
  const changed: PlanFacilityRow[] = [];
  const facilities: PlanFacilityRow[] = [];
  for (const f of base.facilities) {
    if (overlay.closed.has(f.code)) continue;
    const m = overlay.moved.get(f.code);
    if (!m) {
      facilities.push(f);
      continue;
    }
    const moved = { ...f, lon: m.lon, lat: m.lat, community_code: m.community_code };
    facilities.push(moved);
    changed.push(moved);
  }
  for (const a of overlay.added) {
    const added = { ...a, properties: { ...a.properties } };
    facilities.push(added);
    changed.push(added);
  }
  const touched = new Set<string | null>();
  const types = new Set<string>();
  const codes = new Set<string>();
  for (const code of [...overlay.closed, ...overlay.moved.keys()]) {
    const f = old.get(code)!;
    touched.add(f.community_code);
    types.add(f.type);
    codes.add(code);
  }
  for (const f of changed) {
    touched.add(f.community_code);
    types.add(f.type);
    codes.add(f.code);
  }
  const city: PlanCitySnapshot = { version: base.version, index: reindexCity(base.index, facilities, touched), facilities, delta: { base, types, codes, changed } };
  if (byScenario.size >= 4) byScenario.delete(byScenario.keys().next().value!);
  byScenario.set(overlay.key, city);
  return city;
}

/**
 * The location warnings of a plan city (facilities outside every community, declared units that
 * disagree with the location), once per city object. A scenario's come from its baseline's: those of
 * the facilities it leaves alone, plus those of the facilities it adds or moves, in facility-code order
 * as {@link locationWarnings} gives them.
 */
export function planCityWarnings(city: PlanCitySnapshot): LocationWarning[] {
  let out = warnings.get(city);
  if (out) return out;
  if (city.delta) {
    const { base, codes, changed } = city.delta;
    const own = locationWarnings({ ...city.index, city: { ...city.index.city, facilities: changed } });
    // A stable sort on the facility code: each facility's warnings stay together and in their order.
    out = [...planCityWarnings(base).filter((w) => !codes.has(w.facility)), ...own].sort((a, b) => (a.facility < b.facility ? -1 : a.facility > b.facility ? 1 : 0));
  } else {
    out = locationWarnings(city.index);
  }
  warnings.set(city, out);
  return out;
}
