import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACCESS_PROFILES, accessProfileFor, accessQuery } from '../../../map-client/src/access-profiles.ts';
import type { AccessReport, CoverageReport } from '../../../map-client/src/api/endpoints.ts';
import { COVERAGE_SCALE } from '../../../map-client/src/map/scales.ts';
import { initialState } from '../../../map-client/src/state.ts';
import { accessFigures, coverageFigures, effectiveTheme, reachList, scaleFor, thematicRequest, thematicSettled } from '../../../map-client/src/thematic.ts';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../../fixtures/map-client/${name}`, import.meta.url), 'utf8')) as T;

describe('thematic requests', () => {
  it('should ask for nothing without a type (the neutral look)', () => {
    expect(thematicRequest(initialState())).toBeNull();
  });

  it('should key coverage on type, scenario and its revision, so any of them refetches', () => {
    const base = { ...initialState(), selectedType: 'health_station' };
    const scenario = { id: '7', name: 's', etag: '"1"', changes: [], revision: 3 };

    expect(thematicRequest(base)).toMatchObject({ theme: 'coverage', type: 'health_station', scenario: null, mode: 'straight' });
    const keys = new Set([
      thematicRequest(base)!.key,
      thematicRequest({ ...base, mode: 'walk' })!.key,
      thematicRequest({ ...base, selectedType: 'book_point' })!.key,
      thematicRequest({ ...base, scenario })!.key,
      thematicRequest({ ...base, scenario: { ...scenario, revision: 4 } })!.key,
    ]);
    expect(keys.size).toBe(5);
  });

  it('should key accessibility on scenario, its revision and the distance mode too (a scenario recolours the 2SFCA layer)', () => {
    const base = { ...initialState(), selectedType: 'health_station', theme: 'access' as const };
    const scenario = { id: '7', name: 's', etag: '"1"', changes: [], revision: 3 };
    expect(thematicRequest({ ...base, scenario })).toMatchObject({ theme: 'access', scenario: '7', mode: 'straight' });
    const keys = new Set([
      thematicRequest(base)!.key,
      thematicRequest({ ...base, mode: 'walk' })!.key,
      thematicRequest({ ...base, scenario })!.key,
      thematicRequest({ ...base, scenario: { ...scenario, revision: 4 } })!.key,
    ]);
    expect(keys.size).toBe(4);
  });

  it('should use accessibility only for types with a capacity profile', () => {
    expect(effectiveTheme('health_station', 'access')).toBe('access');
    expect(effectiveTheme('book_point', 'access')).toBe('coverage');
    expect(effectiveTheme(null, 'access')).toBe('coverage');
    expect(thematicRequest({ ...initialState(), selectedType: 'elderly_daycare', theme: 'access' })).toMatchObject({ theme: 'access', profile: { id: 'elderly' } });
  });

  it('should pool health centres and stations by GPs per 10 000 residents, and elderly care by beds per 100 elderly', () => {
    expect(accessProfileFor('health_center')).toBe(accessProfileFor('health_station'));
    expect(Object.fromEntries(accessQuery(ACCESS_PROFILES[0]!))).toEqual({
      type: 'health_center,health_station', supply: 'gp_count', demand: 'population', method: '2sfca', level: 'community', target: '2', per: '10000',
    });
    expect(accessProfileFor('elderly_home')).toMatchObject({ supply: 'beds', demand: 'elderly', per: 100, target: 1.5 });
  });
});

describe('thematic figures', () => {
  it('should take each community rate from /api/coverage, equal to households covered over households', () => {
    const report = fixture<CoverageReport>('coverage-health_station.json');
    const units = coverageFigures(report);

    expect(units.size).toBe(report.units.length);
    for (const unit of report.units) {
      expect(units.get(unit.code)!.value).toBeCloseTo(unit.households_covered / unit.households, 12);
    }
  });

  it('should give no value to a community without households', () => {
    const report = { units: [{ code: 'C0', name: 'empty', households: 0, households_covered: 0, rate: null }] } as unknown as CoverageReport;

    expect(coverageFigures(report).get('C0')).toMatchObject({ value: null, rate: null });
  });

  it('should read accessibility per 100 elderly exactly as the server computes ratio_per', () => {
    const report = fixture<AccessReport>('accessibility-elderly.json');
    const units = accessFigures(report, 100);

    for (const unit of report.units) {
      expect(units.get(unit.code)!.value).toBeCloseTo(unit.ratio_per!, 9);
      // and the ratio itself is supply reachable over demand
      expect(units.get(unit.code)!.value).toBeCloseTo((unit.supply_reachable / unit.demand) * 100, 9);
    }
  });

  it('should list a single reach as a one-item list', () => {
    expect(reachList(300)).toEqual([300]);
    expect(reachList([1000, 300])).toEqual([1000, 300]);
  });

  it('should draw a ready coverage thematic with the coverage scale, access around its target, nothing otherwise', () => {
    const ready = { status: 'ready', key: 'k', theme: 'coverage', mode: 'straight', types: ['x'], asOf: '2024-01-01', reachM: [300], units: new Map(), total: null } as const;

    expect(scaleFor(ready)).toBe(COVERAGE_SCALE);
    expect(scaleFor({ ...ready, theme: 'access', target: 2 })?.breaks).toEqual([1, 2, 3, 4]);
    expect(scaleFor({ status: 'loading', key: 'k' })).toBeNull();
  });
});

describe('thematicSettled (a type or mode switch waits for its colours)', () => {
  const base = { ...initialState(), selectedType: 'health_station' };
  const key = thematicRequest(base)!.key;
  const ready = { status: 'ready', key, theme: 'coverage', mode: 'straight', types: ['health_station'], asOf: '2026-01-01', reachM: [], units: new Map(), total: null } as const;

  it('should be settled with nothing asked for, and with the answer (or its error) for this very state', () => {
    expect(thematicSettled(initialState())).toBe(true);
    expect(thematicSettled({ ...base, thematic: ready })).toBe(true);
    expect(thematicSettled({ ...base, thematic: { status: 'error', key, code: 'timeout', message: 'x' } })).toBe(true);
  });

  it('should not be settled while loading, before the request, or holding the answer of the type or mode before', () => {
    expect(thematicSettled({ ...base, thematic: { status: 'loading', key } })).toBe(false);
    expect(thematicSettled({ ...base, thematic: { status: 'off' } })).toBe(false);
    expect(thematicSettled({ ...base, selectedType: 'culture_room', thematic: ready })).toBe(false);
    expect(thematicSettled({ ...base, mode: 'walk', thematic: ready })).toBe(false);
  });
});
