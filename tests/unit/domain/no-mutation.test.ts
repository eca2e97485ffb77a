import { describe, expect, it } from 'vitest';
import { createCoverageEngine, rollUp, uncoveredArea } from '../../../api/src/domain/coverage/index.ts';
import { randomCase } from './random-input.ts';

describe('coverage engine -- prevent input mutation', () => {
  it('should leave the input, rule and options unchanged through build, compute, session, gaps and roll-up', () => {
    const c = randomCase(51, [118.05, 36.8], { buildings: 500, facilities: 50 });
    const input = c.input;
    const rule = [{ type: 'a', reachMeters: c.reachA }];
    const options = { asOf: c.asOf, extraFacilities: [{ code: 'X', type: 'a', lon: 118.05, lat: 36.8 }], excludedFacilityCodes: ['F0001'] };
    const before = structuredClone({ input, rule, options });

    const engine = createCoverageEngine(input);
    const result = engine.compute(rule, options);
    const session = engine.session(rule, options);
    session.addFacility({ code: 'Y', type: 'a', lon: 118.051, lat: 36.801 });
    session.moveFacility('X', 118.04, 36.79);
    session.removeFacility('Y');
    session.result();
    engine.nearestDistances(rule, options, 'C11');
    rollUp(result.perCommunity, input.communities, 'street');
    uncoveredArea(input.communities[0]!.geometry, input.facilities.map((f) => [f.lon, f.lat]), 300);

    expect({ input, rule, options }).toEqual(before);
  });

  it('should not let later edits of the input change an engine built before them', () => {
    const c = randomCase(52, [118.05, 36.8], { buildings: 300, facilities: 30 });
    const input = structuredClone(c.input);
    const engine = createCoverageEngine(input);
    const rule = [{ type: 'a', reachMeters: c.reachA }];
    const first = engine.compute(rule, { asOf: c.asOf });
    for (const f of input.facilities as unknown as Array<{ status: string }>) f.status = 'closed';
    expect(engine.compute(rule, { asOf: c.asOf }).perCommunity).toEqual(first.perCommunity);
  });
});
