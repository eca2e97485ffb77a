import { describe, expect, it } from 'vitest';
import { createAccessibilityEngine, E2SFCA_DEFAULT_ZONES, type AccessibilityFacility } from '../../../../api/src/domain/accessibility/index.ts';
import { buildCounts } from '../../../../api/src/domain/coverage/build-counts.ts';
import { createRandom, randomCase } from '../random-input.ts';
import { withCapacity } from './helpers.ts';

/**
 * A scenario's accessibility is the baseline engine over the scenario's facilities
 * (`engine.withFacilities`): same demand points, catchment pairs remembered per facility. Each version
 * must equal an engine built from scratch over the same list, and build no demand points.
 */
describe('accessibility engine.withFacilities -- scenarios as deltas', () => {
  it('should equal an engine built from scratch over the same facilities, version after version (2SFCA, E2SFCA, capacitated), building nothing', () => {
    const c = randomCase(91, [118.05, 36.8], { buildings: 1500, facilities: 120 });
    const input = withCapacity(c.input, 91);
    const base = createAccessibilityEngine(input);
    const rnd = createRandom(92);
    let facilities: AccessibilityFacility[] = input.facilities.slice();
    const options = [
      { rule: [{ type: 'a', reachMeters: 400 }], supply: 'gp_count' as const, demand: 'population' as const, asOf: c.asOf },
      { rule: [{ type: 'a', reachMeters: 400 }, { type: 'b', reachMeters: 700 }], supply: 'beds' as const, demand: 'elderly' as const, asOf: c.asOf, zones: E2SFCA_DEFAULT_ZONES },
      { rule: [{ type: 'b', reachMeters: 600 }], supply: 'gp_count' as const, demand: 'households' as const, asOf: c.asOf, demandPoints: 'centroid' as const },
    ];
    const capacitated = ({ zones: _zones, ...o }: (typeof options)[number]) => ({ ...o, demandPerSupply: 2000 });
    // Baseline answers first (their pairs are then remembered).
    for (const o of options) base.twoStep(o);
    for (let version = 1; version <= 6; version++) {
      // An edit: add one, move one, close one.
      const [lon0, lat0] = [118.05 + (rnd() - 0.5) * 0.05, 36.8 + (rnd() - 0.5) * 0.04];
      facilities = [...facilities, { code: `new-${version}`, type: rnd() < 0.5 ? 'a' : 'b', status: 'open', opened_on: null, closed_on: null, lon: lon0, lat: lat0, gp_count: 3, beds: 10, floor_area_m2: 200 }];
      const m = Math.floor(rnd() * facilities.length);
      facilities[m] = { ...facilities[m]!, lon: facilities[m]!.lon + 0.002, lat: facilities[m]!.lat - 0.001 };
      facilities.splice(Math.floor(rnd() * facilities.length), 1);

      const builtBefore = buildCounts.accessibilityEngines;
      const scenario = base.withFacilities(facilities);
      const answers = options.map((o) => [scenario.twoStep(o), scenario.capacitated(capacitated(o))]);
      expect(buildCounts.accessibilityEngines).toBe(builtBefore);

      const fresh = createAccessibilityEngine({ ...input, facilities });
      options.forEach((o, i) => {
        expect(answers[i]![0]).toEqual(fresh.twoStep(o));
        expect(answers[i]![1]).toEqual(fresh.capacitated(capacitated(o)));
      });
    }
  });

  it('should refuse a facility list that is not one', () => {
    const c = randomCase(93, [118.05, 36.8], { buildings: 200, facilities: 20 });
    const base = createAccessibilityEngine(withCapacity(c.input, 93));
    expect(() => base.withFacilities('x' as never)).toThrow(/facilities must be an array/);
    expect(() => base.withFacilities([{ ...withCapacity(c.input, 93).facilities[0]!, gp_count: -1 }])).toThrow(/gp_count/);
  });
});
