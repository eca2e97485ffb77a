import { describe, expect, it } from 'vitest';
import { gapDistanceSummary, weightedQuantile } from '../../../api/src/domain/coverage/index.ts';

describe('weightedQuantile', () => {
  it('should return the smallest value carrying at least q of the weight', () => {
    expect(weightedQuantile([100, 400, 900], [1, 1, 2], 0.5)).toBe(400);
    expect(weightedQuantile([100, 400, 900], [1, 1, 2], 0.51)).toBe(900);
    expect(weightedQuantile([900, 100, 400], [2, 1, 1], 0.25)).toBe(100);
  });

  it('should ignore zero weights and return null without weight', () => {
    expect(weightedQuantile([5, 50], [0, 3], 0.1)).toBe(50);
    expect(weightedQuantile([], [], 0.5)).toBeNull();
  });
});

describe('gapDistanceSummary', () => {
  it('should give the household-weighted median and 90th percentile', () => {
    const point = (distanceMeters: number | null, households: number) => ({ kind: 'building' as const, code: 'B', lon: 0, lat: 0, households, distanceMeters, facilityCode: null });
    const summary = gapDistanceSummary([point(350, 10), point(500, 30), point(1200, 60)]);
    expect(summary).toEqual({ households: 100, medianMeters: 1200, p90Meters: 1200 });
    expect(gapDistanceSummary([point(350, 60), point(500, 30), point(1200, 10)])).toEqual({ households: 100, medianMeters: 350, p90Meters: 500 });
  });

  it('should give null when the quantile falls on points with no facility at all', () => {
    const none = { kind: 'grid' as const, code: null, lon: 0, lat: 0, households: 5, distanceMeters: null, facilityCode: null };
    expect(gapDistanceSummary([none])).toEqual({ households: 5, medianMeters: null, p90Meters: null });
  });
});
