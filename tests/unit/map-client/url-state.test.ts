import { describe, expect, it } from 'vitest';
import { formatUrlState, parseUrlState } from '../../../map-client/src/url-state.ts';

describe('the map state in the URL', () => {
  it('When a link names type, mode, theme, scenario and view, then each is read back', () => {
    expect(parseUrlState('?type=health_station&mode=walk&theme=access&scenario=3&view=118.05,36.8,13.5&lang=en'))
      .toEqual({ type: 'health_station', mode: 'walk', theme: 'access', scenario: '3', view: { lon: 118.05, lat: 36.8, zoom: 13.5 } });
  });

  it('When members are malformed, then they are left out, never thrown', () => {
    expect(parseUrlState('?type=a%20b&mode=fly&theme=x&scenario=0&view=1,2')).toEqual({});
    expect(parseUrlState('?view=200,0,3')).toEqual({});
  });

  it('When the state is written, then defaults are left out, other parameters kept, and the result reads back to the same state', () => {
    const search = formatUrlState('?lang=en&type=old', { selectedType: 'school', mode: 'walk', theme: 'coverage', scenario: { id: '7', name: 'x', etag: null, changes: [], revision: 1 } }, { lon: 118.123456, lat: 36.7, zoom: 12.345 });
    expect(search).toBe('?lang=en&type=school&mode=walk&scenario=7&view=118.12346,36.70000,12.35');
    expect(parseUrlState(search)).toEqual({ type: 'school', mode: 'walk', scenario: '7', view: { lon: 118.12346, lat: 36.7, zoom: 12.35 } });
    expect(formatUrlState('', { selectedType: null, mode: 'straight', theme: 'coverage', scenario: null }, null)).toBe('');
  });
});
