import { describe, expect, it } from 'vitest';
import { capacitatedAllocation, createAccessibilityEngine, type AccessibilityInput } from '../../../../api/src/domain/accessibility/index.ts';
import { createCoverageEngine, type CoverageBuilding } from '../../../../api/src/domain/coverage/index.ts';
import { geodesicDestination } from '../../../../api/src/domain/geo/geodesic-destination.ts';
import { createRandom, randomCase } from '../random-input.ts';
import { facility, squareCommunity, withCapacity } from './helpers.ts';

const AS_OF = '2026-01-01';
const O: [number, number] = [118.05, 36.8];
const at = (azimuth: number, meters: number, from: number[] = O): number[] => geodesicDestination(from, azimuth, meters);
const building = (code: string, community: string, p: number[], households = 10): CoverageBuilding => ({ code, community_code: community, households, lon: p[0]!, lat: p[1]! });

describe('capacitatedAllocation -- nearest first until full', () => {
  it('should fill the nearer demand first and leave the rest over capacity', () => {
    const r = capacitatedAllocation([3000, 3000], [5000], { demandIndex: [0, 1], supplyIndex: [0, 0], weight: [1, 1], distanceMeters: [200, 250] });
    expect([...r.allocated]).toEqual([3000, 2000]);
    expect([...r.covered]).toEqual([1, 1]);
    expect([...r.used]).toEqual([5000]);
  });

  it('should take pairs by distance across facilities: B (5 m from F1) takes F1, so A goes on to F2', () => {
    // A: 10 m from F1, 20 m from F2; B: 5 m from F1 only. Capacities 1 and 1, demands 1 and 1.
    const r = capacitatedAllocation([1, 1], [1, 1], { demandIndex: [0, 0, 1], supplyIndex: [0, 1, 0], weight: [1, 1, 1], distanceMeters: [10, 20, 5] });
    expect([...r.allocated]).toEqual([1, 1]);
    expect([...r.used]).toEqual([1, 1]);
  });

  it('When two demand points are equally near a facility with room for one, then the lower demand index gets it', () => {
    const r = capacitatedAllocation([1, 1], [1], { demandIndex: [1, 0], supplyIndex: [0, 0], weight: [1, 1], distanceMeters: [100, 100] });
    expect([...r.allocated]).toEqual([1, 0]);
  });

  it('When two facilities are equally near one demand point, then the lower supply index fills first', () => {
    const r = capacitatedAllocation([3], [2, 2], { demandIndex: [0, 0], supplyIndex: [1, 0], weight: [1, 1], distanceMeters: [50, 50] });
    expect([...r.used]).toEqual([2, 1]);
  });

  it('should not depend on the order of the pairs (deterministic ties)', () => {
    const rnd = createRandom(5);
    const n = 400;
    const pairs = { demandIndex: [] as number[], supplyIndex: [] as number[], weight: [] as number[], distanceMeters: [] as number[] };
    for (let k = 0; k < n; k++) {
      pairs.demandIndex.push(Math.floor(rnd() * 60));
      pairs.supplyIndex.push(Math.floor(rnd() * 8));
      pairs.weight.push(1);
      pairs.distanceMeters.push(Math.floor(rnd() * 20) * 10); // many exact ties
    }
    const demand = Array.from({ length: 60 }, () => Math.floor(rnd() * 50));
    const capacity = Array.from({ length: 8 }, () => Math.floor(rnd() * 200));
    const a = capacitatedAllocation(demand, capacity, pairs);
    const order = Array.from({ length: n }, (_, k) => k).sort(() => rnd() - 0.5);
    const shuffled = Object.fromEntries(Object.entries(pairs).map(([k, v]) => [k, order.map((i) => v[i]!)])) as typeof pairs;
    const b = capacitatedAllocation(demand, capacity, shuffled);
    expect([...b.allocated]).toEqual([...a.allocated]);
    expect([...b.used]).toEqual([...a.used]);
  });

  it('should mark a demand point in no catchment as not covered, and a covered one without demand as covered', () => {
    const r = capacitatedAllocation([5, 0, 7], [10], { demandIndex: [0, 1], supplyIndex: [0, 0], weight: [1, 1], distanceMeters: [1, 2] });
    expect([...r.covered]).toEqual([1, 1, 0]);
    expect([...r.allocated]).toEqual([5, 0, 0]);
  });

  it('should require distances and reject bad pairs', () => {
    expect(() => capacitatedAllocation([1], [1], { demandIndex: [0], supplyIndex: [0], weight: [1] })).toThrow('distanceMeters');
    expect(() => capacitatedAllocation([1], [1], { demandIndex: [1], supplyIndex: [0], weight: [1], distanceMeters: [0] })).toThrow('pairs.demandIndex[0]');
    expect(() => capacitatedAllocation([1], [-1], { demandIndex: [0], supplyIndex: [0], weight: [1], distanceMeters: [0] })).toThrow('capacity[0]');
  });
});

describe('engine.capacitated -- households within capacity, over capacity, not covered', () => {
  /** F (10 GPs) at O reaches C1 200 m, C2 450 m, C3 800 m; G (4 GPs) reaches C4; C5 is 20 km away. */
  const input: AccessibilityInput = {
    communities: [
      squareCommunity('C1', [at(0, 200)[0]!, at(0, 200)[1]!], 50, { population: 1000 }),
      squareCommunity('C2', [at(90, 450)[0]!, at(90, 450)[1]!], 50, { population: 2000 }),
      squareCommunity('C3', [at(180, 800)[0]!, at(180, 800)[1]!], 50, { population: 5000 }),
      squareCommunity('C4', [at(270, 1000)[0]!, at(270, 1000)[1]!], 50, { population: 7000 }),
      squareCommunity('C5', [at(45, 20_000)[0]!, at(45, 20_000)[1]!], 50, { population: 900 }),
    ],
    buildings: [at(0, 200), at(90, 450), at(180, 800), at(270, 1000), at(45, 20_000)].map((p, i) => building(`B${i + 1}`, `C${i + 1}`, p, 10)),
    facilities: [facility('F', 'hc', O, { gp_count: 10 }), facility('G', 'hc', at(270, 1200), { gp_count: 4 })],
  };
  const options = { rule: [{ type: 'hc', reachMeters: 900 }], supply: 'gp_count', demand: 'population', asOf: AS_OF, demandPerSupply: 500 } as const;

  it('should fill F (5 000 residents) with C1, C2 and 2 000 of C3; G (2 000) with part of C4; C5 not covered', () => {
    const r = createAccessibilityEngine(input).capacitated(options);
    const c = Object.fromEntries(r.perCommunity.map((u) => [u.code, u]));
    expect(c.C1).toMatchObject({ demand_within_capacity: 1000, demand_over_capacity: 0, households_within_capacity: 10 });
    expect(c.C2).toMatchObject({ demand_within_capacity: 2000, demand_over_capacity: 0 });
    expect(c.C3).toMatchObject({ demand_within_capacity: 2000, demand_over_capacity: 3000, demand_not_covered: 0 });
    expect(c.C3!.households_within_capacity).toBeCloseTo(4, 12);
    expect(c.C3!.households_over_capacity).toBeCloseTo(6, 12);
    expect(c.C4).toMatchObject({ demand_within_capacity: 2000, demand_over_capacity: 5000 });
    expect(c.C5).toMatchObject({ households: 10, households_not_covered: 10, demand_not_covered: 900, demand_within_capacity: 0 });
    expect(r.totals).toMatchObject({ capacity: 7000, capacity_used: 7000, facilities: 2, facilities_full: 2, demand: 15900 });
    expect(r.allocation).toContain('nearest first until full');
  });

  it('When capacity is ample, then nothing is over capacity; when it is zero, everything covered is over capacity', () => {
    const ample = createAccessibilityEngine(input).capacitated({ ...options, demandPerSupply: 1e6 });
    expect(ample.totals.demand_over_capacity).toBe(0);
    expect(ample.totals.demand_within_capacity).toBe(15000);
    const none = createAccessibilityEngine({ ...input, facilities: input.facilities.map((f) => ({ ...f, gp_count: 0 })) }).capacitated(options);
    expect(none.totals.demand_within_capacity).toBe(0);
    expect(none.totals.demand_over_capacity).toBe(15000);
  });

  it('should split every community\'s households three ways, with covered = the coverage engine\'s covered households', () => {
    const c = randomCase(91, [118.05, 36.8], { buildings: 2500, facilities: 250 });
    const acc = createAccessibilityEngine(withCapacity(c.input, 91));
    const rule = [{ type: 'a', reachMeters: c.reachA }, { type: 'b', reachMeters: c.reachB }];
    const r = acc.capacitated({ rule, supply: 'count', demand: 'elderly', asOf: c.asOf, demandPerSupply: 150 });
    const coverage = createCoverageEngine(c.input).compute(rule, { asOf: c.asOf });
    const cov = new Map(coverage.perCommunity.map((u) => [u.code, u]));
    expect(r.totals.demand_within_capacity).toBeGreaterThan(0);
    expect(r.totals.demand_over_capacity).toBeGreaterThan(0);
    for (const u of r.perCommunity) {
      const k = cov.get(u.code)!;
      expect(u.households_within_capacity + u.households_over_capacity + u.households_not_covered).toBeCloseTo(k.households, 9);
      expect(u.demand_within_capacity + u.demand_over_capacity + u.demand_not_covered).toBeCloseTo(u.demand, 9);
      if (!k.fallback) expect(u.households_within_capacity + u.households_over_capacity).toBeCloseTo(k.households_covered, 9);
    }
    expect(r.totals.capacity_used).toBeCloseTo(r.totals.demand_within_capacity, 6);
  });

  it('should reject a demandPerSupply that is not a positive number', () => {
    expect(() => createAccessibilityEngine(input).capacitated({ ...options, demandPerSupply: 0 })).toThrow('demandPerSupply');
  });
});
