/**
 * #16: a scenario's plan city is derived from the baseline's index (only the touched communities
 * re-indexed), and a plan evaluation under a scenario re-evaluates only the targets reading a touched
 * facility type. The truth is the full rebuild: indexCity over overlay.apply's list (what
 * scenarioPlanCity did before), locationWarnings over it, and evaluatePlan on that index.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluatePlan, indexCity, locationWarnings, parseProfile, targetFacilityTypes, type CityIndex, type PlanProfile } from '../../../api/src/domain/plans/index.ts';
import { forEachFacilityOfTypes } from '../../../api/src/domain/plans/city-index.ts';
import type { PlanCitySnapshot, PlanFacilityRow } from '../../../api/src/services/plans-data.ts';
import { ScenarioOverlay, type ScenarioFacilityRecord } from '../../../api/src/services/scenario-model.ts';
import { planCityWarnings, scenarioPlanCity } from '../../../api/src/services/scenario-plan-city.ts';
import { AS_OF, fixtureCity } from '../domain/plans/fixture.ts';

function baseSnapshot(): PlanCitySnapshot {
  const city = fixtureCity();
  const index = indexCity(city);
  return { version: '7', index, facilities: city.facilities as PlanFacilityRow[] };
}

function added(code: string, type: string, community: string | null, extra: Partial<ScenarioFacilityRecord> = {}): ScenarioFacilityRecord {
  return {
    code, name: `new ${code}`, type, status: 'open', opened_on: null, closed_on: null, lon: 116.4, lat: 39.9,
    floor_area_m2: null, site_area_m2: null, beds: null, gp_count: null, grade: null, service_items: null, properties: {},
    community_code: community, ...extra,
  } as ScenarioFacilityRecord;
}

/** The Beijing profile, coverage evaluated by unit (no coverage engine here). */
function beijing(): PlanProfile {
  const parsed = parseProfile(JSON.parse(readFileSync(new URL('../../../seeds/plans/beijing-2001-2005.json', import.meta.url), 'utf8')));
  if (!parsed.ok) throw new Error('profile');
  return { ...parsed.profile, targets: parsed.profile.targets.map((t) => (t.kind === 'coverage' ? { ...t, method: 'unit' as const } : t)) };
}

/** Every community's facility list and per-type list, and the outside list, by code. */
function shape(index: CityIndex, types: string[]): unknown {
  const codes = (list: readonly { code: string }[] | undefined) => (list ?? []).map((f) => f.code);
  return {
    communities: [...index.communities.keys()].sort().map((c) => ({
      c,
      all: codes(index.facilitiesByCommunity.get(c)),
      byType: types.map((t) => {
        const seen: string[] = [];
        forEachFacilityOfTypes(index, [index.communities.get(c)!], [t], (f) => seen.push(f.code));
        return seen;
      }),
    })),
    outside: codes(index.outside),
    facilities: codes(index.city.facilities),
  };
}

const CASES: Array<{ name: string; closed?: string[]; moved?: Array<[string, string | null]>; added?: ScenarioFacilityRecord[] }> = [
  { name: 'add one in a community', added: [added('N1', 'health_station', 'C3', { grade: 'A', gp_count: 3 })] },
  { name: 'add one outside every community', added: [added('N2', 'elderly_home', null, { beds: 50 })] },
  { name: 'close one', closed: ['F11'] },
  { name: 'move one to another community', moved: [['F21', 'C2']] },
  { name: 'move one out of every community, another within its own', moved: [['F43', null], ['F40', 'C1']] },
  { name: 'add, move and close together', closed: ['F30', 'F45'], moved: [['F12', 'C3'], ['F51', 'C1']], added: [added('N3', 'culture_station', 'C3', { floor_area_m2: 300 }), added('N4', 'health_center', 'C4', { gp_count: 2 })] },
];

describe('scenarioPlanCity (derived index) against a full rebuild', () => {
  for (const [k, c] of CASES.entries()) {
    it(`should equal indexCity over the applied list, warnings and evaluation included: ${c.name}`, () => {
      const base = baseSnapshot();
      const types = [...base.index.types.keys()];
      // Prime the baseline's per-type index on every other case, so both paths (carried over, built lazily) run.
      if (k % 2 === 0) shape(base.index, types);
      const overlay = new ScenarioOverlay(1, k + 1, 's', new Set(c.closed ?? []), new Map((c.moved ?? []).map(([code, community]) => [code, { lon: 116.5, lat: 40, community_code: community }])), c.added ?? []);
      const derived = scenarioPlanCity(base, overlay);
      const applied = overlay.apply<PlanFacilityRow>(base.facilities, (a) => ({ ...a, properties: { ...a.properties } }), (f, m) => ({ ...f, lon: m.lon, lat: m.lat, community_code: m.community_code }));
      const truth = indexCity({ ...base.index.city, facilities: applied });

      expect(shape(derived.index, types)).toEqual(shape(truth, types));
      expect(derived.facilities).toEqual(applied);
      expect(planCityWarnings(derived)).toEqual(locationWarnings(truth));

      const profile = beijing();
      const input = { asOf: AS_OF, city: null };
      expect(evaluatePlan(profile, { ...input, index: derived.index })).toEqual(evaluatePlan(profile, { ...input, index: truth }));

      // The touched types are the changed facilities' types; every other target's result is the baseline's.
      const old = new Map(base.facilities.map((f) => [f.code, f.type]));
      const expectedTypes = new Set([...(c.closed ?? []), ...(c.moved ?? []).map(([code]) => code)].map((code) => old.get(code)!).concat((c.added ?? []).map((a) => a.type)));
      expect(derived.delta?.types).toEqual(expectedTypes);
      const before = evaluatePlan(profile, { ...input, index: base.index });
      const after = evaluatePlan(profile, { ...input, index: truth });
      let untouched = 0;
      profile.targets.forEach((t, i) => {
        if ([...targetFacilityTypes(t)].some((type) => expectedTypes.has(type))) return;
        untouched += 1;
        expect(after.targets[i]).toEqual(before.targets[i]);
      });
      expect(untouched).toBeGreaterThan(0);
    });
  }

  it('should refuse a scenario whose closed or moved facility is gone, or whose added code the baseline took', () => {
    const base = baseSnapshot();
    expect(() => scenarioPlanCity(base, new ScenarioOverlay(2, 1, 's', new Set(['NOPE']), new Map(), []))).toThrow(/no longer exists/);
    expect(() => scenarioPlanCity(base, new ScenarioOverlay(2, 2, 's', new Set(), new Map(), [added('F10', 'health_station', 'C1')]))).toThrow(/baseline now has/);
  });
});
