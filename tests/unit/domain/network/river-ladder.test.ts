import { describe, expect, it } from 'vitest';
import { createWalkingEngine, nodeNetwork, prepareWalkingNetwork } from '../../../../api/src/domain/network/index.ts';
import { H, V, loadNetworkFixture } from './fixture.ts';

const fixture = loadNetworkFixture('river-ladder');
const rule = [{ type: 'health_station', reachMeters: 400 }];

describe('walking distances on the hand-built river ladder', () => {
  it('should node the walkable lines only, at shared vertices, into the expected graph', () => {
    const network = nodeNetwork(fixture.lines);
    expect({ nodes: network.nodeCount, edges: network.edgeCount, components: network.components.length }).toEqual({
      nodes: fixture.expected.nodes, edges: fixture.expected.edges, components: fixture.expected.components,
    });
    expect(network.skippedLines).toEqual({ notWalkable: 1, degenerate: 0 });
    // The south street is cut at the bridge: 4 units then 1 unit, each with the length of its units.
    const lengths = [...network.edgeLengthM].sort((a, b) => a - b);
    expect(lengths[lengths.length - 1]).toBeCloseTo(4 * H, 6); // x = 0 to 4 on either street
    expect(network.components[0]!.lengthM).toBeCloseTo(10 * H + 2 * V, 5);
  });

  it('should give every building the hand-computed walk to its nearest facility, snap legs included', () => {
    const engine = createWalkingEngine(fixture.input, prepareWalkingNetwork(fixture.lines), { maxSnapM: fixture.expected.maxSnapM });
    const { distanceM, facility } = engine.buildingDistances(rule, { asOf: '2026-01-01' });
    fixture.input.buildings.forEach((b, i) => {
      const want = fixture.expected.distances[b.code];
      if (want === null) {
        expect(distanceM[i], b.code).toBe(Infinity);
        expect(facility[i]).toBeNull();
      } else {
        expect(distanceM[i]! - (want!.h * H + want!.v * V), b.code).toBeCloseTo(0, 3);
        expect(facility[i], b.code).toBe(want!.facility);
      }
    });
    expect(engine.unreachableBuildings).toEqual(['B4']);
  });

  it('should cover exactly the buildings within the reach, and report the one beyond the snap limit', () => {
    const engine = createWalkingEngine(fixture.input, prepareWalkingNetwork(fixture.lines), { maxSnapM: fixture.expected.maxSnapM });
    const result = engine.compute(rule, { asOf: '2026-01-01', buildingFlags: true });
    const covered = fixture.input.buildings.filter((_, i) => result.buildingCovered![i] === 1).map((b) => b.code);
    expect(covered).toEqual(fixture.expected.covered_within_400_m);
    expect(result.walk).toEqual({ maxSnapM: 300, unreachableBuildings: 1, unreachableHouseholds: 10, unsnappedFacilities: [] });
    expect(result.totals.households_covered).toBe(20);
  });

  it('should snap B3 to the main network, not to the isolated footway next to it, unless told to', () => {
    const main = prepareWalkingNetwork(fixture.lines).snap(0.001, 0.00105, 300)!;
    expect(main.snapM).toBeCloseTo(0.95 * V, 4);
    const any = prepareWalkingNetwork(fixture.lines, { snapTo: 'all' }).snap(0.001, 0.00105, 300)!;
    expect(any.snapM).toBeCloseTo(0.05 * V, 4);
  });

  it('should put the projection point on the segment and split the edge there', () => {
    const walking = prepareWalkingNetwork(fixture.lines);
    const s = walking.snap(0.0035, -0.00005, 300)!; // B2, on the south street (0,0)–(4,0)
    expect([s.lon, s.lat]).toEqual([0.0035, 0]);
    expect(s.fromSourceM + s.toTargetM).toBeCloseTo(4 * H, 6);
    expect(Math.min(s.fromSourceM, s.toTargetM)).toBeCloseTo(0.5 * H, 6);
    expect(walking.snap(0.0025, 0.005, 300)).toBeNull(); // B4: 3 V ≈ 332 m away
  });

  it('should not change its inputs', () => {
    const before = JSON.stringify(fixture);
    const engine = createWalkingEngine(fixture.input, prepareWalkingNetwork(fixture.lines));
    engine.compute(rule, { asOf: '2026-01-01' });
    engine.session(rule, { asOf: '2026-01-01' }).addFacility({ code: 'X', type: 'health_station', lon: 0.002, lat: 0.001 });
    expect(JSON.stringify(fixture)).toBe(before);
  });
});
