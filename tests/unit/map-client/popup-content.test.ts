import { describe, expect, it } from 'vitest';
import { communityPopupContent, facilityPopupContent } from '../../../map-client/src/popups/popup-content.ts';
import { loadCatalogue } from './catalogue.ts';

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
