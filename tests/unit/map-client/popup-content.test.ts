import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { CoverageReport, GapCollection } from '../../../map-client/src/api/endpoints.ts';
import { summarizeGaps } from '../../../map-client/src/popups/gap-summary.ts';
import { communityPopupContent, facilityPopupContent } from '../../../map-client/src/popups/popup-content.ts';
import type { Thematic } from '../../../map-client/src/state.ts';
import { coverageFigures } from '../../../map-client/src/thematic.ts';
import { loadCatalogue } from './catalogue.ts';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../../fixtures/map-client/${name}`, import.meta.url), 'utf8')) as T;

const community = { code: 'C001', name: '柳泉社区', street_code: 'S01', households: 1921, population: 5494, elderly: 1250 };

describe('communityPopupContent', () => {
  it('should list code, households, population and elderly formatted for Chinese', () => {
    expect(communityPopupContent(community, 'zh-CN')).toEqual({
      kicker: '社区',
      title: '柳泉社区',
      rows: [
        { label: '编码', value: 'C001' },
        { label: '户数', value: '1,921' },
        { label: '人口', value: '5,494' },
        { label: '老年人口', value: '1,250' },
      ],
    });
  });

  it('should label rows in English and accept numeric strings', () => {
    const content = communityPopupContent({ ...community, households: '12000' }, 'en');

    expect(content.rows[1]).toEqual({ label: 'Households', value: '12,000' });
  });

  it('should skip values that are missing or not numbers', () => {
    const content = communityPopupContent({ name: '新村社区', households: null, population: 'n/a' }, 'en');

    expect(content.rows).toEqual([]);
    expect(content.title).toBe('新村社区');
  });
});

describe('facilityPopupContent', () => {
  const types = loadCatalogue();

  it('should show type name, status, date and the sizes that are present', () => {
    const content = facilityPopupContent(
      {
        code: 'F001', name: '金晶卫生站', type: 'health_station', status: 'open', opened_on: '2015-03-01',
        closed_on: null, floor_area_m2: 180.5, site_area_m2: null, beds: null, gp_count: 3, grade: null, service_items: null,
      },
      'en',
      types,
      '#FF9DA7',
    );

    expect(content).toEqual({
      kicker: 'Facility',
      title: '金晶卫生站',
      color: '#FF9DA7',
      rows: [
        { label: 'Type', value: 'Community health station' },
        { label: 'Status', value: 'Open' },
        { label: 'Opened', value: 'Mar 1, 2015' },
        { label: 'Floor area', value: '180.5 m²' },
        { label: 'General practitioners', value: '3' },
      ],
    });
  });

  it('should show beds and a planned status in Chinese', () => {
    const content = facilityPopupContent({ name: '养老院', type: 'elderly_home', status: 'planned', beds: 120 }, 'zh-CN', types);

    expect(content.rows).toEqual([
      { label: '类型', value: '养老院' },
      { label: '状态', value: '规划中' },
      { label: '床位', value: '120' },
    ]);
  });
});

describe('community popup with coverage figures', () => {
  const report = fixture<CoverageReport>('coverage-health_station.json');
  const thematic: Thematic = {
    status: 'ready', key: 'k', theme: 'coverage', mode: 'straight', types: ['health_station'], asOf: report.as_of, reachM: [300], units: coverageFigures(report), total: report.totals.rate,
  };
  const unit = report.units.find((candidate) => candidate.code === 'D01S01C02')!;
  const props = { code: unit.code, name: unit.name, households: unit.households };

  it('should show covered households of all, the rate, and the gap distances of the uncovered', () => {
    const gaps = summarizeGaps(fixture<GapCollection>('gaps-D01S01.json'), unit.code);
    const content = communityPopupContent(props, 'en', { thematic, types: loadCatalogue(), gaps, links: [{ label: 'Record (JSON)', href: 'http://x/api/collections/communities/items/D01S01C02' }] });
    const rows = Object.fromEntries(content.rows.filter((row) => row.key).map((row) => [row.key, row.value]));

    expect(content.rows.find((row) => row.key === 'covered')?.label).toBe('Households within 300 m of a Community health station');
    expect(rows).toEqual({ covered: '1,146 / 1,462', rate: '78.4%', uncovered: '316', nearest: '317 m', 'nearest-p90': '413 m' });
    expect(content.links).toHaveLength(1);
  });

  it('should say the nearest facility is within reach when every household is covered', () => {
    const full = report.units.find((candidate) => candidate.households_covered === candidate.households)!;
    const content = communityPopupContent({ code: full.code, name: full.name }, 'zh-CN', { thematic, gaps: null });

    expect(content.rows.find((row) => row.key === 'nearest')?.value).toBe('≤ 300米');
    expect(content.rows.find((row) => row.key === 'rate')?.value).toBe('100%');
  });

  it('should note that gaps are loading, and say no data for a community missing from the answer', () => {
    const content = communityPopupContent({ code: 'ZZZ', name: '新社区' }, 'en', { thematic, gaps: 'loading' });

    expect(content.note).toBe('Loading gaps…');
    expect(content.rows.find((row) => row.key === 'rate')?.value).toBe('No data');
  });
});

describe('summarizeGaps', () => {
  const gaps = fixture<GapCollection>('gaps-D01S01.json');

  it('should count as uncovered exactly the households of the uncovered buildings', () => {
    for (const code of ['D01S01C02', 'D01S01C03']) {
      const buildings = gaps.features.filter((f) => f.properties.kind === 'uncovered_building' && f.properties.community_code === code);
      expect(summarizeGaps(gaps, code).householdsUncovered).toBe(buildings.reduce((sum, f) => sum + (f.properties.households ?? 0), 0));
      expect(summarizeGaps(gaps, code).nearestM).toBe(Math.min(...buildings.map((f) => f.properties.nearest_distance_m!)));
    }
  });

  it('should report nothing uncovered for a community not in the answer', () => {
    expect(summarizeGaps(gaps, 'D09S09C09')).toEqual({ householdsUncovered: 0, nearestM: null, medianM: null, p90M: null });
  });

  it('should fall back to the buildings when the public answer has no area feature', () => {
    const onlyBuildings = { ...gaps, features: gaps.features.filter((f) => f.properties.kind === 'uncovered_building') };

    expect(summarizeGaps(onlyBuildings, 'D01S01C02').householdsUncovered).toBe(316);
  });
});
