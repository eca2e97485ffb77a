import { describe, expect, it } from 'vitest';
import { evaluateTarget, indexCity, unitMethodReach, type CommunityReach } from '../../../../api/src/domain/plans/index.ts';
import { AS_OF, fixtureCity, target } from './fixture.ts';

// Households within reach per community, as the coverage engine would give them.
//   D1: C1 1200/1200, C2 2500/1860, C3 800/0   → 3060 / 4500 = 68 %
//   D2: C4 3200/2112 (城关街道, urban)         → 2112 / 3200 = 66 %;  C5 1500/0 (township)
//   city: 5172 / 9200 = 56.217… %
const REACH: CommunityReach[] = [
  { code: 'C1', households: 1200, households_covered: 1200 },
  { code: 'C2', households: 2500, households_covered: 1860 },
  { code: 'C3', households: 800, households_covered: 0 },
  { code: 'C4', households: 3200, households_covered: 2112 },
  { code: 'C5', households: 1500, households_covered: 0 },
];
const facilities = [
  { type: 'health_center', reach_m: 1000, standard: 'GB 50180-2018 15-minute life circle' },
  { type: 'health_station', reach_m: 300, standard: 'GB 50180-2018 5-minute life circle' },
];

function coverage(spec: Record<string, unknown>) {
  return target({ kind: 'coverage', facilities, deadline: '2007-12-31', ...spec });
}

describe('coverage rule', () => {
  const index = indexCity(fixtureCity());
  const run = (t: ReturnType<typeof coverage>, asOf = '2007-12-31') => evaluateTarget(t, { index, asOf, reach: new Map([[t.id, REACH]]) }).result;

  it('should give the city-wide share of households within reach, and how many more households it would take', () => {
    const r = run(coverage({ id: 'x.city', level: 'city', threshold: 95 }));
    expect(r.value).toBeCloseTo((5172 / 9200) * 100, 10);
    expect(r.status).toBe('not_met');
    expect(r.details).toMatchObject({ households: 9200, households_covered: 5172, households_outside: 4028 });
    // ceil(0.95 × 9200) = 8740 households must be within reach; 5172 are.
    expect(r.shortfall!.amount).toBe(8740 - 5172);
    expect(r.shortfall!.text).toContain('4 028 households');
    expect(r.unit).toBe('% of households');
  });

  it('should tell a district (70 %) from a county (65 %) as Zibo does, on the same data', () => {
    const districts = run(coverage({ id: 'zb.d', level: 'district', threshold: 70, scope: { district_kinds: ['district'], street_kinds: ['street'] } }));
    const county = run(coverage({ id: 'zb.c', level: 'district', threshold: 65, scope: { district_kinds: ['county'], street_kinds: ['street'] } }));
    // D1 68 % < 70 %: fails, and needs ceil(0.70 × 4500) − 3060 = 90 more households.
    expect(districts.units!.map((u) => [u.code, u.value])).toEqual([['D1', 68]]);
    expect(districts.status).toBe('not_met');
    expect(districts.failing_units.map((u) => [u.code, u.value, u.required])).toEqual([['D1', 68, 70]]);
    expect(districts.shortfall!.amount).toBe(90);
    // D2 counts its urban street only (C4): 2112 / 3200 = 66 % ≥ 65 %: met, though 66 % would fail the district's 70 %.
    expect(county.units!.map((u) => [u.code, u.value])).toEqual([['D2', 66]]);
    expect(county.status).toBe('met');
    expect(county.failing_units).toEqual([]);
    const countyAt70 = run(coverage({ id: 'zb.c70', level: 'district', threshold: 70, scope: { district_kinds: ['county'], street_kinds: ['street'] } }));
    expect(countyAt70.status).toBe('not_met');
    expect(countyAt70.shortfall!.amount).toBe(2240 - 2112);
    expect(countyAt70.shortfall!.text).toContain('1 of 1 county');
  });

  it('should say "not yet due" before the deadline and "not met" from the deadline on', () => {
    const t = coverage({ id: 'x.due', level: 'city', threshold: 95 });
    expect(run(t, '2007-12-30').status).toBe('not_yet_due');
    expect(run(t, '2007-12-31').status).toBe('not_met');
  });

  it('should count, with method unit, the households whose own street (centers) or community (stations) has an open facility', () => {
    // Open on AS_OF: centers F01 (S1) and F03 (S4, closes the day after); F02 (S3) closed the day before.
    // Stations in C1, C2, C4, C5 (C3's is only planned). Served: C1, C2, C4, C5 = 8400 of 9200.
    const r = evaluateTarget(coverage({ id: 'x.unit', level: 'city', threshold: 90, method: 'unit' }), { index, asOf: AS_OF }).result;
    expect(r.value).toBeCloseTo((8400 / 9200) * 100, 10);
    expect(r.status).toBe('met');
    expect(r.method).toBe('unit');
  });

  it('should drop a facility closed the day before, and keep one that closes the day after', () => {
    const rows = (asOf: string) => unitMethodReach(index, ['health_center'], asOf).filter((r) => r.households_covered > 0).map((r) => r.code);
    expect(rows('2005-12-29')).toEqual(['C1', 'C2', 'C4', 'C5']); // F02 closes 2005-12-30: still open
    expect(rows(AS_OF)).toEqual(['C1', 'C2', 'C5']); // F02 closed the day before
    expect(rows('2006-01-01')).toEqual(['C1', 'C2']); // F03 closes on that day
  });

  it('should report no data for a unit without households, not a rate of 0', () => {
    const city = fixtureCity();
    const empty = { ...city, communities: city.communities.map((c) => (c.code === 'C3' ? { ...c, households: 0 } : c)) };
    const r = evaluateTarget(coverage({ id: 'x.s', level: 'street', threshold: 50 }), {
      index: indexCity(empty),
      asOf: AS_OF,
      reach: new Map([['x.s', REACH.map((row) => (row.code === 'C3' ? { ...row, households: 0 } : row))]]),
    }).result;
    expect(r.units!.find((u) => u.code === 'S2')).toMatchObject({ value: null, status: 'no_data' });
    expect(r.counts).toMatchObject({ no_data: 1 });
  });

  it('should require per-community reach for method reach', () => {
    expect(() => evaluateTarget(coverage({ id: 'x.r', level: 'city', threshold: 95 }), { index, asOf: AS_OF })).toThrow(/method reach/);
  });
});
