import type { FeatureCollection, LineString } from 'geojson';
import { describe, expect, it } from 'vitest';
import { cutAtBarriers } from '../../../../api/src/domain/network/barriers.ts';
import { addCrossingVertices } from '../../../../api/src/domain/network/crossings.ts';
import { nodeNetwork } from '../../../../api/src/domain/network/index.ts';
import { osmWalkingLines } from '../../../../api/src/domain/network/osm-lines.ts';
import { isGate, walkabilityOf } from '../../../../api/src/domain/network/walkability.ts';
import { readOsmFile } from '../../../../api/src/services/osm-file.ts';

const FIXTURES = new URL('../../../fixtures/network/osm/', import.meta.url).pathname;
const line = (coordinates: number[][], properties: Record<string, unknown> = {}) => ({ type: 'Feature' as const, properties, geometry: { type: 'LineString' as const, coordinates } });
const fc = (...features: ReturnType<typeof line>[]): FeatureCollection<LineString, Record<string, unknown>> => ({ type: 'FeatureCollection', features });

describe('walkability from OSM tags', () => {
  it.each([
    [{ highway: 'footway' }, { kind: 'footway', walkable: true }],
    [{ highway: 'residential', oneway: 'yes' }, { kind: 'residential', walkable: true }],
    [{ highway: 'service', access: 'private' }, { kind: 'service', walkable: true }],
    [{ highway: 'motorway' }, { kind: 'motorway', walkable: false }],
    [{ highway: 'motorway_link', foot: 'yes' }, { kind: 'motorway_link', walkable: false }],
    [{ highway: 'primary', foot: 'use_sidepath' }, { kind: 'primary', walkable: false }],
    [{ highway: 'track', access: 'no' }, { kind: 'track', walkable: false }],
    [{ highway: 'track', access: 'no', foot: 'yes' }, { kind: 'track', walkable: true }],
    [{ highway: 'construction' }, { kind: 'construction', walkable: false }],
    [{ highway: 'bus_stop' }, null],
    [{ building: 'yes' }, null],
  ])('should read %j as %j', (tags, want) => {
    expect(walkabilityOf(tags)).toEqual(want);
  });

  it('should let walkers through gates and entrances, but not closed ones', () => {
    expect(isGate({ barrier: 'gate' })).toBe(true);
    expect(isGate({ entrance: 'main' })).toBe(true);
    expect(isGate({ barrier: 'gate', access: 'no' })).toBe(false);
    expect(isGate({ barrier: 'entrance', foot: 'no' })).toBe(false);
    expect(isGate({ barrier: 'bollard' })).toBe(false);
  });
});

describe('reading OSM with osm-read', () => {
  it('should read the same way from XML and from PBF, and make it one walkable line with its nodes as vertices', async () => {
    for (const file of ['london-service-way.osm', 'london-service-way.pbf']) {
      const osm = await readOsmFile(`${FIXTURES}${file}`);
      expect(osm.nodes.size).toBe(6);
      const { lines, kinds } = osmWalkingLines(osm);
      expect(kinds).toEqual({ service: { walkable: 1, notWalkable: 0 } });
      expect(lines.features).toHaveLength(1);
      const f = lines.features[0]!;
      expect(f.properties).toMatchObject({ kind: 'service', walkable: true, osm_id: 'way/27776903' });
      expect(f.geometry.coordinates).toHaveLength(5);
      expect(f.geometry.coordinates[0]![0]).toBeCloseTo(-0.1083348, 7);
    }
  });

  it('should refuse a file that is not OSM with a message naming the file', async () => {
    await expect(readOsmFile(`${FIXTURES}SOURCE.md`, 'pbf')).rejects.toThrow(/SOURCE\.md/);
  });
});

describe('walls and gates', () => {
  // A square compound 0.002° wide; a street crossing its west wall and another its east wall.
  const wall = [[0, 0], [0.002, 0], [0.002, 0.002], [0, 0.002], [0, 0]];
  const streets = fc(line([[-0.001, 0.001], [0.001, 0.001]], { name: 'west' }), line([[0.001, 0.001], [0.003, 0.001]], { name: 'east' }));

  it('should cut a street where it crosses a wall, leaving a gap, so the two sides do not meet', () => {
    const { lines, cuts, throughGates } = cutAtBarriers(streets, [wall], []);
    expect({ cuts, throughGates }).toEqual({ cuts: 2, throughGates: 0 });
    expect(lines.features).toHaveLength(4);
    expect(nodeNetwork(lines).components).toHaveLength(3); // outside west, inside, outside east
  });

  it('should let a street through where a gate lies on the wall', () => {
    const { lines, cuts, throughGates } = cutAtBarriers(streets, [wall], [[0, 0.00101]]);
    expect({ cuts, throughGates }).toEqual({ cuts: 1, throughGates: 1 });
    expect(nodeNetwork(lines).components).toHaveLength(2); // west side joined to the inside
  });

  it('should not cut at a wall that only ends on the street, nor touch lines that are not walkable', () => {
    const spur = [[0.0005, 0.001], [0.0005, 0.003]]; // an open wall starting on the west street
    const { cuts } = cutAtBarriers(fc(line([[-0.001, 0.001], [0.001, 0.001]])), [spur], []);
    expect(cuts).toBe(0);
    const rail = fc(line([[-0.001, 0.001], [0.003, 0.001]], { walkable: false }));
    expect(cutAtBarriers(rail, [wall], []).lines).toEqual(rail);
  });
});

describe('noding GIS lines that cross without a shared vertex', () => {
  it('should add a vertex to both lines where they cross, so they meet', () => {
    const plus = fc(line([[-0.001, 0], [0.001, 0]]), line([[0, -0.001], [0, 0.001]]));
    expect(nodeNetwork(plus).edgeCount).toBe(2);
    const { lines, crossings } = addCrossingVertices(plus);
    expect(crossings).toBe(1);
    const noded = nodeNetwork(lines);
    expect({ edges: noded.edgeCount, nodes: noded.nodeCount, components: noded.components.length }).toEqual({ edges: 4, nodes: 5, components: 1 });
  });

  it('should leave a bridge over a street, or lines on different layers, crossing', () => {
    expect(addCrossingVertices(fc(line([[-0.001, 0], [0.001, 0]], { bridge: 'yes' }), line([[0, -0.001], [0, 0.001]]))).crossings).toBe(0);
    expect(addCrossingVertices(fc(line([[-0.001, 0], [0.001, 0]], { layer: 1 }), line([[0, -0.001], [0, 0.001]]))).crossings).toBe(0);
  });

  it('should join a street end drawn 30 cm short of another street (a T-junction)', () => {
    const tee = fc(line([[-0.001, 0], [0.001, 0]]), line([[0, 0.0000027], [0, 0.001]])); // 0.30 m north of the first
    const { lines, junctions } = addCrossingVertices(tee);
    expect(junctions).toBe(1);
    expect(nodeNetwork(lines).components).toHaveLength(1);
    expect(addCrossingVertices(tee, { snapToleranceM: 0.1 }).junctions).toBe(0);
  });
});
