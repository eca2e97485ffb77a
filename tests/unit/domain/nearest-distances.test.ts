import { describe, expect, it } from 'vitest';
import { createCoverageEngine, gapDistanceSummary } from '../../../api/src/domain/coverage/index.ts';
import type { CoverageRule } from '../../../api/src/domain/coverage/model.ts';
import { geodesicDistanceMeters } from '../../../api/src/domain/geo/geodesic-distance.ts';
import { countedFacilities, coveredByBruteForce } from './brute-force.ts';
import { loadCoverageFixture } from './coverage-fixture.ts';
import { randomCase } from './random-input.ts';

const IN = new URL('../../fixtures/coverage/in/', import.meta.url);

describe.each([
  { name: 'Zibo', seed: 41, center: [118.05, 36.8] as [number, number] },
  { name: 'the antimeridian', seed: 42, center: [180, 65.5] as [number, number] },
])('engine.nearestDistances at $name', ({ seed, center }) => {
  const c = randomCase(seed, center, { buildings: 800, facilities: 40 });
  const engine = createCoverageEngine(c.input);
  const rule: CoverageRule = [{ type: 'a', reachMeters: c.reachA }];

  it('should list exactly the uncovered points of a community with the brute-force nearest distance', () => {
    const options = { asOf: c.asOf };
    const sites = countedFacilities(c.input, rule, options);
    let listed = 0;
    for (const community of c.input.communities) {
      const gaps = engine.nearestDistances(rule, options, community.code);
      const uncovered = c.input.buildings.filter((b) => b.community_code === community.code && !coveredByBruteForce(b.lon, b.lat, sites, rule));
      if (gaps.fallback) continue;
      expect(gaps.points.map((p) => p.code)).toEqual(uncovered.map((b) => b.code));
      for (const p of gaps.points) {
        const distances = sites.map((f) => geodesicDistanceMeters([p.lon, p.lat], [f.lon, f.lat]));
        const best = Math.min(...distances);
        expect(p.distanceMeters).toBe(best);
        expect(p.distanceMeters!).toBeGreaterThan(c.reachA);
        expect(sites[distances.indexOf(best)]!.code).toBe(p.facilityCode);
      }
      listed += gaps.points.length;
    }
    expect(listed).toBeGreaterThan(20);
  });

  it('should give grid points for a fallback community', () => {
    const gaps = engine.nearestDistances(rule, { asOf: c.asOf }, 'C30');
    expect(gaps.fallback).toBe(true);
    for (const p of gaps.points) expect(p).toMatchObject({ kind: 'grid', code: null });
  });

  it('should give null distances when no facility counts', () => {
    const gaps = engine.nearestDistances([{ type: 'none', reachMeters: 300 }], { asOf: c.asOf }, 'C00');
    expect(gaps.points.length).toBeGreaterThan(0);
    expect(gaps.points.every((p) => p.distanceMeters === null && p.facilityCode === null)).toBe(true);
  });

  it('should reject an unknown community', () => {
    expect(() => engine.nearestDistances(rule, { asOf: c.asOf }, 'nope')).toThrow(/no community has code "nope"/);
  });
});

describe('engine.nearestDistances on the antimeridian fixture', () => {
  it('should measure the uncovered buildings to the facility across 180°', () => {
    const fixture = loadCoverageFixture(new URL('antimeridian.geojson', IN).pathname);
    const gaps = createCoverageEngine(fixture.input).nearestDistances(fixture.rule, { asOf: fixture.asOf }, 'X');
    expect(gaps.points.map((p) => p.code)).toEqual(['X2', 'X3']);
    expect(gaps.points[0]!.distanceMeters).toBeCloseTo(638.915, 3);
    expect(gaps.points[1]!.distanceMeters).toBeCloseTo(425.943, 3);
    expect(gapDistanceSummary(gaps.points)).toEqual({ households: 75, medianMeters: gaps.points[0]!.distanceMeters, p90Meters: gaps.points[0]!.distanceMeters });
  });
});
