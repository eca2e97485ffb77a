import { describe, expect, it } from 'vitest';
import type { District } from '../../../seeds/demo-city/administration.ts';
import { districtClasses } from '../../../seeds/demo-city/province-classes.ts';

// A hand-built city around [116, 36]: five urban districts at 1, 2, 3, 4 and 5 km east (one community
// each, a square ring centred there), a county 8 km north, and an urban district with no community.
const KM_LON = 1 / (111.32 * Math.cos((36 * Math.PI) / 180));
const KM_LAT = 1 / 110.57;
const square = (x: number, y: number) => [[x - 0.001, y - 0.001], [x + 0.001, y - 0.001], [x + 0.001, y + 0.001], [x - 0.001, y + 0.001]];
const district = (code: string, kind: District['kind'] = 'district'): District => ({ code, name: code, kind, properties: {} });

describe('province district classes', () => {
  const districts = [district('D01'), district('D02'), district('D03'), district('D04'), district('D05'), district('D06', 'county'), district('D07')];
  // Street codes name their district; D03 lies nearest, then D05, D01, D04, D02 (distance order ≠ code order).
  const at = { D03: 1, D05: 2, D01: 3, D04: 4, D02: 5 } as const;
  const streets = new Map([...Object.keys(at), 'D06'].map((d) => [`${d}S01`, d]));
  const communities = [
    ...Object.entries(at).map(([d, km]) => ({ street_code: `${d}S01`, ring: square(116 + km * KM_LON, 36) })),
    { street_code: 'D06S01', ring: square(116, 36 + 8 * KM_LAT) },
  ];

  it('makes the urban districts nearest the centre 城区 (a quarter, rounded), the other urban ones 近郊区, counties 远郊区县', () => {
    const classes = districtClasses(districts, streets, communities, [116, 36]);
    // Six urban districts: round(6 × 0.25) = 2 core ones, the two nearest (1 km and 2 km).
    expect(Object.fromEntries(classes)).toEqual({
      D03: '城区', D05: '城区', D01: '近郊区', D04: '近郊区', D02: '近郊区', D07: '近郊区', D06: '远郊区县',
    });
  });

  it('gives a city with one urban district that district as its core, whatever the order', () => {
    const classes = districtClasses([district('D02', 'county'), district('D01')], new Map([['S1', 'D01'], ['S2', 'D02']]), [
      { street_code: 'S1', ring: square(116.2, 36) },
      { street_code: 'S2', ring: square(116, 36) },
    ], [116, 36]);
    expect(classes.get('D01')).toBe('城区');
    expect(classes.get('D02')).toBe('远郊区县');
  });
});
