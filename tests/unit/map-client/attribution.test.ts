import { describe, expect, it } from 'vitest';
import { DATASET_ATTRIBUTIONS, attributionFor, datasetsFor } from '../../../map-client/src/map/attribution.ts';

describe('data credits', () => {
  it('should credit OpenStreetMap when the landing page names it, and the synthetic demo otherwise', () => {
    expect(datasetsFor({ attribution: '© OpenStreetMap contributors, ODbL 1.0' })).toEqual(['osm']);
    expect(datasetsFor({ attribution: null })).toEqual(['demo']);
    expect(datasetsFor(null)).toEqual(['demo']);
    expect(attributionFor(datasetsFor({ attribution: 'Data © OpenStreetMap contributors' }))).toBe(DATASET_ATTRIBUTIONS.osm);
  });

  it('should never render the server text itself (it only selects a constant)', () => {
    const hostile = '<img src=x onerror=alert(1)> OpenStreetMap';
    expect(attributionFor(datasetsFor({ attribution: hostile }))).not.toContain('<img');
  });
});
