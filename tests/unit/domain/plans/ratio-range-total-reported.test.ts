import { describe, expect, it } from 'vitest';
import { evaluatePlan, evaluateTarget, indexCity, locationWarnings, statusOf, type ReportedFigure } from '../../../../api/src/domain/plans/index.ts';
import { AS_OF, fixtureCity, profileWith, target } from './fixture.ts';

const index = indexCity(fixtureCity());
const run = (spec: Record<string, unknown>, asOf = AS_OF, reported: ReportedFigure[] = []) => evaluateTarget(target(spec), { index, asOf, reported }).result;

const beds = {
  id: 'bj.elderly.beds_ratio',
  kind: 'ratio',
  numerator: { types: ['elderly_home'], measure: 'beds' },
  denominator: 'elderly',
  per: 100,
  unit: { zh: '% 老年人口', en: '% of elderly population' },
  item: { zh: '张养老床位', en: 'elderly-care beds' },
};

describe('ratio rule', () => {
  it('should give beds per elderly as a percentage, and the beds missing to reach the target', () => {
    // Open homes on AS_OF: 40 + 25 = 65 beds (F32 opens in 2006). Elderly: 500 + 1000 + 0 + 1500 + 800 = 3 800.
    const met = run({ ...beds, level: 'city', threshold: 1.5 });
    expect(met.value).toBeCloseTo((65 / 3800) * 100, 12);
    expect(met.status).toBe('met');
    const short = run({ ...beds, level: 'city', threshold: 2 });
    // 2 % of 3 800 = 76 beds; 65 open → 11 more.
    expect(short.shortfall!.amount).toBe(11);
    expect(short.shortfall!.text).toMatch(/^11 more elderly-care beds/);
    expect(short.details).toMatchObject({ numerator: 65, denominator: 3800 });
  });

  it('should leave a unit with zero elderly out (no data) instead of dividing by zero', () => {
    // Streets: S1 40/1500 = 2.67 %, S2 no elderly, S3 25/1500 = 1.67 %, S4 0/800 = 0 % (its home opens in 2006).
    const r = run({ ...beds, level: 'street', threshold: 1.5 });
    expect(r.units!.map((u) => [u.code, u.value === null ? null : Math.round(u.value * 1000) / 1000, u.status])).toEqual([
      ['S1', 2.667, 'met'],
      ['S2', null, 'no_data'],
      ['S3', 1.667, 'met'],
      ['S4', 0, 'not_met'],
    ]);
    // S4 needs 1.5 % of 800 = 12 beds.
    expect(r.failing_units.map((u) => [u.code, u.required])).toEqual([['S4', 1.5]]);
    expect(r.shortfall!.amount).toBe(12);
    expect(r.value).toBe(0);
    expect(r.status).toBe('not_met');
  });

  it('should say no data for a city with zero elderly', () => {
    const city = fixtureCity();
    const noElderly = indexCity({ ...city, communities: city.communities.map((c) => ({ ...c, elderly: 0 })) });
    const r = evaluateTarget(target({ ...beds, level: 'city', threshold: 1.5 }), { index: noElderly, asOf: AS_OF }).result;
    expect(r.value).toBeNull();
    expect(r.status).toBe('no_data');
    expect(r.notes.join(' ')).toMatch(/undefined/);
  });

  it('should give GPs per 10 000 urban residents over the scope only', () => {
    // Urban (街道) communities C1–C4: population 21 000. GPs: F01 4 + stations F10 1, F11 2, F12 1 = 8
    // (F02 closed the day before; F13 lies in the township).
    const r = run({
      id: 'zb.health.gp_ratio',
      kind: 'ratio',
      level: 'city',
      threshold: 2,
      scope: { street_kinds: ['street'] },
      numerator: { types: ['health_center', 'health_station'], measure: 'gp_count' },
      denominator: 'population',
      per: 10000,
      unit: { zh: '名/万城市居民', en: 'GPs per 10 000 urban residents' },
      item: { zh: '名全科医生', en: 'general practitioners' },
    });
    expect(r.value).toBeCloseTo((8 / 21000) * 10000, 12);
    expect(r.status).toBe('met');
  });

  it('should count outlets per 1 000 residents, leaving out an outlet inside no community', () => {
    const r = run({
      id: 'bj.convenience.per_1000',
      kind: 'ratio',
      level: 'city',
      threshold: 2,
      numerator: { types: ['convenience_outlet'], measure: 'count' },
      denominator: 'population',
      per: 1000,
      unit: { zh: '个/千人', en: 'per 1 000 residents' },
      item: { zh: '个便民服务网点', en: 'convenience outlets' },
    });
    // 5 outlets (F45 is outside every community) for 25 000 residents = 0.2 per 1 000; 2 per 1 000 needs 50 → 45 more.
    expect(r.value).toBeCloseTo(0.2, 12);
    expect(r.shortfall!.amount).toBe(45);
  });
});

describe('range rule', () => {
  it('should list the communities outside 1 000–3 000 households with their size', () => {
    const r = run({ id: 'bj.community.size', kind: 'range', level: 'community', threshold: 100, deadline: null, field: 'households', min: 1000, max: 3000, unit: { zh: '户', en: 'households' } });
    // C3 800 below, C4 3 200 above: 3 of 5 within = 60 %.
    expect(r.value).toBe(60);
    expect(r.failing_units.map((u) => [u.code, u.value, u.required])).toEqual([
      ['C3', 800, 1000],
      ['C4', 3200, 3000],
    ]);
    expect(r.details).toMatchObject({ observed_min: 800, observed_max: 3200 });
    expect(r.status).toBe('not_met');
    expect(r.shortfall!.text).toContain('1 below, 1 above');
  });
});

describe('total rule', () => {
  it('should count open facilities city-wide and sum a column', () => {
    const outlets = run({ id: 'x.outlets', kind: 'total', level: 'city', threshold: 5, measure: { types: ['convenience_outlet'], measure: 'count' }, unit: { zh: '个', en: 'outlets' }, item: { zh: '个网点', en: 'outlets' } });
    expect(outlets.value).toBe(5);
    expect(outlets.status).toBe('met');
    const bedsTotal = run({ id: 'bj.elderly.beds_total', kind: 'total', level: 'city', threshold: 100, measure: { types: ['elderly_home'], measure: 'beds' }, unit: { zh: '张', en: 'beds' }, item: { zh: '张养老床位', en: 'elderly-care beds' } });
    expect(bedsTotal.value).toBe(65);
    expect(bedsTotal.shortfall!.amount).toBe(35);
    // In 2006 F32 (60 beds) has opened: 125.
    expect(run({ id: 'bj.elderly.beds_total', kind: 'total', level: 'city', threshold: 100, deadline: '2006-12-31', measure: { types: ['elderly_home'], measure: 'beds' }, unit: { zh: '张', en: 'beds' }, item: { zh: '张', en: 'beds' } }, '2006-12-31').value).toBe(125);
  });
});

describe('reported rule', () => {
  const fig = (value: number, as_of: string, measure = '', entered = '2006-01-01T00:00:00Z'): ReportedFigure => ({
    target_id: 'bj.hotline.satisfaction', measure, value, as_of, source: '区民政局年报', author: '王工', note: null, entered_at: entered,
  });
  const hotline = { id: 'bj.hotline.satisfaction', kind: 'reported', level: 'city', threshold: 95, deadline: null, unit: { zh: '%', en: '%' } };

  it('should use the latest figure dated on or before the evaluation date, and say it was reported', () => {
    const figures = [fig(92, '2004-06-30'), fig(96, '2005-06-30'), fig(90, '2006-03-01')];
    const r = run(hotline, AS_OF, figures);
    expect(r.computed).toBe(false);
    expect(r.value).toBe(96);
    expect(r.status).toBe('met');
    expect(r.reported).toEqual([{ measure: '', unit_code: '', value: 96, as_of: '2005-06-30', source: '区民政局年报', author: '王工', note: null }]);
    expect(r.notes).toContain('reported figure, not computed from the map');
    expect(run(hotline, '2004-12-31', figures)).toMatchObject({ value: 92, status: 'not_met' });
    expect(run(hotline, '2004-12-31', figures).shortfall!.text).toContain('王工');
  });

  it('should say no data when nothing was reported by then', () => {
    const r = run(hotline, '2003-01-01', [fig(92, '2004-06-30')]);
    expect(r).toMatchObject({ value: null, status: 'no_data', computed: false });
  });

  it('should need every measure of a target with several figures', () => {
    const records = {
      id: 'bj.health.records',
      kind: 'reported',
      level: 'city',
      threshold: 50,
      unit: { zh: '%', en: '%' },
      measures: [
        { key: 'residents', text: { zh: '居民', en: 'residents' }, threshold: 50 },
        { key: 'elderly_65', text: { zh: '65 岁以上', en: 'aged 65+' }, threshold: 90 },
      ],
    };
    const f = (measure: string, value: number): ReportedFigure => ({ ...fig(value, '2005-01-01', measure), target_id: 'bj.health.records' });
    expect(run(records, AS_OF, [f('residents', 55)]).status).toBe('no_data');
    const both = run(records, AS_OF, [f('residents', 55), f('elderly_65', 80)]);
    expect(both.status).toBe('not_met');
    expect(both.shortfall!.text).toContain('aged 65+');
    expect(run(records, AS_OF, [f('residents', 55), f('elderly_65', 91)]).status).toBe('met');
  });
});

describe('status and plan', () => {
  it('should map met / unknown / deadline to a status', () => {
    expect(statusOf(true, '2005-12-31', '2001-01-01')).toBe('met');
    expect(statusOf(false, '2005-12-31', '2005-12-30')).toBe('not_yet_due');
    expect(statusOf(false, '2005-12-31', '2005-12-31')).toBe('not_met');
    expect(statusOf(false, null, '2001-01-01')).toBe('not_met');
    expect(statusOf(null, '2005-12-31', '2001-01-01')).toBe('no_data');
  });

  it('should evaluate every target of a profile in order, or those of one level', () => {
    const profile = profileWith([
      { id: 'a.one', kind: 'range', level: 'community', text: { zh: 'a', en: 'a' }, source: { quote: 'q' }, deadline: null, threshold: 100, field: 'households', min: 0, max: 5000, unit: { zh: '户', en: 'households' } },
      { id: 'a.two', kind: 'reported', level: 'city', text: { zh: 'b', en: 'b' }, source: { quote: 'q' }, deadline: null, threshold: 1, unit: { zh: '%', en: '%' } },
    ]);
    expect(evaluatePlan(profile, { index, asOf: AS_OF }).targets.map((t) => [t.id, t.status])).toEqual([
      ['a.one', 'met'],
      ['a.two', 'no_data'],
    ]);
    expect(evaluatePlan(profile, { index, asOf: AS_OF }, { level: 'city' }).targets.map((t) => t.id)).toEqual(['a.two']);
  });

  it('should not mutate the city or the profile', () => {
    const city = fixtureCity();
    const before = JSON.stringify(city);
    const profile = profileWith([{ id: 'a.one', kind: 'presence', level: 'street', text: { zh: 'a', en: 'a' }, source: { quote: 'q' }, deadline: null, threshold: 100, requires: [{ what: 'facility', types: ['health_center'] }] }]);
    const profileBefore = JSON.stringify(profile);
    evaluatePlan(profile, { index: indexCity(city), asOf: AS_OF });
    expect(JSON.stringify(city)).toBe(before);
    expect(JSON.stringify(profile)).toBe(profileBefore);
  });
});

describe('location warnings', () => {
  it('should report a facility inside no community and a declared unit that disagrees with the location', () => {
    const w = locationWarnings(index);
    expect(w.map((x) => [x.code, x.facility, x.field, x.declared, x.located])).toEqual([
      ['outside_city', 'F45', null, null, null],
      ['unit_mismatch', 'F51', 'community_code', 'C5', 'C4'],
    ]);
    expect(w[1]!.message).toContain('it is counted in C4');
  });
});

describe('ratio rule counted by catchment (2SFCA)', () => {
  const gps = {
    id: 'zb.health.gp_catchment',
    kind: 'ratio',
    threshold: 2,
    numerator: { types: ['health_center', 'health_station'], measure: 'gp_count' },
    denominator: 'population',
    per: 10000,
    unit: { zh: '名/万可达居民', en: 'GPs per 10 000 reachable residents' },
    item: { zh: '名全科医生', en: 'general practitioners' },
    catchment: { method: '2sfca', reach_m: 1000 },
  };
  // Per-community 2SFCA figures as the accessibility engine would give them (hand-made here):
  // supply reachable by each community's people, and its demand (population).
  const catchment = [
    { code: 'C1', demand: 3000, supply_reachable: 0.9 },
    { code: 'C2', demand: 7000, supply_reachable: 2.1 },
    { code: 'C3', demand: 2000, supply_reachable: 0 },
    { code: 'C4', demand: 9000, supply_reachable: 2.7 },
    { code: 'C5', demand: 4000, supply_reachable: 0.3 },
  ];
  const runCatchment = (spec: Record<string, unknown>) =>
    evaluateTarget(target(spec), { index, asOf: AS_OF, catchment: new Map([[String(spec['id']), catchment]]) }).result;

  it('should rate each street by the supply its people reach, summed over its communities', () => {
    const r = runCatchment({ ...gps, level: 'street' });
    // S1: (0.9 + 2.1) / 10 000 × 10 000 = 3; S2: 0 / 2 000 = 0; S3: 2.7 / 9 000 × 10 000 = 3; S4: 0.3 / 4 000 × 10 000 = 0.75.
    expect(r.units!.map((u) => [u.code, Math.round(u.value! * 1e9) / 1e9, u.status])).toEqual([
      ['S1', 3, 'met'],
      ['S2', 0, 'not_met'],
      ['S3', 3, 'met'],
      ['S4', 0.75, 'not_met'],
    ]);
    // S2 needs 2 × 2 000 / 10 000 = 0.4 → 1 GP; S4 needs 2 × 4 000 / 10 000 − 0.3 = 0.5 → 1 GP.
    expect(r.shortfall!.amount).toBe(2);
    expect(r.details).toMatchObject({ numerator: 6, denominator: 25000, catchment: { method: '2sfca', reach_m: 1000 } });
  });

  it('should differ from counting the GPs located in each street (the catchment matters)', () => {
    const located = run({ ...gps, catchment: undefined, level: 'street' });
    const reached = runCatchment({ ...gps, level: 'street' });
    expect(located.units!.map((u) => u.value)).not.toEqual(reached.units!.map((u) => u.value));
  });

  it('should refuse to evaluate without the 2SFCA figures rather than fall back silently', () => {
    expect(() => run({ ...gps, level: 'street' })).toThrow(/catchment/);
  });

  it('should reject a catchment ratio with conditions, an unsupported measure, or weights for plain 2SFCA', () => {
    expect(() => target({ ...gps, level: 'street', numerator: { ...gps.numerator, where: [{ field: 'beds', op: '>=', value: 1 }] } })).toThrow(/where/);
    expect(() => target({ ...gps, level: 'street', numerator: { ...gps.numerator, measure: 'service_items' } })).toThrow(/measure/);
    expect(() => target({ ...gps, level: 'street', catchment: { method: '2sfca', weights: [1, 0.5] } })).toThrow(/weights/);
  });
});
