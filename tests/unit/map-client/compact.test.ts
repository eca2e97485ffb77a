import { describe, expect, it } from 'vitest';
import { compactCoveragePath, fromCompact } from '../../../map-client/src/api/compact.ts';

describe('the compact coverage answer (map client)', () => {
  it('When the map asks for a type under a scenario in walk mode, then the path names format=compact with each of them', () => {
    expect(compactCoveragePath({ type: 'health_station', scenario: '3', mode: 'walk', asOf: '2026-01-01' }))
      .toBe('coverage?type=health_station&level=community&format=compact&as_of=2026-01-01&mode=walk&scenario=3');
  });

  it('When units come as code → [covered, households], then they read back as report units with the server\'s rate (0 for no households)', () => {
    const report = fromCompact({ as_of: '2026-01-01', totals: { households: 10, households_covered: 3, rate: 0.3 }, units: { C1: [3, 7], C2: [0, 0], C3: [1, 3] } }, 'p');
    expect(report.units).toEqual([
      { code: 'C1', name: 'C1', households: 7, households_covered: 3, rate: 3 / 7 },
      { code: 'C2', name: 'C2', households: 0, households_covered: 0, rate: 0 },
      { code: 'C3', name: 'C3', households: 3, households_covered: 1, rate: 1 / 3 },
    ]);
    expect(report.totals.rate).toBe(0.3);
  });

  it('When the answer is not compact, then it is refused as an invalid response', () => {
    expect(() => fromCompact({ units: [] , totals: {} }, 'coverage?x')).toThrow(/no compact units/);
  });
});
