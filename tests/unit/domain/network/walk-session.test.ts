import { beforeAll, describe, expect, it } from 'vitest';
import { createCoverageEngine, type ScenarioFacility } from '../../../../api/src/domain/coverage/index.ts';
import { createWalkingEngine, prepareWalkingNetwork, type WalkingEngine } from '../../../../api/src/domain/network/index.ts';
import { createRandom } from '../../../../seeds/demo-city/random.ts';
import { demoCityInput } from './demo-city.ts';

const asOf = '2026-01-01';
const rule = [{ type: 'health_station', reachMeters: 300 }, { type: 'health_center', reachMeters: 1000 }];

describe('walking what-if sessions on the demo city', () => {
  let engine: WalkingEngine;
  let input: ReturnType<typeof demoCityInput>['input'];
  beforeAll(() => {
    const demo = demoCityInput();
    input = demo.input;
    engine = createWalkingEngine(input, prepareWalkingNetwork(demo.lines));
  });

  it('should equal a from-scratch computation after every add, move and close, and name the communities that changed', () => {
    const r = createRandom(42, 'walk-session');
    const session = engine.session(rule, { asOf });
    const start = session.facilities();
    const added: ScenarioFacility[] = [];
    const removed = new Set<string>();
    const moved = new Map<string, [number, number]>();
    const lons = input.buildings.map((b) => b.lon);
    const lats = input.buildings.map((b) => b.lat);
    const [w, e, s, n] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
    let effective = 0;
    for (let step = 0; step < 40; step++) {
      const before = session.result().perCommunity;
      const op = r.int(0, 2);
      let change;
      if (op === 0) {
        const f = { code: `N${step}`, type: r.int(0, 1) === 0 ? 'health_station' : 'health_center', lon: r.float(w, e), lat: r.float(s, n) };
        change = session.addFacility(f);
        added.push(f);
      } else {
        const live = session.facilities().filter((f) => !removed.has(f.code));
        const f = live[r.int(0, live.length - 1)]!;
        if (op === 1) {
          const to: [number, number] = [f.lon + r.float(-0.01, 0.01), f.lat + r.float(-0.01, 0.01)];
          change = session.moveFacility(f.code, to[0], to[1]);
          moved.set(f.code, to);
        } else {
          change = session.removeFacility(f.code);
          removed.add(f.code);
        }
      }
      // The same facility set, computed from scratch.
      const current = session.facilities();
      const startCodes = new Set(start.map((f) => f.code));
      const fresh = engine.compute(rule, {
        asOf,
        excludedFacilityCodes: start.map((f) => f.code).filter((c) => removed.has(c) || moved.has(c)),
        extraFacilities: current.filter((f) => !startCodes.has(f.code) || moved.has(f.code)),
      });
      const after = session.result().perCommunity;
      expect(after.map((c) => [c.code, c.households_covered, c.buildings_covered])).toEqual(
        fresh.perCommunity.map((c) => [c.code, c.households_covered, c.buildings_covered]),
      );
      const differs = after.filter((c, i) => c.households_covered !== before[i]!.households_covered || c.buildings_covered !== before[i]!.buildings_covered).map((c) => c.code);
      expect(change.communitiesChanged, `step ${step}`).toEqual(differs);
      if (differs.length > 0) effective++;
    }
    expect(effective).toBeGreaterThan(20);
  });

  it('should cover no more than straight-line coverage, for every type and community', () => {
    const straight = createCoverageEngine(input);
    for (const type of [...new Set(input.facilities.map((f) => f.type))]) {
      const one = [{ type, reachMeters: 500 }];
      const walk = engine.compute(one, { asOf }).perCommunity;
      const crow = straight.compute(one, { asOf }).perCommunity;
      walk.forEach((c, i) => expect(c.households_covered, `${type} ${c.code}`).toBeLessThanOrEqual(crow[i]!.households_covered));
    }
  });
});
