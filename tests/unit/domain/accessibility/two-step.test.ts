import { describe, expect, it } from 'vitest';
import {
  areaCentroid,
  createAccessibilityEngine,
  decayZones,
  E2SFCA_DEFAULT_ZONES,
  STEP_ZONES,
  type AccessibilityInput,
  type TwoStepOptions,
} from '../../../../api/src/domain/accessibility/index.ts';
import type { CoverageBuilding } from '../../../../api/src/domain/coverage/index.ts';
import { geodesicDestination } from '../../../../api/src/domain/geo/geodesic-destination.ts';
import { randomCase } from '../random-input.ts';
import { bruteForceTwoStep, facility, squareCommunity, withCapacity } from './helpers.ts';

const AS_OF = '2026-01-01';
const O: [number, number] = [118.05, 36.8];
const at = (azimuth: number, meters: number, from: number[] = O): number[] => geodesicDestination(from, azimuth, meters);
const building = (code: string, community: string, p: number[], households = 10): CoverageBuilding => ({ code, community_code: community, households, lon: p[0]!, lat: p[1]! });
const gp = (reachMeters: number, extra: Partial<TwoStepOptions> = {}): TwoStepOptions => ({
  rule: [{ type: 'hc', reachMeters }], supply: 'gp_count', demand: 'population', asOf: AS_OF, ...extra,
});
const byCode = <T extends { code: string }>(rows: T[]): Record<string, T> => Object.fromEntries(rows.map((r) => [r.code, r]));

/**
 * F (10 GPs, reach 900 m) at O; one-building communities C1 200 m north, C2 450 m east, C3 800 m
 * south, C4 1000 m west (outside F); G (4 GPs) 1200 m west reaches only C4 (200 m); H (7 GPs) 10 km
 * away reaches nobody.
 */
function star(populations = [1000, 2000, 5000, 7000]): AccessibilityInput {
  const places = [at(0, 200), at(90, 450), at(180, 800), at(270, 1000)];
  return {
    communities: places.map((p, i) => squareCommunity(`C${i + 1}`, [p[0]!, p[1]!], 50, { population: populations[i]!, households: 100 })),
    buildings: places.map((p, i) => building(`B${i + 1}`, `C${i + 1}`, p)),
    facilities: [facility('F', 'hc', O, { gp_count: 10 }), facility('G', 'hc', at(270, 1200), { gp_count: 4 }), facility('H', 'hc', at(45, 10_000), { gp_count: 7 })],
  };
}

describe('engine.twoStep -- hand-computed cases', () => {
  it('should give classic 2SFCA ratios with step weights (R_F = 10 / 8000, R_G = 4 / 7000)', () => {
    const r = createAccessibilityEngine(star()).twoStep(gp(900));
    const c = byCode(r.perCommunity);
    for (const code of ['C1', 'C2', 'C3']) expect(c[code]!.ratio).toBeCloseTo(10 / 8000, 15);
    expect(c.C4!.ratio).toBeCloseTo(4 / 7000, 15);
    expect(c.C2!.supply_reachable).toBeCloseTo(2000 * (10 / 8000), 12);
    expect(r.totals).toMatchObject({ supply: 21, supply_reached: 14, demand: 15000, facilities: 3, facilities_reached: 2, facilities_without_supply: 0 });
    expect(r.totals.ratio).toBeCloseTo(14 / 15000, 15);
  });

  it('should weight both steps by the E2SFCA zones 1.00 / 0.68 / 0.22 (catchment demand 1000 + 0.68·2000 + 0.22·5000)', () => {
    const r = createAccessibilityEngine(star()).twoStep(gp(900, { zones: E2SFCA_DEFAULT_ZONES }));
    const R = 10 / (1000 + 0.68 * 2000 + 0.22 * 5000);
    const c = byCode(r.perCommunity);
    expect(c.C1!.ratio).toBeCloseTo(R, 15);
    expect(c.C2!.ratio).toBeCloseTo(0.68 * R, 15);
    expect(c.C3!.ratio).toBeCloseTo(0.22 * R, 15);
    expect(c.C4!.ratio).toBeCloseTo(4 / 7000, 15);
    expect(Number(c.C1!.supply_reachable.toFixed(6))).toBe(2.890173);
    expect(Number(c.C2!.supply_reachable.toFixed(6))).toBe(3.930636);
    expect(Number(c.C3!.supply_reachable.toFixed(6))).toBe(3.179191);
    expect(byCode(r.perFacility).F!.catchment_demand).toBeCloseTo(3460, 9);
  });

  it('should leave a facility with no demand in its catchment out of supply_reached, without changing anyone', () => {
    const input = star();
    const r = createAccessibilityEngine(input).twoStep(gp(900));
    const without = createAccessibilityEngine({ ...input, facilities: input.facilities.filter((f) => f.code !== 'H') }).twoStep(gp(900));
    expect(byCode(r.perFacility).H).toEqual({ code: 'H', type: 'hc', supply: 7, catchment_demand: 0, supply_ratio: null });
    expect(r.totals.supply - r.totals.supply_reached).toBe(7);
    expect(r.perCommunity).toEqual(without.perCommunity);
  });

  it('When all demand is zero, then ratios are null, nothing is reached, and no NaN appears', () => {
    const r = createAccessibilityEngine(star([0, 0, 0, 0])).twoStep(gp(900, { zones: E2SFCA_DEFAULT_ZONES }));
    expect(r.perCommunity.every((c) => c.ratio === null && c.supply_reachable === 0)).toBe(true);
    expect(r.totals).toMatchObject({ supply: 21, supply_reached: 0, demand: 0, ratio: null, facilities_reached: 0 });
    expect(r.perFacility.every((f) => f.supply_ratio === null && f.catchment_demand === 0)).toBe(true);
    expect(JSON.stringify(r)).not.toContain('NaN');
  });

  it('When one community has no demand, then it absorbs no supply and gets ratio null', () => {
    const r = createAccessibilityEngine(star([0, 2000, 5000, 7000])).twoStep(gp(900));
    const c = byCode(r.perCommunity);
    expect(c.C1).toMatchObject({ demand: 0, supply_reachable: 0, ratio: null });
    expect(c.C2!.ratio).toBeCloseTo(10 / 7000, 15);
  });

  it('should spread a community\'s demand over its buildings by households share', () => {
    // C: 400 residents in two buildings (10 and 30 households); F (6 GPs) reaches only the larger one.
    const input: AccessibilityInput = {
      communities: [squareCommunity('C', O, 600, { population: 400, households: 40 })],
      buildings: [building('B1', 'C', at(270, 250), 10), building('B2', 'C', at(90, 250), 30)],
      facilities: [facility('F', 'hc', at(90, 400), { gp_count: 6 })],
    };
    const r = createAccessibilityEngine(input).twoStep(gp(300));
    expect(r.perFacility[0]!.catchment_demand).toBeCloseTo(300, 12);
    expect(r.perCommunity[0]!.supply_reachable).toBeCloseTo(6, 12);
    expect(r.perCommunity[0]!.ratio).toBeCloseTo(6 / 400, 15);
    // Buildings without households share the demand evenly.
    const even = createAccessibilityEngine({ ...input, buildings: input.buildings.map((b) => ({ ...b, households: 0 })) }).twoStep(gp(300));
    expect(even.perFacility[0]!.catchment_demand).toBeCloseTo(200, 12);
  });

  it('should put zone bounds inclusive: 1 mm inside ⅓ of the reach weighs 1.00, 1 mm beyond weighs 0.68', () => {
    const reach = 900;
    const input: AccessibilityInput = {
      communities: [squareCommunity('A', at(0, 300) as [number, number], 40, { population: 100 }), squareCommunity('B', at(180, 300) as [number, number], 40, { population: 100 })],
      buildings: [building('BA', 'A', at(0, reach / 3 - 0.001)), building('BB', 'B', at(180, reach / 3 + 0.001))],
      facilities: [facility('F', 'hc', O, { gp_count: 1 })],
    };
    const r = createAccessibilityEngine(input).twoStep(gp(reach, { zones: E2SFCA_DEFAULT_ZONES }));
    expect(r.perCommunity[1]!.ratio! / r.perCommunity[0]!.ratio!).toBeCloseTo(0.68, 12);
  });

  it('should count only facilities of the rule\'s types open on as_of with supply recorded; supply=count counts each as 1', () => {
    const input = star();
    const more: AccessibilityInput = {
      ...input,
      facilities: [
        ...input.facilities,
        { ...facility('P', 'hc', O, { gp_count: 50 }), status: 'planned' },
        { ...facility('X', 'hc', O, { gp_count: 50 }), status: 'closed', closed_on: '2025-06-01' },
        { ...facility('L', 'hc', O, { gp_count: 50 }), opened_on: '2026-06-01' },
        facility('N', 'hc', O, { gp_count: null }),
        facility('Z', 'other', O, { gp_count: 50 }),
      ],
    };
    const r = createAccessibilityEngine(more).twoStep(gp(900));
    expect(r.perFacility.map((f) => f.code)).toEqual(['F', 'G', 'H']);
    expect(r.totals).toMatchObject({ supply: 21, facilities_without_supply: 1 });
    const count = createAccessibilityEngine(more).twoStep({ ...gp(900), supply: 'count' });
    expect(count.perFacility.map((f) => [f.code, f.supply])).toEqual([['F', 1], ['G', 1], ['H', 1], ['N', 1]]);
  });

  it('should reproduce the reference scenario 0 through geography: centroids 40 m and 80 m apart, reach 60 m (centroid demand points)', () => {
    // Tract 1 at O, tract 3 40 m east, tract 2 80 m east: 1–2 is beyond reach, as in scenario 0.
    const centres = { 1: O as number[], 3: at(90, 40), 2: at(90, 80) };
    const tracts = [[1, 100, 15], [2, 50, 20], [3, 10, 100]] as const;
    const communities = tracts.map(([id, population]) => squareCommunity(`T${id}`, [centres[id][0]!, centres[id][1]!], 20, { population }));
    const input: AccessibilityInput = {
      communities,
      buildings: [],
      facilities: tracts.map(([id, , doctors], i) => facility(`H${id}`, 'hc', areaCentroid(communities[i]!.geometry), { gp_count: doctors })),
    };
    const r = createAccessibilityEngine(input).twoStep(gp(60, { demandPoints: 'centroid' }));
    expect(r.perCommunity.map((c) => Number(c.ratio!.toFixed(6)))).toEqual([0.761364, 0.958333, 1.094697]);
    expect(r.demandPoints).toBe('centroid');
    expect(r.stats.demandPoints).toBe(3);
  });
});

describe('engine.twoStep -- against an independent brute force (GeographicLib on every pair)', () => {
  const cases = [
    ['near Zibo', 61, [118.05, 36.8]],
    ['across the antimeridian', 62, [179.99, -17.7]],
  ] as const;
  it.each(cases)('should equal the brute force %s for step weights, E2SFCA zones, every demand and supply measure', (_, seed, center) => {
    const c = randomCase(seed, [center[0], center[1]], { buildings: 700, facilities: 70 });
    const input = withCapacity(c.input, seed);
    const engine = createAccessibilityEngine(input);
    const combos = [
      { supply: 'gp_count', demand: 'population', zones: STEP_ZONES },
      { supply: 'beds', demand: 'elderly', zones: E2SFCA_DEFAULT_ZONES },
      { supply: 'floor_area_m2', demand: 'households', zones: decayZones([1, 0.5], { upToFractions: [0.25, 1] }) },
      { supply: 'count', demand: 'population', zones: E2SFCA_DEFAULT_ZONES },
    ] as const;
    for (const combo of combos) {
      const types = { a: c.reachA, b: c.reachB };
      const result = engine.twoStep({ rule: [{ type: 'a', reachMeters: c.reachA }, { type: 'b', reachMeters: c.reachB }], asOf: c.asOf, ...combo });
      const truth = bruteForceTwoStep(input, { types, asOf: c.asOf, ...combo, zones: [...combo.zones] });
      for (const row of result.perCommunity) {
        expect(row.supply_reachable).toBeCloseTo(truth.reachable.get(row.code)!, 9);
      }
      expect(result.totals.supply_reached).toBeCloseTo(truth.supplyReached, 9);
      expect(result.stats.pairs).toBeGreaterThan(100);
    }
  });
});

describe('engine.twoStep -- conservation', () => {
  it('should allocate exactly the reached supply with step weights: Σ demand × ratio = supply of facilities with demand in their catchment', () => {
    const c = randomCase(71, [118.05, 36.8], { buildings: 3000, facilities: 300 });
    const engine = createAccessibilityEngine(withCapacity(c.input, 71));
    for (const demand of ['population', 'elderly', 'households'] as const) {
      for (const mode of ['buildings', 'centroid'] as const) {
        const r = engine.twoStep({ rule: [{ type: 'a', reachMeters: 400 }], supply: 'gp_count', demand, asOf: c.asOf, demandPoints: mode });
        const allocated = r.perCommunity.reduce((s, u) => s + u.demand * (u.ratio ?? 0), 0);
        const reached = r.perFacility.filter((f) => f.catchment_demand > 0).reduce((s, f) => s + f.supply, 0);
        expect(allocated).toBeCloseTo(reached, 8);
        expect(r.totals.supply_reached).toBeCloseTo(reached, 8);
        expect(reached).toBeGreaterThan(0);
        expect(reached).toBeLessThan(r.totals.supply + 1e-9);
      }
    }
  });

  it('should conserve with E2SFCA zone weights as well (the same weights enter both steps)', () => {
    const c = randomCase(72, [118.05, 36.8], { buildings: 2000, facilities: 200 });
    const r = createAccessibilityEngine(withCapacity(c.input, 72)).twoStep({
      rule: [{ type: 'b', reachMeters: 1000 }], supply: 'beds', demand: 'elderly', asOf: c.asOf, zones: E2SFCA_DEFAULT_ZONES,
    });
    expect(r.perCommunity.reduce((s, u) => s + u.supply_reachable, 0)).toBeCloseTo(r.totals.supply_reached, 8);
  });
});

describe('engine.twoStep -- input validation and no mutation', () => {
  const c = randomCase(81, [118.05, 36.8], { buildings: 300, facilities: 30 });
  const input = withCapacity(c.input, 81);

  it.each([
    [{ supply: 'doctors' }, 'options.supply'],
    [{ demand: 'children' }, 'options.demand'],
    [{ asOf: '2026-1-1' }, 'options.asOf'],
    [{ demandPoints: 'parcels' }, 'options.demandPoints'],
    [{ rule: [] }, 'rule'],
    [{ zones: [{ upToFraction: 0.5, weight: 1 }] }, 'last zone'],
    [{ zones: [{ upToFraction: 0.5, weight: 1 }, { upToFraction: 0.4, weight: 0.5 }] }, 'zones[1].upToFraction'],
    [{ zones: [{ upToFraction: 1, weight: 0 }] }, 'zones[0].weight'],
  ])('When options have %j, then it throws naming %s', (bad, name) => {
    const engine = createAccessibilityEngine(input);
    expect(() => engine.twoStep({ ...gp(300), rule: [{ type: 'a', reachMeters: 300 }], ...(bad as object) } as TwoStepOptions)).toThrow(name);
  });

  it('should reject a facility whose capacity is not a number ≥ 0 or null', () => {
    const bad = { ...input, facilities: input.facilities.map((f, i) => (i === 3 ? { ...f, beds: -1 } : f)) };
    expect(() => createAccessibilityEngine(bad)).toThrow('facilities[3].beds');
  });

  it('should leave the input and options unchanged through build, twoStep and capacitated', () => {
    const options = { rule: [{ type: 'a', reachMeters: 300 }], supply: 'gp_count', demand: 'population', asOf: c.asOf, zones: E2SFCA_DEFAULT_ZONES } as const;
    const before = structuredClone({ input, options });
    const engine = createAccessibilityEngine(input);
    engine.twoStep(options);
    engine.twoStep({ ...options, demandPoints: 'centroid' });
    engine.capacitated({ ...options, demandPerSupply: 2000 });
    expect({ input, options }).toEqual(before);
  });
});

describe('decayZones and areaCentroid', () => {
  it('should make equal-width zones from weights, or use the given bounds', () => {
    expect(decayZones([1, 0.68, 0.22])).toEqual([{ upToFraction: 1 / 3, weight: 1 }, { upToFraction: 2 / 3, weight: 0.68 }, { upToFraction: 1, weight: 0.22 }]);
    expect(decayZones([1, 0.5], { upToFractions: [0.25, 1] })).toEqual([{ upToFraction: 0.25, weight: 1 }, { upToFraction: 1, weight: 0.5 }]);
    expect(() => decayZones([1, 0.5], { upToFractions: [0.5] })).toThrow('one bound per weight');
    expect(() => decayZones([1, -0.5])).toThrow('zones[1].weight');
  });

  it('should compute the area-weighted centroid as ST_Centroid does: holes subtract, parts weigh by area, across ±180°', () => {
    expect(areaCentroid({ type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 1], [0, 1], [0, 0]]] })).toEqual([1, 0.5]);
    // 4×4 square minus a 2×2 hole in its left half: area 12, centroid x = (16·2 − 4·1.5) / 12.
    const [x, y] = areaCentroid({ type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], [[0.5, 1], [0.5, 3], [2.5, 3], [2.5, 1], [0.5, 1]]] });
    expect(x).toBeCloseTo((16 * 2 - 4 * 1.5) / 12, 12);
    expect(y).toBeCloseTo(2, 12);
    const [mx] = areaCentroid({ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]], [[[10, 0], [13, 0], [13, 1], [10, 1], [10, 0]]]] });
    expect(mx).toBeCloseTo((1 * 0.5 + 3 * 11.5) / 4, 12);
    const [ax, ay] = areaCentroid({ type: 'Polygon', coordinates: [[[179.99, 0], [-179.99, 0], [-179.99, 0.01], [179.99, 0.01], [179.99, 0]]] });
    expect(Math.abs(ax!)).toBeCloseTo(180, 9);
    expect(ay).toBeCloseTo(0.005, 12);
  });
});
