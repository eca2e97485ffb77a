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

  it('should equal an engine built from scratch when the changes (add, move, close) are applied with withChanges, version after version over the baseline, building nothing', () => {
    const c = randomCase(94, [118.05, 36.8], { buildings: 1500, facilities: 120 });
    const input = withCapacity(c.input, 94);
    const base = createAccessibilityEngine(input);
    const rnd = createRandom(95);
    const options = [
      { rule: [{ type: 'a', reachMeters: 400 }], supply: 'gp_count' as const, demand: 'population' as const, asOf: c.asOf },
      { rule: [{ type: 'a', reachMeters: 400 }, { type: 'b', reachMeters: 700 }], supply: 'count' as const, demand: 'elderly' as const, asOf: c.asOf, zones: E2SFCA_DEFAULT_ZONES },
      { rule: [{ type: 'b', reachMeters: 600 }], supply: 'beds' as const, demand: 'households' as const, asOf: c.asOf, demandPoints: 'centroid' as const },
    ];
    const capacitated = ({ zones: _zones, ...o }: (typeof options)[number]) => ({ ...o, demandPerSupply: 2000 });
    for (const o of options) base.twoStep(o);
    // The scenario's state: closed codes, moved points, added facilities; each version is the whole list of changes over the baseline.
    const closed = new Set<string>();
    const moved = new Map<string, { lon: number; lat: number }>();
    const added: AccessibilityFacility[] = [];
    const untouched = () => input.facilities.filter((f) => !closed.has(f.code) && !moved.has(f.code));
    for (let version = 1; version <= 6; version++) {
      // Codes that sort before, among and after the baseline's, so the merge puts them everywhere.
      const code = ['0-new', `${input.facilities[Math.floor(rnd() * input.facilities.length)]!.code}-new`, 'zz-new'][version % 3]! + version;
      added.push({ code, type: rnd() < 0.5 ? 'a' : 'b', status: 'open', opened_on: null, closed_on: null, lon: 118.05 + (rnd() - 0.5) * 0.05, lat: 36.8 + (rnd() - 0.5) * 0.04, gp_count: 3, beds: 10, floor_area_m2: 200 });
      const m = untouched()[Math.floor(rnd() * untouched().length)]!;
      moved.set(m.code, { lon: m.lon + 0.002, lat: m.lat - 0.001 });
      closed.add(untouched()[Math.floor(rnd() * untouched().length)]!.code);
      if (version === 4) closed.delete([...closed][0]!); // a close taken back

      const byCode = new Map(input.facilities.map((f) => [f.code, f]));
      const changes = {
        remove: [...closed, ...moved.keys()],
        add: [...[...moved].map(([k, p]) => ({ ...byCode.get(k)!, ...p })), ...added],
      };
      const builtBefore = buildCounts.accessibilityEngines;
      const scenario = base.withChanges(changes);
      const answers = options.map((o) => [scenario.twoStep(o), scenario.capacitated(capacitated(o))]);
      expect(buildCounts.accessibilityEngines).toBe(builtBefore);

      // Independent list: the baseline with the same changes written, in another order (added first).
      const written = [...added, ...input.facilities.filter((f) => !closed.has(f.code)).map((f) => (moved.has(f.code) ? { ...f, ...moved.get(f.code)! } : f))].reverse();
      const fresh = createAccessibilityEngine({ ...input, facilities: written });
      options.forEach((o, i) => {
        const expected = fresh.twoStep(o);
        expect(answers[i]![0]).toEqual(expected);
        expect(answers[i]![1]).toEqual(fresh.capacitated(capacitated(o)));
        expect((answers[i]![0] as { totals: { facilities: number } }).totals.facilities).toBeGreaterThan(0);
      });
      // The baseline engine itself is unchanged by its scenarios.
      expect(base.twoStep(options[0]!)).toEqual(createAccessibilityEngine(input).twoStep(options[0]!));
    }
  });

  it('should refuse changes that do not apply: a removed code that is not a facility, an added code that already is, a code added or removed twice, a bad capacity', () => {
    const c = randomCase(96, [118.05, 36.8], { buildings: 200, facilities: 20 });
    const input = withCapacity(c.input, 96);
    const base = createAccessibilityEngine(input);
    const f = input.facilities[0]!;
    expect(() => base.withChanges({ remove: ['no-such'], add: [] })).toThrow(/remove code "no-such" is not a facility/);
    expect(() => base.withChanges({ remove: [], add: [{ ...f, lon: f.lon + 0.001 }] })).toThrow(/already a facility/);
    expect(() => base.withChanges({ remove: [f.code, f.code], add: [] })).toThrow(/twice/);
    expect(() => base.withChanges({ remove: [], add: [{ ...f, code: 'n1' }, { ...f, code: 'n1' }] })).toThrow(/duplicated/);
    expect(() => base.withChanges({ remove: [], add: [{ ...f, code: 'n2', beds: -1 }] })).toThrow(/beds/);
    expect(() => base.withChanges('x' as never)).toThrow(/changes must be an object/);
    // A move is a remove and an add of the same code.
    expect(base.withChanges({ remove: [f.code], add: [{ ...f, lon: f.lon + 0.001 }] }).demandPoints).toBe(base.demandPoints);
  });

  it('should refuse a facility list that is not one', () => {
    const c = randomCase(93, [118.05, 36.8], { buildings: 200, facilities: 20 });
    const base = createAccessibilityEngine(withCapacity(c.input, 93));
    expect(() => base.withFacilities('x' as never)).toThrow(/facilities must be an array/);
    expect(() => base.withFacilities([{ ...withCapacity(c.input, 93).facilities[0]!, gp_count: -1 }])).toThrow(/gp_count/);
  });
});
