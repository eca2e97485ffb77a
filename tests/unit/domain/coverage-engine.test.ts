import { describe, expect, it } from 'vitest';
import { createCoverageEngine } from '../../../api/src/domain/coverage/index.ts';
import type { CoverageRule } from '../../../api/src/domain/coverage/model.ts';
import { geodesicDistanceMeters } from '../../../api/src/domain/geo/geodesic-distance.ts';
import { activeFacilities, facilitiesByType } from '../../../api/src/domain/coverage/active-facilities.ts';
import { createCoverageState, forEachDemandInReach, resultOf, sumCovered } from '../../../api/src/domain/coverage/coverage-state.ts';
import { buildDemandPoints } from '../../../api/src/domain/coverage/demand-points.ts';
import { bruteForceCoverage, countedFacilities, coveredByBruteForce } from './brute-force.ts';
import { randomCase } from './random-input.ts';

describe.each([
  { name: 'Zibo (36.8° N, 118° E)', seed: 11, center: [118.05, 36.8] as [number, number] },
  { name: 'the antimeridian (17° S, 180°)', seed: 12, center: [179.998, -17] as [number, number] },
  { name: '65.5° N (beyond the tested ±60°: exact decisions only)', seed: 13, center: [25.7, 65.5] as [number, number] },
])('engine.compute on a random city at $name', ({ seed, center }) => {
  const c = randomCase(seed, center);
  const engine = createCoverageEngine(c.input);
  const ruleA: CoverageRule = [{ type: 'a', reachMeters: c.reachA }];
  const ruleAB: CoverageRule = [
    { type: 'a', reachMeters: c.reachA },
    { type: 'b', reachMeters: c.reachB },
  ];
  const building = new Map(c.input.buildings.map((b, i) => [b.code, i]));

  it('should equal a brute-force GeographicLib check of all pairs for a one-type rule', () => {
    const result = engine.compute(ruleA, { asOf: c.asOf });
    expect(result.perCommunity).toEqual(bruteForceCoverage(c.input, ruleA, { asOf: c.asOf }));
  });

  it('should equal the brute force for an OR rule, with planned facilities, extras and exclusions', () => {
    const options = {
      asOf: c.asOf,
      includePlanned: true,
      extraFacilities: [{ code: 'X1', type: 'b', lon: c.input.facilities[3]!.lon, lat: c.input.facilities[3]!.lat + 0.001 }],
      excludedFacilityCodes: c.input.facilities.slice(0, 20).map((f) => f.code),
    };
    expect(engine.compute(ruleAB, options).perCommunity).toEqual(bruteForceCoverage(c.input, ruleAB, options));
  });

  it('should cover a building at exactly the reach, at the reach minus 1 mm, and not at plus 1 mm', () => {
    const result = engine.compute(ruleAB, { asOf: c.asOf, buildingFlags: true });
    const flags = result.buildingCovered as Uint8Array;
    const sites = countedFacilities(c.input, ruleAB, { asOf: c.asOf });
    for (const code of c.exactlyAtReach) {
      const b = c.input.buildings[building.get(code)!]!;
      const anchor = code === 'BA' ? 'FA' : 'FB';
      const f = c.input.facilities.find((x) => x.code === anchor)!;
      expect(geodesicDistanceMeters([b.lon, b.lat], [f.lon, f.lat])).toBe(code === 'BA' ? c.reachA : c.reachB);
      expect(flags[building.get(code)!]).toBe(1);
    }
    // Every building near a reach boundary agrees with the oracle (community members only are demand).
    let checked = 0;
    for (const code of [...c.atReach, ...c.inside1mm, ...c.outside1mm]) {
      const i = building.get(code)!;
      const b = c.input.buildings[i]!;
      if (b.community_code === null) continue;
      expect(flags[i], code).toBe(coveredByBruteForce(b.lon, b.lat, sites, ruleAB) ? 1 : 0);
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('should decide almost every candidate with the approximation and call GeographicLib only in the band (|lat| ≤ 60°)', () => {
    const { stats } = engine.compute(ruleAB, { asOf: c.asOf });
    expect(stats.exactCalls).toBeGreaterThan(0);
    if (Math.abs(center[1]) <= 60) expect(stats.exactCalls).toBeLessThan(stats.approxDecisions / 20);
    else expect(stats.approxDecisions).toBe(0);
  });

  it('should equal the brute force for a reach above 5 km (decided by GeographicLib only)', () => {
    const rule: CoverageRule = [{ type: 'b', reachMeters: 6_000 }];
    const result = engine.compute(rule, { asOf: c.asOf });
    expect(result.stats.approxDecisions).toBe(0);
    expect(result.perCommunity).toEqual(bruteForceCoverage(c.input, rule, { asOf: c.asOf }));
  });

  it('should mark the community without buildings as fallback', () => {
    const result = engine.compute(ruleA, { asOf: c.asOf });
    expect(result.fallbackCommunities).toEqual(['C30']);
    expect(result.perCommunity.find((r) => r.code === 'C30')).toMatchObject({ fallback: true, buildings: 0 });
    expect(engine.fallbackCommunities).toEqual(['C30']);
  });

  it('should make totals the sums of the rows', () => {
    const { perCommunity, totals } = engine.compute(ruleAB, { asOf: c.asOf });
    const households = perCommunity.reduce((s, r) => s + r.households, 0);
    const covered = perCommunity.reduce((s, r) => s + r.households_covered, 0);
    expect(totals.households).toBe(households);
    expect(totals.households_covered).toBe(covered);
    expect(totals.rate).toBe(covered / households);
  });
});

describe('engine.compute input validation', () => {
  const c = randomCase(5, [118.05, 36.8], { buildings: 100, facilities: 10 });
  const engine = createCoverageEngine(c.input);

  it('should reject an empty rule, a bad reach and a bad date with readable messages', () => {
    expect(() => engine.compute([], { asOf: '2020-01-01' })).toThrow(/rule must be a non-empty array/);
    expect(() => engine.compute([{ type: 'a', reachMeters: -1 }], { asOf: '2020-01-01' })).toThrow(/rule\[0\]\.reachMeters/);
    expect(() => engine.compute([{ type: 'a', reachMeters: 300 }], { asOf: '2020/01/01' })).toThrow(/options\.asOf/);
  });

  it('should reject an extra facility that reuses a counted code', () => {
    const code = c.input.facilities.find((f) => f.type === 'a' && f.status === 'open' && f.opened_on === null)?.code ?? 'FA';
    expect(() => engine.compute([{ type: 'a', reachMeters: 300 }], { asOf: '2020-01-01', extraFacilities: [{ code, type: 'a', lon: 118, lat: 36.8 }] })).toThrow(
      /already in use/,
    );
  });

  it('should reject a building in an unknown community and a Date object as opened_on', () => {
    const bad = { ...c.input, buildings: [{ code: 'B', community_code: 'nope', households: 1, lon: 118, lat: 36.8 }] };
    expect(() => createCoverageEngine(bad)).toThrow(/buildings\[0\]\.community_code "nope"/);
    const badDate = { ...c.input, facilities: [{ ...c.input.facilities[0]!, opened_on: new Date() as unknown as string }] };
    expect(() => createCoverageEngine(badDate)).toThrow(/facilities\[0\]\.opened_on must be null or an ISO date/);
  });
});

describe('engine.compute reads only the rule types\' facilities, walking the index without candidate lists', () => {
  const c = randomCase(14, [179.998, -17]);
  const rule: CoverageRule = [
    { type: 'b', reachMeters: c.reachB },
    { type: 'a', reachMeters: c.reachA },
  ];
  const options = {
    asOf: c.asOf,
    includePlanned: true,
    excludedFacilityCodes: [c.input.facilities[3]!.code],
    extraFacilities: [{ code: 'X1', type: 'a', lon: c.input.buildings[0]!.lon, lat: c.input.buildings[0]!.lat }],
  };

  it('should count the same facilities in the same order as a scan of the whole list', () => {
    const reachByType = new Map(rule.map((p) => [p.type, p.reachMeters]));
    const scan = activeFacilities(c.input.facilities, reachByType, options, 'test');
    const byType = activeFacilities(c.input.facilities, reachByType, options, 'test', facilitiesByType(c.input.facilities));
    expect(byType).toEqual(scan);
    expect(new Set(scan.map((f) => f.type))).toEqual(new Set(['a', 'b']));
    expect(scan.at(-1)!.code).toBe('X1');
  });

  it('should give the result and stats of deciding box candidates one facility after another', () => {
    const demand = buildDemandPoints(c.input);
    const reachByType = new Map(rule.map((p) => [p.type, p.reachMeters]));
    const state = createCoverageState(demand);
    for (const f of activeFacilities(c.input.facilities, reachByType, options, 'test')) {
      forEachDemandInReach(demand, f.lon, f.lat, f.reachMeters, state.stats, (id) => { state.counts[id] = 1; }, state.counts);
    }
    sumCovered(demand, state);
    const want = resultOf(demand, state, rule, c.asOf, true);
    const got = createCoverageEngine(c.input).compute(rule, options);
    expect(got).toEqual(want);
    expect(got.perCommunity).toEqual(bruteForceCoverage(c.input, rule, options));
    expect(got.stats.candidates).toBeGreaterThan(got.stats.approxDecisions);
  });
});
