/**
 * Issue #20 (plan fidelity) on the hand-built city of fixture.ts, every expected value worked out by
 * hand beside it: district classes, the street / township split, breakdowns of city-level targets,
 * absolute (source-city) targets, facilities outside every community, and reported figures per unit.
 *
 * The city (fixture.ts), with the additions of this file:
 *   D1 明德区 (district, class 城区)   S1 和平街道 (street):   C1 1 200 hh, 3 000 pop,   500 elderly
 *                                                           C2 2 500 hh, 7 000 pop, 1 000 elderly
 *                                    S2 新华街道 (street):   C3   800 hh, 2 000 pop,     0 elderly
 *   D2 清源县 (county, class 远郊区县) S3 城关街道 (street):   C4 3 200 hh, 9 000 pop, 1 500 elderly
 *                                    S4 青山镇 (township):   C5 1 500 hh, 4 000 pop,   800 elderly
 *   Elderly homes open on 2005-12-31: F30 40 beds (C2), F31 25 beds (C4); F32 (C5) opens 2006-06-01.
 *   Added here: F70 elderly home of 30 beds outside every community (left out), F71 elderly home of
 *   12 beds just outside C3, given to C3 at 8.5 m (snapped_m).
 */
import { describe, expect, it } from 'vitest';
import { evaluateTarget, indexCity, type PlanCity, type ReportedFigure } from '../../../../api/src/domain/plans/index.ts';
import { AS_OF, fixtureCity, target } from './fixture.ts';

function classedCity(): PlanCity {
  const city = fixtureCity();
  return {
    ...city,
    districts: [
      { code: 'D1', name: '明德区', kind: 'district', class: '城区', properties: { class: '城区' } },
      { code: 'D2', name: '清源县', kind: 'county', class: '远郊区县', properties: { class: '远郊区县' } },
    ],
  };
}

const index = indexCity(classedCity());
const run = (spec: Record<string, unknown>, extra: { asOf?: string; reported?: ReportedFigure[]; city?: string | null } = {}) =>
  evaluateTarget(target(spec), { index, asOf: extra.asOf ?? AS_OF, reported: extra.reported ?? [], city: extra.city ?? null }).result;

const figure = (target_id: string, unit_code: string, value: number, as_of: string): ReportedFigure => ({
  target_id, measure: '', unit_code, value, as_of, source: '区公安分局', author: '王五', note: null, entered_at: `${as_of}T08:00:00.000Z`,
});

describe('street / township split', () => {
  const healthCentre = (id: string, scope?: Record<string, unknown>) => ({
    id, kind: 'presence', level: 'street', threshold: 100, ...(scope ? { scope } : {}),
    requires: [{ what: 'facility', types: ['health_center'], label: { zh: '社区卫生服务中心', en: 'a health centre' } }],
  });

  it('should check 街道 only when the plan names 街道 (bj.health.street_center): S1 has one, S2 none, S3 closed the day before', () => {
    // Streets S1, S2, S3 (S4 is a township: left out). Met: S1 → 1 / 3 = 33.33 %; failing S2, S3.
    const r = run(healthCentre('bj.health.street_center', { street_kinds: ['street'] }));
    expect(r.value).toBeCloseTo(100 / 3, 10);
    expect(r.counts).toEqual({ checked: 3, meeting: 1, failing: 2, no_data: 0 });
    expect(r.failing_units.map((u) => [u.code, u.kind])).toEqual([['S2', 'street'], ['S3', 'street']]);
    expect(r.status).toBe('not_met');
  });

  it('should check 乡镇 only when the plan gives townships their own target (bj.elderly.township_centre style)', () => {
    // Township S4 only; its centre F03 closes 2006-01-01, so it is open on 2005-12-31 → 1 / 1 = 100 %.
    const r = run(healthCentre('x.township', { street_kinds: ['township'] }));
    expect(r.counts).toEqual({ checked: 1, meeting: 1, failing: 0, no_data: 0 });
    expect(r.value).toBe(100);
    expect(r.status).toBe('met');
  });

  it('should count both when the plan names 街道、乡镇 together (bj.culture.street_station style)', () => {
    // S1 yes, S2 no, S3 no, S4 yes → 2 / 4 = 50 %.
    const r = run(healthCentre('x.both'));
    expect(r.value).toBe(50);
    expect(r.failing_units.map((u) => u.code)).toEqual(['S2', 'S3']);
  });
});

describe('district classes (Beijing 城区 / 近郊区 / 远郊区县) and 区 vs 县', () => {
  const wardens = (id: string, scope: Record<string, unknown>) => ({
    id, kind: 'reported', level: 'district', threshold: 2, scope,
    unit: { zh: '‰ 外来人员', en: '‰ of migrants' },
  });
  const figures = [figure('x.inner', 'D1', 2.4, '2005-06-30'), figure('x.outer', 'D2', 1.5, '2005-06-30')];

  it('should select the districts of one class: 城区 → D1 only, met with 2.4 ‰ ≥ 2 ‰', () => {
    const r = run(wardens('x.inner', { district_classes: ['城区'] }), { reported: figures });
    expect(r.units!.map((u) => [u.code, u.value, u.status])).toEqual([['D1', 2.4, 'met']]);
    expect(r.status).toBe('met');
  });

  it('should select 远郊区县 → D2 only, not met with 1.5 ‰ < 2 ‰, naming D2', () => {
    const r = run(wardens('x.outer', { district_classes: ['远郊区县'] }), { reported: figures });
    expect(r.units!.map((u) => u.code)).toEqual(['D2']);
    expect(r.failing_units.map((u) => [u.code, u.value, u.required])).toEqual([['D2', 1.5, 2]]);
    expect(r.shortfall!.amount).toBe(1);
    expect(r.status).toBe('not_met');
  });

  it('should check no district for a class the city does not have (近郊区): no data, not met', () => {
    const r = run(wardens('x.near', { district_classes: ['近郊区'] }), { reported: figures });
    expect(r.units).toEqual([]);
    expect(r.status).toBe('no_data');
  });

  it('should hold 区 and 县 apart (Zibo: zb.industry.district_leader is 区 only)', () => {
    // A culture station of ≥ 300 m²: D1's only one, F20, has 180 m² (fails); D2 has F21 of 400 m² (meets).
    // district_kinds ['district'] → D1 only: 0 / 1 = 0 %, failing D1; ['county'] → D2 only: 1 / 1 = 100 %.
    const presence = (kinds: string[]) => run({
      id: 'x.kind', kind: 'presence', level: 'district', threshold: 100, scope: { district_kinds: kinds },
      requires: [{ what: 'facility', types: ['culture_station'], where: [{ field: 'floor_area_m2', op: '>=', value: 300 }], label: { zh: '文化站', en: 'a culture station' } }],
    });
    const districts = presence(['district']);
    expect([districts.value, districts.counts!.checked, districts.failing_units.map((u) => [u.code, u.kind])]).toEqual([0, 1, [['D1', 'district']]]);
    const counties = presence(['county']);
    expect([counties.value, counties.counts!.checked, counties.status]).toEqual([100, 1, 'met']);
  });
});

describe('reported figures per unit (zb.employment.reemployed: each street on its own figure)', () => {
  const reemployed = { id: 'zb.employment.reemployed', kind: 'reported', level: 'street', threshold: 60, scope: { street_kinds: ['street'] }, deadline: '2007-12-31', unit: { zh: '%', en: '%' } };
  const figures = [
    figure('zb.employment.reemployed', 'S1', 58, '2006-12-31'),
    figure('zb.employment.reemployed', 'S1', 72, '2007-06-30'), // the latest by 2007-12-31 wins
    figure('zb.employment.reemployed', 'S2', 55, '2007-06-30'),
    figure('zb.employment.reemployed', 'S2', 65, '2008-03-31'), // after the evaluation date: ignored
    figure('zb.employment.reemployed', '', 80, '2007-06-30'), // a city figure does not stand for the streets
  ];

  it('should judge S1 on 72 % (met), S2 on 55 % (failing), and list S3 without a figure', () => {
    const r = run(reemployed, { asOf: '2007-12-31', reported: figures });
    expect(r.units!.map((u) => [u.code, u.value, u.status])).toEqual([['S1', 72, 'met'], ['S2', 55, 'not_met'], ['S3', null, 'no_data']]);
    expect(r.counts).toEqual({ checked: 3, meeting: 1, failing: 1, no_data: 1 });
    expect(r.failing_units.map((u) => [u.code, u.value, u.required])).toEqual([['S2', 55, 60]]);
    expect(r.value).toBe(55); // the lowest street figure
    expect(r.status).toBe('not_met');
    expect(r.details.units_without_figure).toEqual([{ code: 'S3', name: '城关街道', kind: 'street' }]);
    expect(r.notes.join(' ')).toContain('S3');
    expect(r.reported!.map((e) => [e.unit_code, e.value])).toEqual([['S1', 72], ['S2', 55]]);
  });

  it('should say no data (not met) while streets lack figures and none fails', () => {
    // Only S1 (58 % by 2006-12-31 would fail): on 2006-06-30 nothing is reported yet.
    const r = run(reemployed, { asOf: '2006-06-30', reported: figures });
    expect(r.counts).toEqual({ checked: 3, meeting: 0, failing: 0, no_data: 3 });
    expect(r.status).toBe('no_data');
  });
});

describe('breakdowns of city-level targets (worst to best, with the shortfall of each)', () => {
  const beds = { kind: 'ratio', level: 'city', numerator: { types: ['elderly_home'], measure: 'beds' }, denominator: 'elderly', per: 100, unit: { zh: '%', en: '% of elderly' }, item: { zh: '张床位', en: 'beds' } };

  it('should break a beds-per-elderly ratio down by district and street', () => {
    // City: 65 beds / 3 800 elderly = 1.71 % < 2 %: 2 % × 3 800 = 76 → 11 beds short.
    // D1: 40 / 1 500 = 2.67 % (needs 30, short 0); D2: 25 / 2 300 = 1.09 % (needs 46, short 21).
    // S4: 0 / 800 = 0 % (needs 16, short 16); S3: 25 / 1 500 = 1.67 % (needs 30, short 5);
    // S1: 40 / 1 500 = 2.67 % (short 0); S2: no elderly (no value, last).
    const r = run({ id: 'x.beds', threshold: 2, ...beds });
    expect(r.status).toBe('not_met');
    expect(r.shortfall!.amount).toBe(11);
    expect(r.failing_units).toEqual([]);
    const rows = r.breakdown!.map((b) => [b.level, b.code, b.value === null ? null : Math.round(b.value * 100) / 100, b.shortfall]);
    expect(rows).toEqual([
      ['district', 'D2', 1.09, 21],
      ['district', 'D1', 2.67, 0],
      ['street', 'S4', 0, 16],
      ['street', 'S3', 1.67, 5],
      ['street', 'S1', 2.67, 0],
      ['street', 'S2', null, null],
    ]);
  });

  it('should split a city total pro rata to the elderly each unit serves', () => {
    // 100 beds city-wide; 65 open → 35 short. D1 serves 1 500 / 3 800 → needs 39.47, has 40 (short 0);
    // D2 serves 2 300 / 3 800 → needs 60.53, has 25 (short ceil(35.53) = 36).
    const r = run({ id: 'x.total', kind: 'total', level: 'city', threshold: 100, measure: { types: ['elderly_home'], measure: 'beds' }, unit: { zh: '张', en: 'beds' }, item: { zh: '张床位', en: 'beds' } });
    expect(r.value).toBe(65);
    expect(r.shortfall!.amount).toBe(35);
    const districts = r.breakdown!.filter((b) => b.level === 'district');
    expect(districts.map((b) => [b.code, b.value, Math.round(b.required! * 100) / 100, b.shortfall])).toEqual([
      ['D2', 25, 60.53, 36],
      ['D1', 40, 39.47, 0],
    ]);
  });
});

describe('absolute targets: a source city\'s own count', () => {
  const total = (absolute: Record<string, unknown>) => ({
    id: 'x.abs', kind: 'total', level: 'city', threshold: 30_000, absolute,
    measure: { types: ['elderly_home'], measure: 'beds' }, unit: { zh: '张', en: 'beds' }, item: { zh: '张床位', en: 'beds' },
  });
  const scale = { per: 'elderly', source_figure: 2_000_000, as_of: '2005-12-31', derivation: { zh: '1.5%', en: '1.5 %' } };

  it('should scale it per elderly person on another city: 30 000 × 3 800 / 2 000 000 = 57 beds, and 65 meet it', () => {
    const r = run(total({ city: '北京市', scale }));
    expect(r.applicability).toMatchObject({ applies: 'scaled', scaled_threshold: 57, city_figure: 3800, source_figure: 2_000_000 });
    expect(r.threshold).toBe(57);
    expect(r.status).toBe('met');
    expect(r.notes[0]).toContain('30 000 × 3 800 / 2 000 000 = 57');
  });

  it('should apply it as it stands on the source city: 65 of 30 000 beds, 29 935 short', () => {
    const r = run(total({ city: '北京市', scale }), { city: '北京市' });
    expect(r.applicability!.applies).toBe('as_is');
    expect(r.threshold).toBe(30_000);
    expect(r.shortfall!.amount).toBe(29_935);
    expect(r.status).toBe('not_met');
  });

  it('should be not applicable, never a meaningless shortfall, when the plan gives nothing to scale it by', () => {
    const r = run(total({ city: '北京市' }));
    expect(r).toMatchObject({ status: 'not_applicable', shortfall: null, failing_units: [], breakdown: null });
    expect(r.notes[0]).toMatch(/own count: it does not apply to this city/);
  });
});

describe('facilities outside every community are noted, never dropped silently', () => {
  const city = classedCity();
  const outsideCity = indexCity({
    ...city,
    facilities: [
      ...city.facilities,
      { ...city.facilities.find((f) => f.code === 'F30')!, code: 'F70', beds: 30, community_code: null },
      { ...city.facilities.find((f) => f.code === 'F30')!, code: 'F71', beds: 12, community_code: 'C3', snapped_m: 8.5 },
    ],
  });
  const bedsTotal = target({ id: 'x.beds', kind: 'total', level: 'city', threshold: 100, measure: { types: ['elderly_home'], measure: 'beds' }, unit: { zh: '张', en: 'beds' }, item: { zh: '张床位', en: 'beds' } });

  it('should count the snapped home (40 + 25 + 12 = 77 beds), and name the one left out with its 30 beds', () => {
    const r = evaluateTarget(bedsTotal, { index: outsideCity, asOf: AS_OF }).result;
    expect(r.value).toBe(77);
    expect(r.notes).toContain('1 facility outside every community given to the nearest community (at most 8.5 m away): 12 beds: F71');
    expect(r.notes).toContain('1 facility lies outside every community and beyond the tolerance, so it is not counted (30 beds): F70');
    expect(r.notes_zh.join(' ')).toContain('30 张床位');
  });

  it('should not note them on a target that counts other types', () => {
    const r = evaluateTarget(target({ id: 'x.outlets', kind: 'total', level: 'city', threshold: 1, measure: { types: ['employment_station'], measure: 'count' }, unit: { zh: '个', en: 'stations' }, item: { zh: '个', en: 'stations' } }), { index: outsideCity, asOf: AS_OF }).result;
    expect(r.notes.some((n) => n.includes('outside every community'))).toBe(false);
  });
});
