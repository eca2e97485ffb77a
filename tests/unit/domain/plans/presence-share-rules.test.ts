import { describe, expect, it } from 'vitest';
import { evaluateTarget, indexCity } from '../../../../api/src/domain/plans/index.ts';
import { AS_OF, fixtureCity, target } from './fixture.ts';

const index = indexCity(fixtureCity());
const run = (spec: Record<string, unknown>, asOf = AS_OF) => evaluateTarget(target(spec), { index, asOf }).result;

describe('presence rule', () => {
  const cultureStation = {
    id: 'bj.culture.street_station',
    kind: 'presence',
    level: 'street',
    threshold: 100,
    requires: [{ what: 'facility', types: ['culture_station'], where: [{ field: 'floor_area_m2', op: '>=', value: 300 }] }],
  };

  it('should name each street without a culture station of ≥ 300 m², with what it has', () => {
    // S1: 180 m² (fails), S2: none (fails), S3: 400 m² (meets), S4: area not recorded (no data).
    const r = run(cultureStation);
    expect(r.value).toBe(25);
    expect(r.status).toBe('not_met');
    expect(r.counts).toEqual({ checked: 4, meeting: 1, failing: 2, no_data: 1 });
    expect(r.failing_units.map((u) => [u.code, u.value, u.required, u.unit])).toEqual([
      ['S1', 180, 300, 'm²'],
      ['S2', 0, 300, 'm²'],
    ]);
    expect(r.failing_units[0]!.reason).toBe('和平街道 (S1) needs a Street culture station with floor area ≥ 300 m²; has 180 m² (culture_station-F20)');
    expect(r.failing_units[1]!.reason).toContain('has none');
    expect(r.failing_units[0]!.reason_zh).toContain('和平街道(S1)缺少');
    expect(r.shortfall!.amount).toBe(2);
    expect(r.notes.join(' ')).toMatch(/1 street: no data/);
  });

  it('should not count a unit with no facilities at all as meeting anything', () => {
    const r = run({ id: 'x.police', kind: 'presence', level: 'community', threshold: 100, requires: [{ what: 'facility', types: ['police_office'] }] });
    // Only C4 has a police office; C3 has no facility of any kind.
    expect(r.failing_units.map((u) => u.code)).toEqual(['C1', 'C2', 'C3', 'C5']);
    expect(r.failing_units.find((u) => u.code === 'C3')!.reason).toContain('has none');
    expect(r.value).toBe(20);
  });

  it('should count a facility closed the day before as gone, and one closing the day after as there', () => {
    const spec = { id: 'bj.health.street_center', kind: 'presence', level: 'street', threshold: 100, deadline: null, requires: [{ what: 'facility', types: ['health_center'] }] };
    // F02 (S3) closed 2005-12-30; F03 (S4) closes 2006-01-01.
    expect(run(spec, '2005-12-29').failing_units.map((u) => u.code)).toEqual(['S2']);
    expect(run(spec, AS_OF).failing_units.map((u) => u.code)).toEqual(['S2', 'S3']);
    expect(run(spec, '2006-01-01').failing_units.map((u) => u.code)).toEqual(['S2', 'S3', 'S4']);
    expect(run(spec, AS_OF).status).toBe('not_met'); // a standing rule is always due
  });

  it('should AND requirements, with a unit attribute and a summed floor area', () => {
    // Office (community property): C1 120 ✓, C2 60 ✗, C3–C5 not recorded.
    // Rooms ≥ 200 m² (station + police office): C1 150 ✗, C2 90 ✗, C3 0 ✗, C4 120 + 90 = 210 ✓, C5 0 ✗.
    const r = run({
      id: 'x.rooms',
      kind: 'presence',
      level: 'community',
      threshold: 100,
      requires: [
        { what: 'unit_attribute', condition: { field: 'properties.office_area_m2', op: '>=', value: 90 } },
        { what: 'facility_sum', types: ['community_service_station', 'police_office'], field: 'floor_area_m2', min: 200 },
      ],
    });
    expect(r.failing_units.map((u) => [u.code, u.value])).toEqual([
      ['C1', 150],
      ['C2', 60],
      ['C3', 0],
      ['C5', 0],
    ]);
    // C4: rooms met, office unknown → no data; nobody meets both.
    expect(r.counts).toEqual({ checked: 5, meeting: 0, failing: 4, no_data: 1 });
    expect(r.status).toBe('not_met');
  });

  it('should say no data, not "not met", when only missing data stands between the unit and the target', () => {
    const r = run({
      id: 'x.area',
      kind: 'presence',
      level: 'street',
      threshold: 100,
      scope: { district_kinds: ['county'] },
      requires: [{ what: 'facility', types: ['culture_station'], where: [{ field: 'floor_area_m2', op: '>=', value: 300 }] }],
    });
    // County streets: S3 400 m² ✓, S4 not recorded → could still be met.
    expect(r.counts).toEqual({ checked: 2, meeting: 1, failing: 0, no_data: 1 });
    expect(r.status).toBe('no_data');
    expect(r.shortfall).toBeNull();
  });

  it('should check the city as one unit (zb.center.city), and say no data when the city centre is not marked', () => {
    const r = run({
      id: 'zb.center.city',
      kind: 'presence',
      level: 'city',
      threshold: 100,
      requires: [{ what: 'facility', types: ['community_service_station'], where: [{ field: 'floor_area_m2', op: '>=', value: 100 }, { field: 'properties.city_center', op: '=', value: true }] }],
    });
    expect(r.counts).toEqual({ checked: 1, meeting: 0, failing: 0, no_data: 1 });
    expect(r.status).toBe('no_data');
  });
});

describe('share rule', () => {
  it('should give the share of communities with an employment station, and how many more it would take', () => {
    // C1 and C4 have one: 2 of 5 = 40 %; 60 % of 5 needs 3 → 1 more.
    const r = run({ id: 'bj.employment.stations', kind: 'share', of: 'units', level: 'community', threshold: 60, requires: [{ what: 'facility', types: ['employment_station'] }] });
    expect(r.value).toBe(40);
    expect(r.status).toBe('not_met');
    expect(r.shortfall!.amount).toBe(1);
    expect(r.shortfall!.text).toMatch(/^1 more community needs/);
    expect(r.failing_units.map((u) => u.code)).toEqual(['C2', 'C3', 'C5']);
  });

  it('should give the share of facilities meeting a condition, an ungraded station failing "grade A"', () => {
    // Open stations: F10 A, F11 B, F12 A, F13 ungraded (F14 is planned): 2 of 4 = 50 %; 85 % needs 4 → 2 more.
    const r = run({
      id: 'bj.health.grade_a',
      kind: 'share',
      of: 'facilities',
      level: 'city',
      threshold: 85,
      facilities: { types: ['health_station'], where: [{ field: 'grade', op: 'in', value: ['A'], if_missing: 'fail' }] },
    });
    expect(r.value).toBe(50);
    expect(r.counts).toEqual({ checked: 4, meeting: 2, failing: 2, no_data: 0 });
    expect(r.failing_units.map((u) => [u.level, u.code])).toEqual([
      ['facility', 'F11'],
      ['facility', 'F13'],
    ]);
    expect(r.failing_units[0]!.reason).toContain('grade B');
    expect(r.shortfall!.amount).toBe(2);
  });

  it('should treat an ungraded station as unknown when the condition says so, and not decide what it cannot', () => {
    const spec = (threshold: number) => ({
      id: 'x.grade',
      kind: 'share',
      of: 'facilities',
      level: 'city',
      threshold,
      facilities: { types: ['health_station'], where: [{ field: 'grade', op: 'in', value: ['A'] }] },
    });
    // 2 meet, 1 fails (B), 1 unknown: 50 % for sure, 75 % at best.
    expect(run(spec(70)).status).toBe('no_data');
    expect(run(spec(85)).status).toBe('not_met');
    expect(run(spec(50)).status).toBe('met');
  });

  it('should judge a staged target on the milestone due, and list every milestone', () => {
    const spec = {
      id: 'bj.culture.station_grade',
      kind: 'share',
      of: 'facilities',
      level: 'city',
      threshold: 60,
      deadline: '2005-12-31',
      facilities: { types: ['culture_station'], where: [{ field: 'floor_area_m2', op: '>=', value: 300 }] },
      milestones: [{ deadline: '2003-12-31', threshold: 30, where: [{ field: 'floor_area_m2', op: '>=', value: 150 }] }],
    };
    // Stations: 180, 400, unknown. 2003 rule (≥ 150 m²): 2 of 3 = 66.7 % ≥ 30 % → met.
    const early = run(spec, '2004-06-30');
    expect(early.threshold).toBe(30);
    expect(early.deadline).toBe('2003-12-31');
    expect(early.status).toBe('met');
    expect(early.milestones!.map((m) => [m.deadline, m.threshold, m.status])).toEqual([
      ['2003-12-31', 30, 'met'],
      ['2005-12-31', 60, 'no_data'], // 1 of 3 sure, 2 of 3 at best: undecided
    ]);
    // 2005 rule (≥ 300 m²): 1 meets, 1 fails, 1 unknown: 33 % sure, 67 % at best ≥ 60 → no data.
    const late = run(spec, AS_OF);
    expect(late.threshold).toBe(60);
    expect(late.status).toBe('no_data');
    // Before the first milestone is due, the first milestone is shown.
    expect(run(spec, '2002-01-01').deadline).toBe('2003-12-31');
  });
});
