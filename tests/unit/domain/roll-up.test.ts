import { describe, expect, it } from 'vitest';
import { createCoverageEngine, rollUp, rollUpPlan, rollUpPrepared } from '../../../api/src/domain/coverage/index.ts';
import { randomCase } from './random-input.ts';

describe('rollUp', () => {
  const c = randomCase(31, [118.05, 36.8], { buildings: 600, facilities: 60 });
  const result = createCoverageEngine(c.input).compute([{ type: 'a', reachMeters: c.reachA }], { asOf: c.asOf });
  const units = {
    streets: [0, 1, 2, 3, 4].map((r) => ({ code: `S${r}`, name: `街道${r}`, district_code: r < 2 ? 'D1' : 'D2' })),
    districts: [
      { code: 'D1', name: '甲区', kind: 'district' },
      { code: 'D2', name: '乙区', kind: 'district' },
      { code: 'D3', name: '丙县', kind: 'county' },
    ],
  };

  it('should sum each street over its communities and recompute the rate', () => {
    const { units: streets } = rollUp(result.perCommunity, c.input.communities, 'street', { units });
    for (const s of streets) {
      const rows = result.perCommunity.filter((r) => c.input.communities.find((x) => x.code === r.code)!.street_code === s.code);
      const households = rows.reduce((a, r) => a + r.households, 0);
      const covered = rows.reduce((a, r) => a + r.households_covered, 0);
      expect(s.households).toBe(households);
      expect(s.households_covered).toBe(covered);
      expect(s.rate).toBe(households > 0 ? covered / households : 0);
      expect(s.population_covered).toBeCloseTo(rows.reduce((a, r) => a + r.population_covered, 0), 9);
    }
  });

  it('should list named units in the given order, with zeros for one without communities', () => {
    const { units: streets } = rollUp(result.perCommunity, c.input.communities, 'street', { units });
    expect(streets.map((s) => [s.code, s.name])).toEqual(units.streets.map((s) => [s.code, s.name]));
    expect(streets[4]).toMatchObject({ code: 'S4', communities: 0, households: 0, rate: 0 });
    const { units: districts } = rollUp(result.perCommunity, c.input.communities, 'district', { units });
    expect(districts.map((d) => d.code)).toEqual(['D1', 'D2', 'D3']);
  });

  it('should give the same totals at every level, equal to the compute totals', () => {
    for (const level of ['community', 'street', 'district', 'city'] as const) {
      const { totals } = rollUp(result.perCommunity, c.input.communities, level, { units });
      expect(totals.households).toBe(result.totals.households);
      expect(totals.households_covered).toBe(result.totals.households_covered);
      expect(totals.rate).toBe(result.totals.rate);
      expect(totals.population_covered).toBeCloseTo(result.totals.population_covered, 6);
    }
    const city = rollUp(result.perCommunity, c.input.communities, 'city', { units: { city: { code: 'ZB', name: '示范市' } } });
    expect(city.units).toHaveLength(1);
    expect(city.units[0]).toMatchObject({ code: 'ZB', name: '示范市', communities: 20 });
  });

  it('should name communities by their own names at community level', () => {
    const { units: rows } = rollUp(result.perCommunity, c.input.communities, 'community');
    expect(rows[0]).toMatchObject({ code: 'C00', name: '社区00' });
  });

  it('should reject an unknown level and a community missing from communities', () => {
    expect(() => rollUp(result.perCommunity, c.input.communities, 'province' as 'city')).toThrow(/level must be/);
    expect(() => rollUp(result.perCommunity, c.input.communities.slice(1), 'street')).toThrow(/"C00" of perCommunity is not in communities/);
  });

  describe('prepared once (rollUpPlan + rollUpPrepared)', () => {
    const REPORT_ORDER = ['code', 'name', 'households', 'households_covered', 'rate', 'population', 'population_covered', 'elderly', 'elderly_covered', 'communities'];
    // Streets S1 and S3 unlisted: they are found only through communities and follow, by code.
    const partial = { streets: units.streets.filter((s) => s.code !== 'S1' && s.code !== 'S3').reverse(), districts: units.districts.slice(1) };

    it('should give what rollUp gives at every level, with the members in the report order', () => {
      for (const names of [units, partial, {}]) {
        for (const level of ['community', 'street', 'district', 'city'] as const) {
          const plan = rollUpPlan(c.input.communities, level, { units: names });
          const want = rollUp(result.perCommunity, c.input.communities, level, { units: names });
          const got = rollUpPrepared(plan, result.perCommunity);
          expect(got).toEqual(want);
          expect(got.units.map((u) => u.code)).toEqual(want.units.map((u) => u.code));
          for (const u of got.units) expect(Object.keys(u)).toEqual(REPORT_ORDER);
        }
      }
      const streets = rollUpPrepared(rollUpPlan(c.input.communities, 'street', { units: partial }), result.perCommunity).units.map((u) => u.code);
      expect(streets).toEqual(['S4', 'S2', 'S0', 'S1', 'S3']);
    });

    it('should give the same answer twice from one plan, and defer to rollUp for rows in another order or a subset', () => {
      const plan = rollUpPlan(c.input.communities, 'street', { units: partial });
      const first = rollUpPrepared(plan, result.perCommunity);
      expect(rollUpPrepared(plan, result.perCommunity)).toEqual(first);
      const reversed = [...result.perCommunity].reverse();
      expect(rollUpPrepared(plan, reversed)).toEqual(rollUp(reversed, c.input.communities, 'street', { units: partial }));
      const some = result.perCommunity.filter((_, i) => i % 3 === 0);
      const got = rollUpPrepared(plan, some);
      expect(got).toEqual(rollUp(some, c.input.communities, 'street', { units: partial }));
      for (const u of got.units) expect(Object.keys(u)).toEqual(REPORT_ORDER);
      const byCommunity = rollUpPrepared(rollUpPlan(c.input.communities, 'community'), some);
      expect(byCommunity.units.map((u) => u.code)).toEqual(some.map((r) => r.code));
    });

    it('should reject an unknown level, and rows of a community it does not know', () => {
      expect(() => rollUpPlan(c.input.communities, 'province' as 'city')).toThrow(/level must be/);
      const plan = rollUpPlan(c.input.communities.slice(1), 'street');
      expect(() => rollUpPrepared(plan, result.perCommunity)).toThrow(/"C00" of perCommunity is not in communities/);
    });
  });
});
