import { describe, expect, it } from 'vitest';
import { createCoverageEngine } from '../../../api/src/domain/coverage/index.ts';
import type { CoverageRule } from '../../../api/src/domain/coverage/model.ts';
import { createRandom, randomCase } from './random-input.ts';

describe.each([
  { name: 'Zibo', seed: 21, center: [118.05, 36.8] as [number, number] },
  { name: 'the antimeridian', seed: 22, center: [-179.999, 51.9] as [number, number] },
])('engine.session at $name', ({ seed, center }) => {
  const c = randomCase(seed, center);
  const engine = createCoverageEngine(c.input);
  const rule: CoverageRule = [
    { type: 'a', reachMeters: c.reachA },
    { type: 'b', reachMeters: c.reachB },
  ];
  const allCodes = c.input.facilities.map((f) => f.code);
  /** The same facility set as the session's, computed from scratch. */
  const recompute = (facilities: ReturnType<ReturnType<typeof engine.session>['facilities']>) =>
    engine.compute(rule, { asOf: c.asOf, excludedFacilityCodes: allCodes, extraFacilities: facilities, buildingFlags: true });

  it('should equal a full recompute after every one of 50 random add/move/remove operations', () => {
    const rnd = createRandom(seed * 7);
    const session = engine.session(rule, { asOf: c.asOf, buildingFlags: true });
    expect(session.result().perCommunity).toEqual(engine.compute(rule, { asOf: c.asOf }).perCommunity);
    const lons = c.input.buildings.map((b) => b.lon);
    const point = (): [number, number] => {
      const b = c.input.buildings[Math.floor(rnd() * c.input.buildings.length)]!;
      // Near a building, so that changes matter; sometimes exactly on one.
      return rnd() < 0.2 ? [b.lon, b.lat] : [b.lon + (rnd() - 0.5) * 0.004, b.lat + (rnd() - 0.5) * 0.004];
    };
    expect(lons.length).toBeGreaterThan(0);
    let added = 0;
    for (let step = 0; step < 50; step++) {
      const current = session.facilities();
      const op = rnd();
      if (op < 0.35 || current.length === 0) {
        const [lon, lat] = point();
        session.addFacility({ code: `NEW${added++}`, type: rnd() < 0.7 ? 'a' : 'b', lon, lat });
      } else if (op < 0.7) {
        const f = current[Math.floor(rnd() * current.length)]!;
        const [lon, lat] = point();
        session.moveFacility(f.code, lon, lat);
      } else {
        session.removeFacility(current[Math.floor(rnd() * current.length)]!.code);
      }
      const expected = recompute(session.facilities());
      const actual = session.result();
      expect(actual.perCommunity, `after step ${step}`).toEqual(expected.perCommunity);
      expect(actual.totals).toEqual(expected.totals);
      expect(actual.buildingCovered).toEqual(expected.buildingCovered);
    }
  });

  it('should report the communities a change touched and nothing for a no-op move', () => {
    const session = engine.session(rule, { asOf: c.asOf });
    const b = c.input.buildings.find((x) => x.community_code !== null)!;
    const change = session.addFacility({ code: 'ONE', type: 'a', lon: b.lon, lat: b.lat });
    expect(change.facilityCode).toBe('ONE');
    for (const code of change.communitiesChanged) expect(c.input.communities.some((x) => x.code === code)).toBe(true);
    expect(session.moveFacility('ONE', b.lon, b.lat).communitiesChanged).toEqual([]);
  });

  it('should reject a type outside the rule, a duplicate code and an unknown code', () => {
    const session = engine.session(rule, { asOf: c.asOf });
    expect(() => session.addFacility({ code: 'Z', type: 'z', lon: center[0], lat: center[1] })).toThrow(/type "z" is not in the rule/);
    expect(() => session.addFacility({ code: 'FA', type: 'a', lon: center[0], lat: center[1] })).toThrow(/already counted/);
    expect(() => session.removeFacility('nope')).toThrow(/no counted facility has code "nope"/);
    expect(() => session.moveFacility('FA', Number.NaN, 0)).toThrow(/lon must be a finite number/);
  });
});
