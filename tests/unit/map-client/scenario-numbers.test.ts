// #17: the pure parts of "scenarios that show their numbers": where each change is (point in
// polygon, holes respected), the add form's capacity fields, the compare panel's choices of rows
// and its query, the plan horizon and the date field's reading and writing.
import { describe, expect, it } from 'vitest';
import { containsPoint, describeChanges, placeName, type Shapes } from '../../../map-client/src/planner/change-places.ts';
import { changedRows, changedTargets, comparePath, type ScenarioComparison } from '../../../map-client/src/planner/compare-figures.ts';
import { planHorizon } from '../../../map-client/src/planner/plan-dates.ts';
import { addFacility, parseAddedFields } from '../../../map-client/src/planner/scenario-edits.ts';
import { displayDate, parseDateText } from '../../../map-client/src/controls/date-field.ts';

const square = (x0: number, y0: number, x1: number, y1: number) => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
const streets: Shapes = { type: 'FeatureCollection', features: [
  { type: 'Feature', properties: { code: 'S1', name: '学院路街道' }, geometry: { type: 'Polygon', coordinates: [square(0, 0, 10, 10), square(4, 4, 6, 6)] } },
  { type: 'Feature', properties: { code: 'S2', name: '清华园街道' }, geometry: { type: 'MultiPolygon', coordinates: [[square(4, 4, 6, 6)], [square(20, 0, 30, 10)]] } },
] };
const communities: Shapes = { type: 'FeatureCollection', features: [
  { type: 'Feature', properties: { code: 'C1', name: '五道口社区' }, geometry: { type: 'Polygon', coordinates: [square(0, 0, 3, 3)] } },
] };

describe('change places', () => {
  it('should find the unit containing a point, holes and multipolygons respected', () => {
    expect(containsPoint(streets.features[0]!.geometry!, 1, 1)).toBe(true);
    expect(containsPoint(streets.features[0]!.geometry!, 5, 5)).toBe(false);
    expect(placeName(streets, communities, 5, 5)).toBe('清华园街道');
    expect(placeName(streets, communities, 1, 1)).toBe('学院路街道 · 五道口社区');
    expect(placeName(streets, communities, 25, 5)).toBe('清华园街道');
    expect(placeName(streets, communities, 50, 50)).toBeNull();
  });

  it('should describe each change with its name, type, place and point; a close at the facility point', () => {
    const known = new Map([['F1', { name: '学院路卫生站', type: 'health_station', lon: 2, lat: 2 }]]);
    const rows = describeChanges([
      { op: 'add', code: 's1-1', type: 'health_station', name: '新站', lon: 1, lat: 1 },
      { op: 'move', code: 'F1', lon: 25, lat: 5 },
      { op: 'close', code: 'F1' },
      { op: 'close', code: 'UNKNOWN' },
    ], { facility: (code) => known.get(code) ?? null, placeAt: (lon, lat) => placeName(streets, communities, lon, lat) });
    expect(rows.map((r) => [r.op, r.name, r.type, r.place, r.point])).toEqual([
      ['add', '新站', 'health_station', '学院路街道 · 五道口社区', [1, 1]],
      ['move', '学院路卫生站', 'health_station', '清华园街道', [25, 5]],
      ['close', '学院路卫生站', 'health_station', '学院路街道 · 五道口社区', [2, 2]],
      ['close', 'UNKNOWN', '', null, null],
    ]);
  });
});

describe('the add form', () => {
  it('should read capacity fields: whole counts, areas as numbers, blanks left out, bad ones named', () => {
    expect(parseAddedFields({ beds: ' 12 ', gp_count: '', floor_area_m2: '350.5' })).toEqual({ fields: { beds: 12, floor_area_m2: 350.5 }, invalid: [] });
    expect(parseAddedFields({ beds: '1.5', gp_count: '-1', floor_area_m2: 'abc' }).invalid).toEqual(['beds', 'gp_count', 'floor_area_m2']);
  });

  it('should add with a trimmed name and the given fields only', () => {
    expect(addFacility([], 'health_station', 1, 2, '  新站 ', { gp_count: 3 })).toEqual([{ op: 'add', type: 'health_station', lon: 1, lat: 2, name: '新站', fields: { gp_count: 3 } }]);
    expect(addFacility([], 'health_station', 1, 2, '   ', {})).toEqual([{ op: 'add', type: 'health_station', lon: 1, lat: 2 }]);
  });
});

describe('the before/after panel', () => {
  const unit = (code: string, delta: number) => ({ code, name: code, households: 100, households_covered_before: 50, households_covered_after: 50 + delta, delta_households_covered: delta, rate_before: 0.5, rate_after: (50 + delta) / 100, delta_rate: delta / 100 });
  const comparison: ScenarioComparison = {
    scenario: { id: 1, version: 2, name: 'x' }, type: 'health_station', as_of: '2005-12-31', level: 'street',
    totals: unit('', 30), units: [unit('A', 0), unit('B', 10), unit('C', 20), unit('D', -5)], changed_units: ['B', 'C', 'D'],
    plan: { id: 'p', met_before: 1, met_after: 2, targets: [
      { id: 't1', text: { zh: '甲', en: 'a' }, unit: '%', comparator: '>=', threshold: 90, value_before: 50, value_after: 50, status_before: 'not_met', status_after: 'not_met' },
      { id: 't2', text: { zh: '乙', en: 'b' }, unit: '%', comparator: '>=', threshold: 90, value_before: 85, value_after: 91, status_before: 'not_met', status_after: 'met' },
    ] },
  };
  it('should list the changed units, most gained first, and the changed targets', () => {
    expect(changedRows(comparison).map((u) => u.code)).toEqual(['C', 'B', 'D']);
    expect(changedTargets(comparison).map((t) => t.id)).toEqual(['t2']);
  });
  it('should ask /compare with the type, level, plan and date, and the downloads in the language', () => {
    expect(comparePath('7', { type: 'health_station', level: 'street', plan: 'bj', asOf: '2005-12-31' })).toBe('scenarios/7/compare?type=health_station&level=street&plan=bj&as_of=2005-12-31');
    expect(comparePath('7', { type: 'a', level: 'district', plan: null, asOf: null }, 'xlsx', 'en')).toBe('scenarios/7/compare?type=a&level=district&format=xlsx&lang=en');
  });
});

describe('plan dates and the date field', () => {
  it('should take the last day of the plan period as its horizon', () => {
    expect(planHorizon({ period: { from: 2001, to: 2005 } })).toBe('2005-12-31');
  });
  it('should write dates in the language and read what people type', () => {
    expect(displayDate('zh-CN', '2005-12-31')).toBe('2005/12/31');
    expect(displayDate('en', '2005-12-31')).toBe('2005-12-31');
    for (const text of ['2005/12/31', '2005-12-31', '2005.12.31', '2005年12月31日', ' 2005/12/31 ']) expect(parseDateText(text), text).toBe('2005-12-31');
    expect(parseDateText('2003/6/3')).toBe('2003-06-03');
    expect(parseDateText('')).toBe('');
    for (const bad of ['2003/02/30', '12/31/2005', '2005-13-01', 'tomorrow']) expect(parseDateText(bad), bad).toBeNull();
  });
});
