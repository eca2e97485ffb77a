import { describe, expect, it } from 'vitest';
import { compareWithRatioTarget, rollUpSums } from '../../../../api/src/domain/accessibility/index.ts';

describe('compareWithRatioTarget', () => {
  it('should compare GPs per 10 000 residents with Zibo\'s target of 2, tolerating the rounding of 2 / 10 000', () => {
    const rows = [
      { code: 'A', demand: 40000, ratio: 1.5e-4 },
      { code: 'B', demand: 10000, ratio: 0.2 / 1000 },
      { code: 'C', demand: 0, ratio: null },
    ];
    const before = structuredClone(rows);
    const out = compareWithRatioTarget(rows, { value: 2, per: 10000 });
    expect(out[0]).toMatchObject({ code: 'A', meets_target: false });
    expect(out[0]!.ratio_per).toBeCloseTo(1.5, 12);
    expect(out[0]!.supply_gap).toBeCloseTo(2, 9);
    expect(out[1]).toMatchObject({ meets_target: true, supply_gap: 0 });
    expect(out[2]).toMatchObject({ ratio_per: null, meets_target: null, supply_gap: null });
    expect(rows).toEqual(before);
  });

  it('should express "beds = 1.5 % of the elderly" as { value: 1.5, per: 100 }', () => {
    expect(compareWithRatioTarget([{ demand: 2000, ratio: 30 / 2000 }], { value: 1.5, per: 100 })[0]!.meets_target).toBe(true);
    expect(() => compareWithRatioTarget([], { value: 2, per: 0 })).toThrow('target.per');
  });
});

describe('rollUpSums', () => {
  const communities = [
    { code: 'C1', name: '一', street_code: 'S1', district_code: 'D1' },
    { code: 'C2', name: '二', street_code: 'S1', district_code: 'D1' },
    { code: 'C3', name: '三', street_code: 'S9', district_code: 'D1' },
  ];
  const rows = [
    { code: 'C1', demand: 100, supply_reachable: 1 },
    { code: 'C2', demand: 300, supply_reachable: 5 },
    { code: 'C3', demand: 50, supply_reachable: 0.5 },
  ];

  it('should sum fields per street, named streets first, then unnamed ones by code', () => {
    const { units, totals } = rollUpSums(rows, communities, 'street', ['demand', 'supply_reachable'], {
      units: { streets: [{ code: 'S1', name: '甲街道', district_code: 'D1' }, { code: 'S2', name: '乙街道', district_code: 'D1' }] },
    });
    expect(units).toEqual([
      { code: 'S1', name: '甲街道', communities: 2, demand: 400, supply_reachable: 6 },
      { code: 'S2', name: '乙街道', communities: 0, demand: 0, supply_reachable: 0 },
      { code: 'S9', name: 'S9', communities: 1, demand: 50, supply_reachable: 0.5 },
    ]);
    expect(totals).toEqual({ communities: 3, demand: 450, supply_reachable: 6.5 });
  });

  it('should give one city unit and reject a row of an unknown community', () => {
    expect(rollUpSums(rows, communities, 'city', ['demand'], { units: { city: { code: 'X', name: '示范市' } } }).units).toEqual([{ code: 'X', name: '示范市', communities: 3, demand: 450 }]);
    expect(() => rollUpSums([{ code: 'C7', demand: 1 }], communities, 'city', ['demand'])).toThrow('rows[0].code');
  });
});
